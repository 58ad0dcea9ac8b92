/**
 * The auctions client's reads: an order as it stands now, its sealed bids, its payments from its
 * events, what it owes, and the auction's EIP-712 domain. A read of an order or a bid that does
 * not exist returns undefined. The auction stores an order as the hash of what was posted and
 * its running state (`orderRecord`): the order's view is rebuilt from its `OrderPosted` event
 * (see `orders.ts`), that record and its phase.
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
import { postedOrderOf, toContractOrder } from "./orders.js";
import type {
  AuctionOrder,
  AuctionOwedParameters,
  AuctionPayment,
  FindBidsParameters,
  OrderEventsParameters,
  OrderIdParameter,
  PostedOrder,
  SealedBid,
  SealedBidParameters,
} from "./types.js";

/** An order that exists: its view, and the order as posted, which calls pass back. */
export type LoadedOrder = { view: AuctionOrder; posted: PostedOrder };

/**
 * An order as it stands now (see {@link AuctionOrder}); undefined when no order has this id.
 * `order` is the order as posted, when the caller has it (checked against the auction's hash);
 * else it is read from the `OrderPosted` event once and cached.
 */
export async function getOrder(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
  order?: PostedOrder,
): Promise<AuctionOrder | undefined> {
  const id = forField("orderId", () => toOrderId(orderId));
  return (await findOrder(ctx, id, order))?.view;
}

/** Order `id` as posted (its customer and terms); undefined when no order has this id. */
export async function postedOrder(
  ctx: AuctionContext,
  orderId: OrderIdParameter,
): Promise<PostedOrder | undefined> {
  const id = forField("orderId", () => toOrderId(orderId));
  const cached = ctx.orders.get(id);
  if (cached !== undefined) return cached;
  return (await findOrder(ctx, id))?.posted;
}

/**
 * Sealed bid `sequence` of an order, from its `BidCommitted` event (searched from the client's
 * `fromBlock`) and the auction's record of the bid; undefined when the order has no such bid.
 */
export async function commitmentAt(
  ctx: AuctionContext,
  { orderId, sequence }: SealedBidParameters,
): Promise<SealedBid | undefined> {
  const id = forField("orderId", () => toOrderId(orderId));
  const seq = forField("sequence", () => toBidSequence(sequence));
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const c = ctx.contract;
  const [event] = await ctx.read(() =>
    queryInPages(
      (from, to) => c.queryFilter(c.filters.BidCommitted(id, seq), from, to),
      ctx.fromBlock,
      toBlock,
    ),
  );
  if (event === undefined) return undefined;
  return sealedBid(ctx, id, event.args.commitment.toLowerCase() as Hash);
}

/**
 * The sealed bid of an order that carries `commitment`, as a list (empty when none): the auction
 * keeps each sealed bid under its commitment and refuses a commitment sealed twice, so there is
 * at most one. `fromBlock` is no longer needed; it is checked when given.
 */
export async function findBids(
  ctx: AuctionContext,
  { orderId, commitment, fromBlock }: FindBidsParameters,
): Promise<SealedBid[]> {
  const id = forField("orderId", () => toOrderId(orderId));
  const hash = forField("commitment", () => toHash(commitment, "commitment"));
  if (fromBlock !== undefined) forField("fromBlock", () => checkFromBlock(fromBlock));
  const bid = await sealedBid(ctx, id, hash);
  return bid === undefined ? [] : [bid];
}

/** The sealed bid of order `id` under `commitment`; undefined when none. */
export async function sealedBid(
  ctx: AuctionContext,
  id: bigint,
  commitment: Hash,
): Promise<SealedBid | undefined> {
  const b = await ctx.read(() => ctx.contract.bid(id, commitment));
  if (b.committer === ZeroAddress) return undefined;
  return {
    orderId: id,
    sequence: Number(b.sequence),
    committer: b.committer,
    revealed: b.revealed,
    commitment,
  };
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

/**
 * An order that exists, rebuilt from the auction's record of it, the order as posted (the
 * caller's `given` one, the cached one, or its `OrderPosted` event's) and its phase as of now;
 * undefined when no order has this id.
 */
export async function findOrder(
  ctx: AuctionContext,
  id: bigint,
  given?: PostedOrder,
): Promise<LoadedOrder | undefined> {
  let o;
  try {
    o = await ctx.read(() => ctx.contract.orderRecord(id));
  } catch (error) {
    if (isRevertOf(error, "ProcurementAuctionUnknownOrder")) return undefined;
    throw error;
  }
  const posted = await postedOrderOf(ctx, id, o.termsHash, given);
  const state = await ctx.read(() => ctx.contract.phase(id, toContractOrder(posted)));
  const phase = ORDER_PHASES[Number(state)];
  assertInvariant(phase !== undefined, `the auction reports an unknown order state ${state}`);
  const t = posted.terms;
  const quantity = t.quantity;
  const bidding = phase === "bidding";
  const hasBest = !bidding && o.winner !== ZeroAddress;
  const runnerUp = o.secondPrice === 0n ? undefined : o.secondPrice;
  const pricePaid = t.secondPrice && runnerUp !== undefined ? runnerUp : o.bestPrice;
  const budget = t.maxUnitPrice * BigInt(quantity);
  const view: AuctionOrder = {
    id,
    phase,
    customer: posted.customer,
    spec: t.specHash,
    quantity,
    requiredScheme: t.requiredScheme === ZeroHash ? undefined : t.requiredScheme,
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
  return { view, posted };
}

/**
 * The order and the order as posted, refused with an InputError (naming `orderId`) when there
 * is none.
 */
export async function existingOrder(
  ctx: AuctionContext,
  id: bigint,
  given?: PostedOrder,
): Promise<LoadedOrder> {
  const order = await findOrder(ctx, id, given);
  if (order === undefined) {
    throw new InputError(InputErrorCode.InvalidId, `There is no order ${id}.`, {
      field: "orderId",
    });
  }
  return order;
}
