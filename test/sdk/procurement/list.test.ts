import { expect } from "chai";
import {
  type AuctionOrder,
  AuctionsClient,
  InputErrorCode,
  listOrders,
  type ListSource,
  parseOrderState,
} from "../../../src/index.js";
import { expectInputError, rejection, thrown } from "../helpers.js";
import { ethers, loadFixture } from "../provenance/fixture.js";
import { postedFixture } from "./fixture.js";

/** Three orders of the customer on the standard terms: 1 and 3 open for bids, 2 cancelled. */
async function listsFixture() {
  const base = await postedFixture();
  await base.asCustomer.postOrder(base.order);
  await base.asCustomer.postOrder(base.order);
  await base.asCustomer.cancel(2n);
  const source: ListSource = { address: base.auctionAddress, runner: ethers.provider };
  return { ...base, source };
}

const summary = (order: AuctionOrder) => `${order.id}:${order.phase}`;

describe("SDK order list", function () {
  it("pages through the orders in the order of their ids", async function () {
    const f = await loadFixture(listsFixture);
    const first = await listOrders(f.source, { fromBlock: 0, limit: 2 });
    expect(first.items.map(summary)).to.deep.equal(["1:bidding", "2:cancelled"]);
    expect(first.items[0]).to.deep.equal(await f.auctions.getOrder(1n));
    expect(first.next).to.equal(2n);
    const second = await listOrders(f.source, { fromBlock: 0, limit: 2, after: first.next });
    expect(second.items.map(summary)).to.deep.equal(["3:bidding"]);
    expect(second.next).to.equal(undefined);
    const client = new AuctionsClient(f.auctionAddress, ethers.provider);
    expect(await listOrders(client, { fromBlock: 0, limit: 2, after: "2" })).to.deep.equal(second);
  });

  it("keeps the orders in a state", async function () {
    const f = await loadFixture(listsFixture);
    const bidding = await listOrders(f.source, { fromBlock: 0, state: "bidding", limit: 1 });
    expect(bidding.items.map(summary)).to.deep.equal(["1:bidding"]);
    expect(bidding.next).to.equal(1n);
    const rest = await listOrders(f.source, {
      fromBlock: 0,
      state: "bidding",
      limit: 1,
      after: bidding.next,
    });
    expect(rest.items.map(summary)).to.deep.equal(["3:bidding"]);
    expect(rest.next).to.equal(undefined);
    const cancelled = await listOrders(f.source, { fromBlock: 0, state: "Cancelled" });
    expect(cancelled.items.map(summary)).to.deep.equal(["2:cancelled"]);
    expect(await listOrders(f.source, { fromBlock: 0, state: "awarded" })).to.deep.equal({
      items: [],
      next: undefined,
    });
  });

  it("refuses an unknown state with the list of states, a bad cursor and a bad limit", async function () {
    const f = await loadFixture(listsFixture);
    const state = expectInputError(
      await rejection(() => listOrders(f.source, { fromBlock: 0, state: "open" })),
      InputErrorCode.InvalidKind,
    );
    expect(state.field).to.equal("state");
    expect(state.shortMessage).to.equal(
      '"open" is not an order state; the states are bidding, revealing, settling, awarded, ' +
        "closed, cancelled.",
    );
    expectInputError(
      thrown(() => parseOrderState("none")),
      InputErrorCode.InvalidKind,
    );
    const after = await rejection(() => listOrders(f.source, { fromBlock: 0, after: "x" }));
    expect(expectInputError(after, InputErrorCode.InvalidId).field).to.equal("after");
    for (const limit of [0, 1001]) {
      const error = expectInputError(
        await rejection(() => listOrders(f.source, { fromBlock: 0, limit })),
        InputErrorCode.InvalidAmount,
      );
      expect(error.field).to.equal("limit");
    }
  });
});
