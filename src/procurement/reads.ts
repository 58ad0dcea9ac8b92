/**
 * The auctions client's reads: an order as it stands now, its sealed bids, its payments from its
 * events, what it owes, and the auction's EIP-712 domain. A read of an order or a bid that does
 * not exist returns undefined.
 */
import { type TypedDataDomain, ZeroAddress, ZeroHash } from "ethers";
import { assertInvariant, InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import { checkFromBlock, inLogOrder, queryInPages } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { toAddress, toHash, forField } from "../core/validate.js";
import type { AuctionContext } from "./context.js";
import {
  auctionDomain,
  deriveBidSalt,
  ORDER_PHASES,
  toBidSequence,
  toOrderId,
  type TypedDataSigner,
} from "./encodings.js";
import type {
  AuctionOrder,
  AuctionOwedParameters,
  AuctionPayment,
  FindBidsParameters,
  OrderEventsParameters,
  OrderIdParameter,
  SealedBid,
  SealedBidParameters,
} from "./types.js";

/** An order as it stands now (see {@link AuctionOrder}); undefined when no order has this id. */
export async function getOrder(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
): Promise<AuctionOrder | undefined> {
  const id = forField("orderId", () => toOrderId(orderId));
  try {
    return await loadOrder(ctx, id);
  } catch (error) {
    if (isRevertOf(error, "ProcurementAuctionUnknownOrder")) return undefined;
    throw error;
  }
}

/** Sealed bid `sequence` of an order; undefined when the order has no such bid. */
export async function commitmentAt(
  ctx: AuctionContext,
  { orderId, sequence }: SealedBidParameters,
): Promise<SealedBid | undefined> {
  const id = forField("orderId", () => toOrderId(orderId));
  const seq = forField("sequence", () => toBidSequence(sequence));
  try {
    const c = await ctx.read(() => ctx.contract.commitmentAt(id, seq));
    return {
      orderId: id,
      sequence: seq,
      committer: c.committer,
      revealed: c.revealed,
      commitment: c.hash.toLowerCase() as Hash,
    };
  } catch (error) {
    if (isRevertOf(error, "ProcurementAuctionUnknownBid")) return undefined;
    throw error;
  }
}

/**
 * The sealed bids of an order that carry `commitment`, from its `BidCommitted` events since
 * `fromBlock` (use the address book's `startBlock`): usually one, more when someone copied it.
 */
export async function findBids(
  ctx: AuctionContext,
  { orderId, commitment, fromBlock }: FindBidsParameters,
): Promise<SealedBid[]> {
  const id = forField("orderId", () => toOrderId(orderId));
  const hash = forField("commitment", () => toHash(commitment, "commitment"));
  forField("fromBlock", () => checkFromBlock(fromBlock));
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const c = ctx.contract;
  const events = await ctx.read(() =>
    queryInPages(
      (from, to) => c.queryFilter(c.filters.BidCommitted(id), from, to),
      fromBlock,
      toBlock,
    ),
  );
  const found: SealedBid[] = [];
  for (const event of events) {
    if (event.args.commitment.toLowerCase() !== hash) continue;
    const bid = await commitmentAt(ctx, { orderId: id, sequence: event.args.sequence });
    if (bid !== undefined) found.push(bid);
  }
  return found;
}

/**
 * The payments of an order since `fromBlock` (use the address book's `startBlock`), from its
 * `BondPaid`, `OrderCancelled`, `OrderAwarded`, `OrderClosed`, `PaymentDeferred` and
 * `Withdrawn` events, in chain order: every bond paid back or forfeited, the budget's refund to
 * the customer, which of those the token refused and the auction credited instead
 * (`deferred`), and the withdrawals of those credits (`withdrawn`). Empty for an order that
 * does not exist, as for an invoice.
 */
export async function payments(
  ctx: AuctionContext,
  { orderId, fromBlock }: OrderEventsParameters,
): Promise<AuctionPayment[]> {
  const id = forField("orderId", () => toOrderId(orderId));
  forField("fromBlock", () => checkFromBlock(fromBlock));
  // Like every read of a missing thing: no order, nothing paid (not an error).
  const order = await getOrder(ctx, id);
  if (order === undefined) return [];
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const c = ctx.contract;
  const pages = <E>(query: (from: number, to: number) => Promise<E[]>) =>
    queryInPages(query, fromBlock, toBlock);
  const [bonds, cancelled, awarded, closed, deferred, withdrawn] = await ctx.read(() =>
    Promise.all([
      pages((from, to) => c.queryFilter(c.filters.BondPaid(id), from, to)),
      pages((from, to) => c.queryFilter(c.filters.OrderCancelled(id), from, to)),
      pages((from, to) => c.queryFilter(c.filters.OrderAwarded(id), from, to)),
      pages((from, to) => c.queryFilter(c.filters.OrderClosed(id), from, to)),
      pages((from, to) => c.queryFilter(c.filters.PaymentDeferred(id), from, to)),
      pages((from, to) => c.queryFilter(c.filters.Withdrawn(id), from, to)),
    ]),
  );
  const refund = (
    e: { blockNumber: number; transactionHash: string; index: number },
    amount: bigint,
  ) => ({
    kind: "refund" as const,
    to: order.customer,
    amount,
    blockNumber: e.blockNumber,
    transactionHash: e.transactionHash,
    position: e,
  });
  return inLogOrder<AuctionPayment>([
    ...bonds.map((e) => ({
      kind: "bond" as const,
      to: e.args.to,
      amount: e.args.amount,
      forfeited: e.args.forfeited,
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    })),
    ...cancelled.map((e) => refund(e, e.args.refund)),
    ...awarded.filter((e) => e.args.refund > 0n).map((e) => refund(e, e.args.refund)),
    ...closed.map((e) => refund(e, e.args.refund)),
    ...deferred.map((e) => ({
      kind: "deferred" as const,
      account: e.args.account,
      amount: e.args.amount,
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    })),
    ...withdrawn.map((e) => ({
      kind: "withdrawn" as const,
      account: e.args.account,
      to: e.args.to,
      amount: e.args.amount,
      blockNumber: e.blockNumber,
      transactionHash: e.transactionHash,
      position: e,
    })),
  ]);
}

/**
 * What is credited to `account` under an order, in the order's token: payments of the order
 * the token refused to deliver.
 */
export async function owed(
  ctx: AuctionContext,
  { orderId, account }: AuctionOwedParameters,
): Promise<bigint> {
  const id = forField("orderId", () => toOrderId(orderId));
  const who = forField("account", () => toAddress(account, "account address"));
  return ctx.read(() => ctx.contract.owed(id, who));
}

/** The auction's EIP-712 domain, in which bids are committed and salts derived. */
export async function domain(ctx: AuctionContext): Promise<TypedDataDomain> {
  return auctionDomain(await ctx.chainId(), ctx.address);
}

/** The salt the signer's key derives for an order ({@link deriveBidSalt}). */
export async function deriveSalt(ctx: AuctionContext, orderId: OrderIdParameter): Promise<Hash> {
  const id = forField("orderId", () => toOrderId(orderId));
  ctx.requireSigner();
  return deriveBidSalt(ctx.runner as unknown as TypedDataSigner, {
    chainId: await ctx.chainId(),
    auction: ctx.address,
    orderId: id,
  });
}

/** An order that exists, read from the auction's storage (refused by the auction otherwise). */
export async function loadOrder(ctx: AuctionContext, id: bigint): Promise<AuctionOrder> {
  const o = await ctx.read(() => ctx.contract.order(id));
  const phase = ORDER_PHASES[Number(o.state)];
  assertInvariant(phase !== undefined, `the auction reports an unknown order state ${o.state}`);
  const t = o.terms;
  const quantity = Number(t.quantity);
  const bidding = phase === "bidding";
  const hasBest = !bidding && o.winner !== ZeroAddress;
  const runnerUp = o.secondPrice === 0n ? undefined : o.secondPrice;
  const pricePaid = t.secondPrice && runnerUp !== undefined ? runnerUp : o.bestPrice;
  const budget = t.maxUnitPrice * BigInt(quantity);
  return {
    id,
    phase,
    customer: o.customer,
    spec: t.specHash.toLowerCase() as Hash,
    quantity,
    requiredScheme: t.requiredScheme === ZeroHash ? undefined : (t.requiredScheme as Hash),
    token: t.token,
    maxUnitPrice: t.maxUnitPrice,
    budget,
    bond: t.bond,
    pricing: t.secondPrice ? "second-price" : "first-price",
    biddingEnds: t.biddingEnds,
    revealEnds: t.revealEnds,
    deliveryBy: t.deliveryBy,
    arbiter: t.arbiter === ZeroAddress ? undefined : t.arbiter,
    acceptanceWindow: t.acceptanceWindow,
    gracePeriod: t.gracePeriod,
    rulingPeriod: t.rulingPeriod,
    sealedBids: Number(o.commitments),
    revealedBids: bidding ? undefined : Number(o.revealed),
    best: hasBest
      ? {
          bidder: o.winner,
          sequence: Number(o.winnerSequence),
          unitPrice: o.bestPrice,
          runnerUpPrice: runnerUp,
          pricePaid,
        }
      : undefined,
    award:
      phase === "awarded"
        ? {
            winner: o.winner,
            unitPrice: pricePaid,
            invoiceId: o.invoiceId,
            total: pricePaid * BigInt(quantity),
            refund: budget - pricePaid * BigInt(quantity),
          }
        : undefined,
  };
}

/** The order, refused with an InputError (naming `orderId`) when there is none. */
export async function existingOrder(ctx: AuctionContext, id: bigint): Promise<AuctionOrder> {
  const order = await getOrder(ctx, id);
  if (order === undefined) {
    throw new InputError(InputErrorCode.InvalidId, `There is no order ${id}.`, {
      field: "orderId",
    });
  }
  return order;
}
