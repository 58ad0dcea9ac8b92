/** `reveal`: the bidder opens its sealed bid while revealing is open. */
import { assertInvariant } from "../../core/errors.js";
import { checkFromBlock } from "../../core/events.js";
import type { TxResult } from "../../core/tx.js";
import { formatTime, toUnixSeconds, forField } from "../../core/validate.js";
import { checkAmountShape, toTokenAmount } from "../../invoicing/encodings.js";
import type { AuctionContext } from "../context.js";
import {
  AUCTION_LIMITS,
  BID_VALIDITY,
  bidCommitment,
  deriveBidSalt,
  toBidSequence,
  toOrderId,
  type TypedDataSigner,
} from "../encodings.js";
import { requireUnconflicted, sealedBidToReveal, toSalt, wrongPhase } from "../preflight.js";
import { toContractOrder } from "../orders.js";
import { existingOrder } from "../reads.js";
import type { RevealBidParameters, RevealOutcome } from "../types.js";

/**
 * The bidder (the signer) reveals a sealed bid while revealing is open. The salt is re-derived
 * from the signer's key when omitted, so no local file is needed. The client recomputes the
 * commitment and finds the sealed bid under it (the auction does the same: a reveal names no
 * sequence); a `sequence`, when given, must be that bid's. `fromBlock` is no longer needed
 * (checked when given). The order as posted is `params.order` when given, else read from its
 * `OrderPosted` event (once, then cached). The outcome says whether the bid counts, and why not,
 * from the `BidRevealed` event.
 */
export async function reveal(
  ctx: AuctionContext,
  params: RevealBidParameters,
): Promise<{ tx: TxResult; outcome: RevealOutcome }> {
  const id = forField("orderId", () => toOrderId(params.orderId));
  const { sequence, salt: saltGiven, fromBlock } = params;
  const given =
    sequence === undefined
      ? undefined
      : forField("sequence", () => toBidSequence(sequence, "bid sequence"));
  forField("unitPrice", () => checkAmountShape(params.unitPrice, "unit price", "80.50"));
  const deliveryDate = forField("deliveryDate", () =>
    toUnixSeconds(params.deliveryDate, "delivery date"),
  );
  const givenSalt = saltGiven === undefined ? undefined : forField("salt", () => toSalt(saltGiven));
  if (fromBlock !== undefined) forField("fromBlock", () => checkFromBlock(fromBlock));
  const bidder = await ctx.signerAddress();
  const { view: order, posted } = await existingOrder(ctx, id, params.order);
  const now = await ctx.chainTime();
  const cancelledInWindow =
    order.phase === "cancelled" && now >= order.biddingEnds && now < order.revealEnds;
  if (order.phase !== "revealing" && !cancelledInWindow) {
    throw wrongPhase(
      order,
      `bids are revealed from ${formatTime(order.biddingEnds)} until ${formatTime(order.revealEnds)}`,
    );
  }
  const info = await ctx.tokenInfo(order.token);
  const unitPrice = forField("unitPrice", () =>
    toTokenAmount(params.unitPrice, info.decimals, "unit price", {
      min: 0n,
      max: AUCTION_LIMITS.maxAmount,
    }),
  );
  const chainId = await ctx.chainId();
  const salt =
    givenSalt ??
    (await deriveBidSalt(ctx.runner as unknown as TypedDataSigner, {
      chainId,
      auction: ctx.address,
      orderId: id,
    }));
  const commitment = bidCommitment({
    chainId,
    auction: ctx.address,
    orderId: id,
    bidder,
    unitPrice,
    deliveryDate,
    salt,
  });
  const bid = await sealedBidToReveal(ctx, { order, sequence: given, commitment, bidder });
  requireUnconflicted(bidder, order);
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.contract.reveal(id, toContractOrder(posted), unitPrice, deliveryDate, salt),
  );
  const [event] = ctx.findEvents(logs, "BidRevealed");
  assertInvariant(event !== undefined, "reveal emitted no BidRevealed event");
  const reason = BID_VALIDITY[Number(event.args.reason)];
  assertInvariant(
    reason !== undefined,
    `the auction reports an unknown reason ${event.args.reason}`,
  );
  return {
    tx,
    outcome: {
      sequence: bid.sequence,
      bidder,
      unitPrice,
      deliveryDate,
      valid: event.args.valid as boolean,
      reason,
    },
  };
}
