import { expect } from "chai";
import {
  type Invoice,
  InputErrorCode,
  InvoicesClient,
  listInvoices,
  type ListSource,
  parseInvoiceState,
} from "../../../src/index.js";
import { expectInputError, rejection, thrown } from "../helpers.js";
import { ethers, loadFixture } from "../provenance/fixture.js";
import { proposedFixture } from "./fixture.js";

/**
 * Four invoices of the supplier to the payer on the standard terms: 1 stays proposed, 2 is funded,
 * 3 is cancelled, and 4 (with no arbiter) stays proposed.
 */
async function listsFixture() {
  const base = await proposedFixture();
  await base.asSupplier.proposeInvoice(base.terms);
  await base.asSupplier.proposeInvoice(base.terms);
  await base.asSupplier.proposeInvoice({ ...base.terms, arbiter: undefined });
  await base.asPayer.fund(2n);
  await base.asSupplier.cancel(3n);
  const source: ListSource = { address: base.escrowAddress, runner: ethers.provider };
  return { ...base, source };
}

const summary = (invoice: Invoice) => `${invoice.id}:${invoice.state}`;

describe("SDK invoice list", function () {
  it("pages through the invoices in the order of their ids", async function () {
    const f = await loadFixture(listsFixture);
    const first = await listInvoices(f.source, { fromBlock: 0, limit: 3 });
    expect(first.items.map(summary)).to.deep.equal(["1:proposed", "2:funded", "3:cancelled"]);
    expect(first.items[1]).to.deep.equal(await f.invoices.getInvoice(2n));
    expect(first.next).to.equal(3n);
    const second = await listInvoices(f.source, { fromBlock: 0, limit: 3, after: first.next });
    expect(second.items.map(summary)).to.deep.equal(["4:proposed"]);
    expect(second.next).to.equal(undefined);
    // A client as the source: the same page.
    const client = new InvoicesClient(f.escrowAddress, ethers.provider);
    const again = await listInvoices(client, { fromBlock: 0, limit: 3, after: 3 });
    expect(again).to.deep.equal(second);
  });

  it("keeps the invoices of a party and in a state", async function () {
    const f = await loadFixture(listsFixture);
    const ids = async (params: Parameters<typeof listInvoices>[1]) =>
      (await listInvoices(f.source, params)).items.map(summary);
    expect(await ids({ fromBlock: 0, party: f.payer.address })).to.deep.equal([
      "1:proposed",
      "2:funded",
      "3:cancelled",
      "4:proposed",
    ]);
    expect(await ids({ fromBlock: 0, party: f.arbiter.address })).to.deep.equal([
      "1:proposed",
      "2:funded",
      "3:cancelled",
    ]);
    expect(await ids({ fromBlock: 0, state: "PROPOSED" })).to.deep.equal([
      "1:proposed",
      "4:proposed",
    ]);
    expect(await ids({ fromBlock: 0, party: f.arbiter.address, state: "proposed" })).to.deep.equal([
      "1:proposed",
    ]);
    expect(await ids({ fromBlock: 0, party: f.stranger.address })).to.deep.equal([]);
    const page = await listInvoices(f.source, { fromBlock: 0, state: "proposed", limit: 1 });
    expect(page.items.map(summary)).to.deep.equal(["1:proposed"]);
    expect(page.next).to.equal(1n);
    const next = await listInvoices(f.source, {
      fromBlock: 0,
      state: "proposed",
      limit: 1,
      after: page.next,
    });
    expect(next.items.map(summary)).to.deep.equal(["4:proposed"]);
    expect(next.next).to.equal(undefined);
  });

  it("refuses an unknown state with the list of states, a bad party, a bad cursor and a bad limit", async function () {
    const f = await loadFixture(listsFixture);
    const state = expectInputError(
      await rejection(() => listInvoices(f.source, { fromBlock: 0, state: "paid" })),
      InputErrorCode.InvalidKind,
    );
    expect(state.field).to.equal("state");
    expect(state.shortMessage).to.equal(
      '"paid" is not an invoice state; the states are proposed, funded, settled, cancelled.',
    );
    expectInputError(
      thrown(() => parseInvoiceState("none")),
      InputErrorCode.InvalidKind,
    );
    const party = expectInputError(
      await rejection(() => listInvoices(f.source, { fromBlock: 0, party: "payer" })),
      InputErrorCode.InvalidAddress,
      '"payer" is not an Ethereum address',
    );
    expect(party.field).to.equal("party");
    const after = await rejection(() => listInvoices(f.source, { fromBlock: 0, after: "0" }));
    expect(expectInputError(after, InputErrorCode.InvalidId).field).to.equal("after");
    for (const limit of [0, 1001]) {
      const error = expectInputError(
        await rejection(() => listInvoices(f.source, { fromBlock: 0, limit })),
        InputErrorCode.InvalidAmount,
      );
      expect(error.field).to.equal("limit");
    }
  });
});
