import { expect } from "chai";
import { dataSlice, getBytes, hexlify, id, keccak256, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import { DAY, USD } from "../invoicing/fixture.js";
import { deployWiredAuctionFixture } from "./fixture.js";

const { networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

/** Where the order starts in `commit(uint256, Order, bytes32)` calldata: selector, id. */
const ORDER = 4 + 32;
/** An order is fifteen static words: the customer and fourteen of terms. */
const ORDER_SIZE = 15 * 32;

/**
 * The auction hashes an order passed back from its calldata bytes (every field is static): the
 * canonical bytes hash to the stored hash, and anything else is refused with the hash of the
 * bytes it was given.
 */
describe("ProcurementAuction: the order passed back, as calldata", function () {
  async function posted() {
    const f = await loadFixture(deployWiredAuctionFixture);
    const { auction, auctionAddress } = f;
    const start = BigInt(await networkHelpers.time.latest());
    const terms = {
      specHash: id("spec:any"),
      quantity: 2,
      requiredScheme: ZeroHash,
      maxUnitPrice: USD(100n),
      token: await f.stable.getAddress(),
      biddingEnds: start + BigInt(DAY),
      revealEnds: start + BigInt(2 * DAY),
      deliveryBy: start + BigInt(30 * DAY),
      bond: USD(5n),
      secondPrice: false,
      arbiter: ZeroAddress,
      acceptanceWindow: 0,
      gracePeriod: DAY,
      rulingPeriod: DAY,
    };
    await f.stable.connect(f.customer).approve(auctionAddress, USD(200n));
    await auction.connect(f.customer).postOrder(terms);
    await f.stable.connect(f.originator).approve(auctionAddress, USD(5n));
    const order = { customer: f.customer.address, terms };
    const data = getBytes(
      auction.interface.encodeFunctionData("commit", [1n, order, id("sealed")]),
    );
    return { f, auction, auctionAddress, order, data };
  }

  it("hashes the bytes as they are: the canonical order is the stored one", async function () {
    const { f, auction, auctionAddress, order, data } = await posted();
    expect(keccak256(dataSlice(data, ORDER, ORDER + ORDER_SIZE))).to.equal(
      await auction.hashOrder(order),
    );
    await expect(f.originator.sendTransaction({ to: auctionAddress, data: hexlify(data) }))
      .to.emit(auction, "BidCommitted")
      .withArgs(1n, 1n, id("sealed"));
  });

  it("refuses an order with dirty bits above the customer's address, naming the hash of its bytes", async function () {
    const { f, auction, auctionAddress, order, data } = await posted();
    data[ORDER] = 0x01;
    await expect(f.originator.sendTransaction({ to: auctionAddress, data: hexlify(data) }))
      .to.be.revertedWithCustomError(auction, "ProcurementAuctionWrongTerms")
      .withArgs(
        1n,
        await auction.hashOrder(order),
        keccak256(dataSlice(data, ORDER, ORDER + ORDER_SIZE)),
      );
    expect((await auction.orderRecord(1n)).commitments).to.equal(0n);
  });
});
