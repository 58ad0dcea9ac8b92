/**
 * The auctions client's checks before it sends anything: who may bid, which sealed bid a reveal
 * opens, whether a payer holds what it pays, and the shapes of quantities and salts. Each
 * refusal is an {@link InputError} with one sentence, naming the parameter at fault when there is
 * one.
 */
import { type ContractRunner, ZeroHash } from "ethers";
import { assertInvariant, InputError, InputErrorCode, SupplyChainError } from "../core/errors.js";
import { type AllowanceApprovals, ensureAllowance, type Erc20Contract } from "../core/erc20.js";
import type { Hash } from "../core/hashing.js";
import { requireTokenBalance } from "../core/token.js";
import { schemeName, toAddress, toHash } from "../core/validate.js";
import { formatTokenAmount } from "../invoicing/encodings.js";
import type { AuctionContext } from "./context.js";
import { AUCTION_LIMITS, type BidRecord, describeOrderPhase } from "./encodings.js";
import { sealedBid } from "./reads.js";
import type { AuctionOrder, AuctionTokenInfo, BidStore, SealedBid } from "./types.js";

/** The participant registry's `Role` enum values the auction checks. */
export const MANUFACTURER = 1;
export const CUSTOMER = 2;
export const ARBITER = 9;
/** The escrow's `InvoiceState.Settled` (as its `invoiceRecord` reports it). */
export const INVOICE_SETTLED = 3n;

/** What a token read of the auctions client says when the token is no ERC-20 token. */
export const NOT_A_TOKEN =
  "The order's token did not answer a standard ERC-20 call (balanceOf or allowance).";

/** Refuses a bidder whose bid would not count at reveal: not a manufacturer, or uncertified. */
export async function requireEligible(
  ctx: AuctionContext,
  bidder: string,
  order: AuctionOrder,
): Promise<void> {
  const registry = await ctx.registry();
  if (!(await ctx.read(() => registry.isActive(bidder, MANUFACTURER)))) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The bidder ${bidder} is not an active accredited manufacturer; its bid would not count.`,
    );
  }
  const scheme = order.requiredScheme;
  if (scheme !== undefined && !(await ctx.read(() => registry.isCertified(bidder, scheme)))) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The bidder ${bidder} holds no valid certificate under scheme ${schemeName(scheme)}, ` +
        `which order ${order.id} requires; its bid would not count.`,
    );
  }
}

/**
 * The sealed bid that `commitment` opens, found under it as the auction finds it. A `sequence`,
 * when given, must be that bid's: one the order does not have is `BidNotFound`, another bid's
 * is `BidMismatch`. A bid already revealed is refused.
 */
export async function sealedBidToReveal(
  ctx: AuctionContext,
  {
    order,
    sequence,
    commitment,
    bidder,
  }: { order: AuctionOrder; sequence: number | undefined; commitment: Hash; bidder: string },
): Promise<SealedBid> {
  const id = order.id;
  const bid = await sealedBid(ctx, id, commitment);
  if (sequence !== undefined) {
    if (sequence > order.sealedBids) {
      throw new InputError(
        InputErrorCode.BidNotFound,
        `Order ${id} has no sealed bid ${sequence}.`,
      );
    }
    if (bid?.sequence !== sequence) {
      throw new InputError(
        InputErrorCode.BidMismatch,
        `Sealed bid ${sequence} of order ${id} is not this bid: the bidder ${bidder}, price, ` +
          "delivery date and salt give another commitment. Check the values, the signer and " +
          "the sequence number.",
      );
    }
    if (bid.revealed) {
      throw new InputError(
        InputErrorCode.WrongState,
        `Sealed bid ${sequence} of order ${id} is already revealed.`,
      );
    }
    return bid;
  }
  if (bid === undefined) {
    throw new InputError(
      InputErrorCode.BidNotFound,
      `No sealed bid of order ${id} carries this bid of ${bidder}: check the price, the ` +
        "delivery date, the salt and the signer.",
    );
  }
  if (bid.revealed) {
    throw new InputError(
      InputErrorCode.WrongState,
      `This bid of ${bidder} on order ${id} is already revealed (bid ${bid.sequence}).`,
    );
  }
  return bid;
}

/** Refuses a payment `holder` cannot make: it holds less than `amount` of the order's token. */
export async function requireBalance(
  ctx: AuctionContext,
  token: Erc20Contract,
  {
    info,
    holder,
    amount,
    what,
  }: { info: AuctionTokenInfo; holder: string; amount: bigint; what: string },
): Promise<void> {
  await requireTokenBalance(
    token,
    { holder, amount },
    ctx.readToken,
    (balance) => `${holder} holds ${money(balance, info)}; ${what} is ${money(amount, info)}.`,
  );
}

/**
 * Approves the auction for exactly `amount` from `owner` (through `runner`) when its allowance is
 * short, through {@link ensureAllowance} (zero first when the allowance is non-zero, for
 * USDT-style tokens).
 */
export async function approveIfShort(
  ctx: AuctionContext,
  token: Erc20Contract,
  { runner, owner, amount }: { runner: ContractRunner; owner: string; amount: bigint },
): Promise<AllowanceApprovals> {
  return ensureAllowance(
    token,
    { owner, spender: ctx.address, amount },
    { read: ctx.readToken, send: (sendTx) => ctx.sendAs(runner, sendTx) },
  );
}

/** Refuses a committer that cannot send the commitment. */
export function requireCommitter(runner: ContractRunner): void {
  const candidate = runner as { sendTransaction?: unknown };
  if (typeof candidate?.sendTransaction !== "function") {
    throw new InputError(
      InputErrorCode.MissingSigner,
      "The committer is not a signer, so it cannot send the commitment and post the bond.",
    );
  }
}

/** The address of a signer runner. */
export async function signerAddressOf(runner: ContractRunner): Promise<string> {
  const signer = runner as { getAddress?: () => Promise<string> };
  assertInvariant(typeof signer.getAddress === "function", "a signer without an address");
  return toAddress(await signer.getAddress());
}

/** Saves a record before anything is sent; a store that fails stops the commitment. */
export async function saveRecord(store: BidStore, record: BidRecord): Promise<void> {
  try {
    await store.save(record);
  } catch (cause) {
    if (cause instanceof SupplyChainError) throw cause;
    throw new InputError(
      InputErrorCode.BidStoreFailure,
      "The bid's reveal data could not be saved, so the commitment was not sent: " +
        `${cause instanceof Error ? cause.message : String(cause)}.`,
      { cause },
    );
  }
}

/** An order in a phase that does not allow the action; `rule` says when it does. */
export function wrongPhase(order: AuctionOrder, rule: string): InputError {
  return new InputError(
    InputErrorCode.WrongState,
    `Order ${order.id} is ${describeOrderPhase(order.phase)}; ${rule}.`,
  );
}

/** Refuses a bid of the order's customer or arbiter: the auction refuses its reveal. */
export function requireUnconflicted(bidder: string, order: AuctionOrder): void {
  if (bidder === order.customer || bidder === order.arbiter) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The bidder ${bidder} is order ${order.id}'s ${bidder === order.customer ? "customer" : "arbiter"}, ` +
        "so it may not bid on it: the auction refuses its reveal, and the bond would go to the " +
        "customer.",
    );
  }
}

/**
 * Refuses a bond posted by the order's customer or arbiter: the auction forfeits it to the
 * customer at the bid's reveal (the bid counts without one).
 */
export function requireUnconflictedCommitter(committer: string, order: AuctionOrder): void {
  if (committer === order.customer || committer === order.arbiter) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The committer ${committer} is order ${order.id}'s ` +
        `${committer === order.customer ? "customer" : "arbiter"}, so it may not back a bid with ` +
        "its bond: the auction would forfeit the bond to the customer at the reveal. Commit from " +
        "another account.",
    );
  }
}

/** An amount in token units with the token's symbol. */
export function money(amount: bigint, token: AuctionTokenInfo): string {
  return `${formatTokenAmount(amount, token.decimals)} ${token.symbol || token.address}`;
}

/** A bid's salt: 32 bytes, not zero. */
export function toSalt(value: string): Hash {
  const salt = toHash(value, "salt");
  if (salt === ZeroHash) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      "The salt is zero, which hides nothing: give 32 random bytes, or omit it to derive it from " +
        "the bidder's key.",
    );
  }
  return salt;
}

/** A number of parts of an order: 1 to 100. */
export function toQuantity(value: bigint | number | string): number {
  let quantity: bigint | undefined;
  if (typeof value === "bigint") quantity = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) quantity = BigInt(value);
  else if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) quantity = BigInt(value.trim());
  if (quantity === undefined || quantity < 1n || quantity > BigInt(AUCTION_LIMITS.maxQuantity)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The quantity "${String(value)}" is not a number of parts from 1 to ` +
        `${AUCTION_LIMITS.maxQuantity}.`,
    );
  }
  return Number(quantity);
}
