/**
 * The suite the auctions SDK tests run on: the invoices fixture (registries, cast, escrow, a
 * 6-decimal stablecoin, five conforming parts of {SPEC} held by the manufacturer), plus the
 * procurement auction, allowed to open invoices in the escrow. The manufacturer is certified under
 * {SCHEME}, the second manufacturer is not; both, and two committers (unaccredited accounts that
 * send bids for others), hold {BIDDER_FUNDS} of the stablecoin. Nobody has approved the auction.
 */
import { encodeBytes32String, ZeroAddress } from "ethers";
import {
  AuctionsClient,
  type BidStore,
  type BidRecord,
  type PostOrderParameters,
} from "../../../src/index.js";
import { invoicesFixture, USD } from "../invoicing/fixture.js";
import { connection, DAY, docHash, ethers, SCHEME, SPEC, time } from "../provenance/fixture.js";
import { certify } from "../../fixtures/suite.js";
import { withProcurement } from "../../fixtures/trade.js";

export { DAY, USD };

export const BIDDER_FUNDS = 10_000n * USD;
/** The standard order: 3 parts at most 100 TUSD each, a bond of 50 TUSD. */
export const QUANTITY = 3;
export const MAX_UNIT_PRICE = 100n * USD;
export const BUDGET = 300n * USD;
export const BOND = 50n * USD;
export const RULING = 7n * BigInt(DAY);
export const GRACE = 5n * BigInt(DAY);

/** A {@link BidStore} in memory, which keeps every save in order. */
export function memoryStore(): BidStore & { saved: BidRecord[] } {
  const saved: BidRecord[] = [];
  return {
    saved,
    async save(record) {
      saved.push({ ...record });
    },
  };
}

export async function auctionsFixture() {
  const base = await invoicesFixture();
  const signers = await ethers.getSigners();
  const committer = signers[14];
  const committer2 = signers[15];
  if (committer === undefined || committer2 === undefined) throw new Error("too few signers");

  const { auction, auctionAddress } = await withProcurement({
    connection,
    people: base,
    participantsAddress: base.participantsAddress,
    partsAddress: base.registryAddress,
    escrow: base.escrow,
    escrowAddress: base.escrowAddress,
  });
  await certify(base, {
    holder: base.manufacturer,
    auditor: base.auditor,
    scheme: encodeBytes32String(SCHEME),
    evidence: docHash("audit:manufacturer"),
  });
  for (const who of [base.manufacturer, base.manufacturer2, committer, committer2]) {
    await base.stable.mint(who.address, BIDDER_FUNDS);
  }

  const auctions = new AuctionsClient(auctionAddress, ethers.provider);
  const now = BigInt(await time.latest());
  const biddingEnds = now + BigInt(DAY);
  const revealEnds = biddingEnds + BigInt(DAY);
  const deliveryBy = now + 30n * BigInt(DAY);
  /** A delivery date every standard bid promises: within the order's. */
  const deliveryDate = now + 10n * BigInt(DAY);
  const order: PostOrderParameters = {
    spec: SPEC,
    quantity: QUANTITY,
    maxUnitPrice: "100",
    token: base.tokenAddress,
    biddingEnds,
    revealEnds,
    deliveryBy,
    bond: "50",
    arbiter: base.arbiter.address,
    gracePeriod: GRACE,
    rulingPeriod: RULING,
  };
  return {
    ...base,
    auction,
    auctionAddress,
    auctions,
    committer,
    committer2,
    order,
    biddingEnds,
    revealEnds,
    deliveryBy,
    deliveryDate,
    asCustomer: auctions.connect(base.customer),
    asBidder: auctions.connect(base.manufacturer),
    asBidder2: auctions.connect(base.manufacturer2),
    asStranger: auctions.connect(base.stranger),
    bidder: base.manufacturer,
    bidder2: base.manufacturer2,
  };
}

/** The fixture with order 1 posted by the customer on the standard terms. */
export async function postedFixture() {
  const base = await auctionsFixture();
  const posted = await base.asCustomer.postOrder(base.order);
  return { ...base, orderId: posted.orderId, posted };
}

/**
 * Order 1 with three sealed bids, none saved anywhere: bid 1 of the manufacturer at 80 (sent by
 * the committer), bid 2 of the second manufacturer at 90 (sent by itself), bid 3 of the
 * manufacturer at 95 (sent by the second committer; never revealed in the tests).
 */
export async function biddingFixture() {
  const base = await postedFixture();
  const { orderId, deliveryDate } = base;
  const bid1 = await base.asBidder.commitBid({
    orderId,
    unitPrice: "80",
    deliveryDate,
    committer: base.committer,
  });
  const bid2 = await base.asBidder2.commitBid({ orderId, unitPrice: "90", deliveryDate });
  const bid3 = await base.asBidder.commitBid({
    orderId,
    unitPrice: "95",
    deliveryDate,
    committer: base.committer2,
  });
  return { ...base, bid1, bid2, bid3 };
}

/** {@link biddingFixture} once bidding is over: revealing is open. */
export async function revealingFixture() {
  const base = await biddingFixture();
  await time.increaseTo(base.biddingEnds);
  return base;
}

/** {@link revealingFixture} with bids 1 and 2 revealed, and revealing over. */
export async function settlingFixture() {
  const base = await revealingFixture();
  const { orderId, deliveryDate } = base;
  await base.asBidder.reveal({ orderId, sequence: 1, unitPrice: "80", deliveryDate });
  await base.asBidder2.reveal({ orderId, sequence: 2, unitPrice: "90", deliveryDate });
  await time.increaseTo(base.revealEnds);
  return base;
}

export const NO_ADDRESS = ZeroAddress;
