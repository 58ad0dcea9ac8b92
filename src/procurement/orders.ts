/**
 * Orders as posted. The auction stores an order as the hash of its `Order` (the customer and the
 * terms) and every call after `postOrder` passes the order back; the client takes it from the
 * caller or from the order's `OrderPosted` event (searched from the client's `fromBlock`, the
 * address book's `startBlock`), checks it against the stored hash, and keeps it per order id.
 */
import { AbiCoder, keccak256 } from "ethers";
import { assertInvariant, InputError, InputErrorCode } from "../core/errors.js";
import { queryToLatest } from "../core/events.js";
import type { Hash } from "../core/hashing.js";
import { toAddress } from "../core/validate.js";
import type { IProcurementAuction } from "../contracts.js";
import type { AuctionContext } from "./context.js";
import type { OrderTerms, PostedOrder } from "./types.js";

/** The ABI type of the contract's `Order`, as `hashOrder` takes it. */
const ORDER_TYPE =
  "tuple(address customer, tuple(bytes32 specHash, bytes32 requiredScheme, address token, " +
  "uint48 biddingEnds, uint48 revealEnds, uint48 deliveryBy, uint16 quantity, bool secondPrice, " +
  "uint128 maxUnitPrice, uint128 bond, address arbiter, uint32 acceptanceWindow, " +
  "uint32 gracePeriod, uint32 rulingPeriod) terms)";

/**
 * The hash under which the auction stores `order`: `keccak256(abi.encode(order))`, as the
 * contract's `hashOrder`.
 */
export function hashOrder(order: PostedOrder): Hash {
  return keccak256(AbiCoder.defaultAbiCoder().encode([ORDER_TYPE], [order])) as Hash;
}

/** The order as the contract's calls take it. */
export function toContractOrder(order: PostedOrder): IProcurementAuction.OrderStruct {
  return { customer: order.customer, terms: { ...order.terms } };
}

/** An order's terms as a plain object, from a decoded `OrderTerms` (an event's or a call's). */
export function termsFrom(t: IProcurementAuction.OrderTermsStructOutput): OrderTerms {
  return {
    specHash: t.specHash.toLowerCase() as Hash,
    requiredScheme: t.requiredScheme.toLowerCase() as Hash,
    token: toAddress(t.token),
    biddingEnds: t.biddingEnds,
    revealEnds: t.revealEnds,
    deliveryBy: t.deliveryBy,
    quantity: Number(t.quantity),
    secondPrice: t.secondPrice,
    maxUnitPrice: t.maxUnitPrice,
    bond: t.bond,
    arbiter: toAddress(t.arbiter),
    acceptanceWindow: t.acceptanceWindow,
    gracePeriod: t.gracePeriod,
    rulingPeriod: t.rulingPeriod,
  };
}

/**
 * Order `id` as posted, which the auction stores as `storedHash`: the caller's `given` order
 * (refused with an `InputError` naming `order` when it does not hash to `storedHash`), else the
 * client's cached one, else the order read from its `OrderPosted` event and cached.
 */
export async function postedOrderOf(
  ctx: AuctionContext,
  id: bigint,
  storedHash: string,
  given?: PostedOrder,
): Promise<PostedOrder> {
  if (given !== undefined) {
    const order = checkedGiven(id, given);
    const hash = hashOrder(order);
    if (hash !== storedHash.toLowerCase()) {
      throw new InputError(
        InputErrorCode.InvalidHash,
        `The order given for order ${id} hashes to ${hash}, not to ${storedHash.toLowerCase()}, ` +
          "the hash of what was posted: pass the customer and the terms exactly as the order's " +
          "OrderPosted event carries them, or omit the order to have it read from that event.",
        { field: "order" },
      );
    }
    ctx.orders.set(id, order);
    return order;
  }
  const cached = ctx.orders.get(id);
  if (cached !== undefined) return cached;
  const order = await readPostedOrder(ctx, id);
  if (order === undefined) {
    throw new InputError(
      InputErrorCode.InvalidBlock,
      `Order ${id} exists, but no OrderPosted event of it was found from block ${ctx.fromBlock}: ` +
        "the client searches from the address book's startBlock; build it from the address " +
        "book of this deployment, or pass the order.",
      { field: "orderId" },
    );
  }
  assertInvariant(
    hashOrder(order) === storedHash.toLowerCase(),
    `order ${id}'s OrderPosted event does not hash to the order the auction stores`,
  );
  ctx.orders.set(id, order);
  return order;
}

/** Order `id` as its `OrderPosted` event carries it; undefined when no such event was found. */
export async function readPostedOrder(
  ctx: AuctionContext,
  id: bigint,
): Promise<PostedOrder | undefined> {
  const provider = ctx.provider();
  const toBlock = await ctx.read(() => provider.getBlockNumber());
  const c = ctx.contract;
  const [event] = await ctx.read(() =>
    queryToLatest(
      (from, to) => c.queryFilter(c.filters.OrderPosted(id), from, to),
      ctx.fromBlock,
      toBlock,
    ),
  );
  if (event === undefined) return undefined;
  return { customer: toAddress(event.args.customer), terms: termsFrom(event.args.terms) };
}

/** A caller's order, normalised (checksummed addresses, lower-case hashes); refused when malformed. */
function checkedGiven(id: bigint, given: PostedOrder): PostedOrder {
  try {
    const t = given.terms;
    const order: PostedOrder = {
      customer: toAddress(given.customer, "order's customer"),
      terms: {
        ...t,
        specHash: t.specHash.toLowerCase() as Hash,
        requiredScheme: t.requiredScheme.toLowerCase() as Hash,
        token: toAddress(t.token, "order's token"),
        arbiter: toAddress(t.arbiter, "order's arbiter"),
      },
    };
    hashOrder(order);
    return order;
  } catch (cause) {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `The order given for order ${id} is not an order as posted (its customer and terms, as ` +
        `the OrderPosted event carries them): ${cause instanceof Error ? cause.message : String(cause)}`,
      { field: "order", cause },
    );
  }
}
