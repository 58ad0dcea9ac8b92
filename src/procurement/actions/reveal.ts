/** `reveal`: the bidder opens its sealed bid while revealing is open. */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
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
import { existingOrder } from "../reads.js";
import type { RevealBidParameters, RevealOutcome } from "../types.js";

/**
 * The bidder (the signer) reveals a sealed bid while revealing is open. The salt is re-derived
 * from the signer's key when omitted, so no local file is needed. The client recomputes the
 * commitment and checks it against the sealed bid (found among the order's bids from
 * `fromBlock` when no sequence is given) before sending; the outcome says whether the bid
 * counts, and why not, from the `BidRevealed` event.
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
  if (given === undefined && fromBlock === undefined) {
    throw new InputError(
      InputErrorCode.BidNotFound,
      "Name the sealed bid to reveal by its sequence number, or give the block to search the " +
        "order's bids from (the address book's startBlock).",
      { field: "sequence" },
    );
  }
  const bidder = await ctx.signerAddress();
  const order = await existingOrder(ctx, id);
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
  const bid = await sealedBidToReveal(ctx, id, given, commitment, bidder, fromBlock);
  requireUnconflicted(bidder, order);
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.contract.reveal(id, bid.sequence, unitPrice, deliveryDate, salt),
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
