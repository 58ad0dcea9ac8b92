import { expect } from "chai";
import { id, MaxUint256, TypedDataEncoder, Wallet, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import type {
  BlocklistTokenMock,
  IProcurementAuction,
  StablecoinMock,
} from "../../src/typechain/index.js";
import { postedOrder } from "../helpers/agreements.js";
import {
  ACCEPTANCE_WINDOW,
  DAY,
  deployInvoiceFixture,
  docHash,
  GRACE_PERIOD,
  Role,
  RULING_PERIOD,
  USD,
} from "../invoicing/fixture.js";
import { roleSet } from "../helpers/roles.js";
import { accredit, certify } from "../fixtures/suite.js";
import { withProcurement } from "../fixtures/trade.js";
import { expectedPartId, SCHEME, serial, UNCERTIFIED_SCHEME } from "../provenance/fixture.js";

export {
  DAY,
  HOUR,
  InvoiceState,
  MilestoneKind,
  MilestoneState,
  Role,
  STARTING_BALANCE,
  USD,
} from "../invoicing/fixture.js";
export { SCHEME, UNCERTIFIED_SCHEME } from "../provenance/fixture.js";
export { agreedInvoice, totalOf } from "../helpers/agreements.js";

/** Test-side mirror of `IProcurementAuction.OrderState`. */
export const OrderState = {
  None: 0,
  Bidding: 1,
  Revealing: 2,
  Settling: 3,
  Awarded: 4,
  Closed: 5,
  Cancelled: 6,
} as const;
export type OrderState = (typeof OrderState)[keyof typeof OrderState];

/** `BidRevealed.reason`. */
export const Reason = {
  Valid: 0,
  NotManufacturer: 1,
  NotCertified: 2,
  AboveMaximum: 3,
  TooLate: 4,
  OrderCancelled: 5,
} as const;

/** The part type the orders buy: conforming as made (no attestation required). */
export const ORDER_SPEC = id("spec:gearbox-shaft-S3");
/** The default order: 3 parts at most 1,000 USD each, a 50 USD bond per bid. */
export const ORDER_QUANTITY = 3;
export const MAX_UNIT_PRICE = USD(1_000n);
export const BUDGET = MAX_UNIT_PRICE * BigInt(ORDER_QUANTITY);
export const BOND = USD(50n);
/** The default timeline, from the moment the terms are made. */
export const BIDDING_PERIOD = 2 * DAY;
export const REVEAL_PERIOD = 2 * DAY;
export const DELIVERY_IN = 30 * DAY;
/** Parts of {ORDER_SPEC} each certified supplier holds. */
export const SUPPLIER_PARTS = 3;
/** What each supplier and committer holds of the stablecoin at the start. */
export const BIDDER_BALANCE = USD(100_000n);
/** How many throwaway committers the fixture funds. */
export const COMMITTERS = 4;

/** `IProcurementAuction.OrderTerms`, with plain types. */
export interface OrderTerms {
  specHash: string;
  quantity: number;
  requiredScheme: string;
  maxUnitPrice: bigint;
  token: string;
  biddingEnds: bigint;
  revealEnds: bigint;
  deliveryBy: bigint;
  bond: bigint;
  secondPrice: boolean;
  arbiter: string;
  acceptanceWindow: bigint;
  gracePeriod: bigint;
  rulingPeriod: bigint;
}

/** `IProcurementAuction.Order`: an order as posted (its customer and terms), which every call
 * after posting passes back. */
export type Order = IProcurementAuction.OrderStruct;

/** The EIP-712 type of a sealed bid. */
export const BID_TYPES = {
  Bid: [
    { name: "orderId", type: "uint256" },
    { name: "bidder", type: "address" },
    { name: "unitPrice", type: "uint128" },
    { name: "deliveryDate", type: "uint48" },
    { name: "salt", type: "bytes32" },
  ],
};

/** A deterministic account with a key, funded with ether. */
async function wallet(connection: NetworkConnection, label: string): Promise<Wallet> {
  const account = new Wallet(id(`auction-test:${label}`), connection.ethers.provider);
  await connection.networkHelpers.setBalance(account.address, 10n ** 21n);
  return account;
}

/**
 * The invoice fixture (test/invoicing/fixture.ts) with the procurement auction deployed on it and
 * wired into the escrow as a deployment does (layer 5, {withProcurement}): nothing more.
 */
export async function deployWiredAuctionFixture(connection: NetworkConnection) {
  const base = await deployInvoiceFixture(connection);
  const { auction, auctionAddress } = await withProcurement({
    connection,
    people: { deployer: base.deployer, governance: base.governance },
    participantsAddress: base.participantsAddress,
    partsAddress: base.partsAddress,
    escrow: base.escrow,
    escrowAddress: base.escrowAddress,
  });
  return { ...base, auction, auctionAddress };
}

/**
 * The invoice fixture (registries, escrow, mock tokens, customer, arbiter...), plus: a
 * ProcurementAuction on the participant registry and the escrow, holding ORIGINATOR_ROLE there
 * (granted by governance); three supplier manufacturers accredited by the registrar, A and B
 * certified under {SCHEME} by the auditor, C not; {ORDER_SPEC} (defined by A, no attestation
 * required) with {SUPPLIER_PARTS} parts made by A and by B, who approved the escrow as operator;
 * an unaccredited `outsider` and {COMMITTERS} unaccredited throwaway `committers`. The suppliers
 * and committers hold {BIDDER_BALANCE} of the stablecoin and approved the auction; the customer
 * approved the auction for the stablecoin and the blocklist token. The auction is the procurement
 * layer of test/fixtures (withProcurement).
 */
export async function deployAuctionFixture(connection: NetworkConnection) {
  const { ethers } = connection;
  const base = await deployWiredAuctionFixture(connection);
  const { participantRegistry, registrar, auditor, customer, stable, auction, auctionAddress } =
    base;

  const supplierA = await wallet(connection, "supplier-A");
  const supplierB = await wallet(connection, "supplier-B");
  const supplierC = await wallet(connection, "supplier-C");
  const outsider = await wallet(connection, "outsider");
  const committers: Wallet[] = [];
  for (let i = 0; i < COMMITTERS; i++) committers.push(await wallet(connection, `committer-${i}`));

  await accredit(
    { participantRegistry, people: { registrar } },
    [supplierA, supplierB, supplierC].map((supplier) => [supplier, roleSet(Role.Manufacturer)]),
    base.accreditedUntil,
  );
  for (const supplier of [supplierA, supplierB]) {
    await certify(
      { participantRegistry },
      { holder: supplier, auditor, scheme: SCHEME, evidence: docHash(`audit:${supplier.address}`) },
    );
  }

  // Parts the winner can deliver: no attestation needed to conform.
  await base.parts.connect(supplierA).defineSpecification(ORDER_SPEC, 0);
  const partsOf: Record<string, bigint[]> = {};
  for (const supplier of [supplierA, supplierB]) {
    const serials = Array.from({ length: SUPPLIER_PARTS }, (_, i) =>
      serial(`shaft-S3-${supplier.address.slice(2, 8)}-${i}`),
    );
    await base.parts.connect(supplier).makeParts(ORDER_SPEC, serials, [], []);
    const made = serials.map((s) => expectedPartId(supplier.address, s));
    partsOf[supplier.address] = made;
    // Per-part approvals of the escrow: no operator approval over the supplier's parts.
    for (const partId of made) {
      await base.parts.connect(supplier).approve(base.escrowAddress, partId);
    }
  }

  for (const account of [supplierA, supplierB, supplierC, outsider, ...committers]) {
    await stable.mint(account.address, BIDDER_BALANCE);
    await stable.connect(account).approve(auctionAddress, MaxUint256);
  }
  await stable.connect(customer).approve(auctionAddress, MaxUint256);
  await base.blocklistToken.connect(customer).approve(auctionAddress, MaxUint256);

  const { chainId } = await ethers.provider.getNetwork();
  const bidDomain = {
    name: "ProcurementAuction",
    version: "1",
    chainId,
    verifyingContract: auctionAddress,
  };

  return {
    ...base,
    ethers,
    networkHelpers: connection.networkHelpers,
    auction,
    auctionAddress,
    bidDomain,
    supplierA,
    supplierB,
    supplierC,
    outsider,
    committers,
    /** The parts of {ORDER_SPEC} each of A and B holds, by address. */
    partsOf,
    uncertifiedScheme: UNCERTIFIED_SCHEME,
  };
}

export type AuctionFixture = Awaited<ReturnType<typeof deployAuctionFixture>>;

/** The fixture's committer `index`. */
export function committer(f: AuctionFixture, index: number): Wallet {
  const found = f.committers[index];
  if (found === undefined) throw new Error(`the fixture has no committer ${index}`);
  return found;
}

/** The parts of {ORDER_SPEC} `supplier` holds. */
export function partsOf(f: AuctionFixture, supplier: string): bigint[] {
  const found = f.partsOf[supplier];
  if (found === undefined) throw new Error(`${supplier} holds no parts`);
  return found;
}

/**
 * Default order terms, timed from `now` (default: the latest block): {ORDER_SPEC} x
 * {ORDER_QUANTITY} under {SCHEME}, at most {MAX_UNIT_PRICE} of the stablecoin, bidding for
 * {BIDDING_PERIOD}, revealing for {REVEAL_PERIOD}, delivery within {DELIVERY_IN}, {BOND} bonds,
 * first price, the fixture's arbiter and the invoice fixture's windows. `overrides` win.
 */
export async function terms(
  f: AuctionFixture,
  overrides: Partial<OrderTerms> = {},
  now?: bigint,
): Promise<OrderTerms> {
  const start = now ?? BigInt(await f.networkHelpers.time.latest());
  const biddingEnds = start + BigInt(BIDDING_PERIOD);
  const revealEnds = biddingEnds + BigInt(REVEAL_PERIOD);
  return {
    specHash: ORDER_SPEC,
    quantity: ORDER_QUANTITY,
    requiredScheme: SCHEME,
    maxUnitPrice: MAX_UNIT_PRICE,
    token: await f.stable.getAddress(),
    biddingEnds,
    revealEnds,
    deliveryBy: start + BigInt(DELIVERY_IN),
    bond: BOND,
    secondPrice: false,
    arbiter: f.arbiter.address,
    acceptanceWindow: BigInt(ACCEPTANCE_WINDOW),
    gracePeriod: BigInt(GRACE_PERIOD),
    rulingPeriod: BigInt(RULING_PERIOD),
    ...overrides,
  };
}

/**
 * The customer posts an order on `t` (default terms); returns its id, its terms and the order
 * as posted, read back from its `OrderPosted` event (what every later call passes).
 */
export async function postOrder(
  f: AuctionFixture,
  t?: OrderTerms,
  customer: Signer = f.customer,
): Promise<{ orderId: bigint; t: OrderTerms; order: Order }> {
  const orderTerms = t ?? (await terms(f));
  const auction = f.auction.connect(customer);
  const orderId = await auction.postOrder.staticCall(orderTerms);
  await auction.postOrder(orderTerms);
  return { orderId, t: orderTerms, order: await postedOrder(f.auction, orderId) };
}

/** Order `orderId` as posted, from its `OrderPosted` event. */
export function orderOf(f: AuctionFixture, orderId: bigint): Promise<Order> {
  return postedOrder(f.auction, orderId);
}

/**
 * `order` changed in one respect each (its bond, its token, its customer, its timeline), each
 * named: an order the auction must refuse with `ProcurementAuctionWrongTerms`.
 */
export async function wrongOrders(f: AuctionFixture, order: Order): Promise<[string, Order][]> {
  const t = order.terms;
  const stable = await f.stable.getAddress();
  const other = String(t.token) === stable ? await f.blocklistToken.getAddress() : stable;
  return [
    ["bond", { ...order, terms: { ...t, bond: BigInt(t.bond) + 1n } }],
    ["token", { ...order, terms: { ...t, token: other } }],
    ["customer", { ...order, customer: f.financier.address }],
    ["biddingEnds", { ...order, terms: { ...t, biddingEnds: BigInt(t.biddingEnds) + 1n } }],
    ["deliveryBy", { ...order, terms: { ...t, deliveryBy: BigInt(t.deliveryBy) - 1n } }],
  ];
}

/**
 * Expects `call(wrong)` refused with WrongTerms(orderId, stored, given) for every order of
 * {wrongOrders}: `stored` the hash of `order` as posted, `given` the hash of the wrong one.
 */
export async function expectWrongTerms(
  f: AuctionFixture,
  orderId: bigint,
  order: Order,
  call: (wrong: Order) => Promise<unknown>,
): Promise<void> {
  const stored = await f.auction.hashOrder(order);
  expect((await f.auction.orderRecord(orderId)).termsHash).to.equal(stored);
  for (const [what, wrong] of await wrongOrders(f, order)) {
    const given = await f.auction.hashOrder(wrong);
    expect(given, what).to.not.equal(stored);
    await expect(call(wrong), what)
      .to.be.revertedWithCustomError(f.auction, "ProcurementAuctionWrongTerms")
      .withArgs(orderId, stored, given);
  }
}

/** The EIP-712 commitment of a bid, computed off chain. */
export function bidCommitment(
  f: AuctionFixture,
  orderId: bigint,
  bidder: string,
  unitPrice: bigint,
  deliveryDate: bigint,
  salt: string,
): string {
  return TypedDataEncoder.hash(f.bidDomain, BID_TYPES, {
    orderId,
    bidder,
    unitPrice,
    deliveryDate,
    salt,
  });
}

/** A sealed bid: who bids, what, the secret, and (once committed) who posted it as what number. */
export interface Bid {
  bidder: Signer & { address: string };
  price: bigint;
  date: bigint;
  salt: string;
  hash: string;
  committer: Signer & { address: string };
  sequence: bigint;
}

let saltCount = 0;

/**
 * Commits `bidder`'s bid (from `committer`, default the bidder itself) on order `orderId` as
 * posted: the commitment is computed off chain and checked against the contract's
 * `commitmentOf`. Returns the bid with its sequence.
 */
export async function commitBid(
  f: AuctionFixture,
  orderId: bigint,
  bid: {
    bidder: Signer & { address: string };
    price: bigint;
    date: bigint;
    salt?: string;
    committer?: Signer & { address: string };
  },
): Promise<Bid> {
  const salt = bid.salt ?? id(`salt:${++saltCount}`);
  const hash = bidCommitment(f, orderId, bid.bidder.address, bid.price, bid.date, salt);
  expect(
    await f.auction.commitmentOf(orderId, bid.bidder.address, bid.price, bid.date, salt),
  ).to.equal(hash);
  const order = await orderOf(f, orderId);
  const from = bid.committer ?? bid.bidder;
  const auction = f.auction.connect(from);
  const sequence = await auction.commit.staticCall(orderId, order, hash);
  await auction.commit(orderId, order, hash);
  return {
    bidder: bid.bidder,
    price: bid.price,
    date: bid.date,
    salt,
    hash,
    committer: from,
    sequence,
  };
}

/** The bidder reveals `bid` on order `orderId` as posted (the transaction, for assertions). */
export async function revealBid(f: AuctionFixture, orderId: bigint, bid: Bid) {
  const order = await orderOf(f, orderId);
  return f.auction.connect(bid.bidder).reveal(orderId, order, bid.price, bid.date, bid.salt);
}

/** The commitment `bid`'s contents seal: what a reveal of them looks up (UnknownBid's). */
export function revealedCommitment(f: AuctionFixture, orderId: bigint, bid: Bid): string {
  return bidCommitment(f, orderId, bid.bidder.address, bid.price, bid.date, bid.salt);
}

/** Moves the clock so that the next block is at `timestamp`, or mines one there. */
export async function at(f: AuctionFixture, timestamp: bigint, mine = false): Promise<void> {
  if (mine) await f.networkHelpers.time.increaseTo(timestamp);
  else await f.networkHelpers.time.setNextBlockTimestamp(timestamp);
}

/** Conservation: the auction holds exactly the budgets still locked, the bonds still held and
 * what it owes (credited refunds), in `token`. */
export async function expectAuctionHolds(
  f: AuctionFixture,
  token: StablecoinMock | BlocklistTokenMock,
  parts: { budgets?: bigint; bonds?: bigint; owed?: bigint },
): Promise<void> {
  const expected = (parts.budgets ?? 0n) + (parts.bonds ?? 0n) + (parts.owed ?? 0n);
  expect(await token.balanceOf(f.auctionAddress)).to.equal(expected);
}

/** The named fields of a struct returned by a view. */
export function fields(result: object, keys: readonly string[]): Record<string, unknown> {
  const record = result as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** A fresh funded account that approved the auction for the stablecoin. */
export async function fundedWallet(
  f: AuctionFixture,
  label: string,
  amount: bigint = BIDDER_BALANCE,
): Promise<Wallet> {
  const account = new Wallet(id(`auction-test:${label}`), f.ethers.provider);
  await f.networkHelpers.setBalance(account.address, 10n ** 21n);
  await f.stable.mint(account.address, amount);
  await f.stable.connect(account).approve(f.auctionAddress, MaxUint256);
  return account;
}
