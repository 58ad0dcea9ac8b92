/** `commitBid`: a sealed bid, its reveal data saved first, its bond posted by any committer. */
import { InputError, InputErrorCode, assertInvariant } from "../../core/errors.js";
import { erc20 } from "../../core/erc20.js";
import { checkFromBlock } from "../../core/events.js";
import {
  formatTime,
  nonZeroAddress,
  requireFuture,
  toUnixSeconds,
  forField,
} from "../../core/validate.js";
import { checkAmountShape, toTokenAmount } from "../../invoicing/encodings.js";
import type { AuctionContext } from "../context.js";
import {
  AUCTION_LIMITS,
  bidCommitment,
  type BidRecord,
  deriveBidSalt,
  toOrderId,
  type TypedDataSigner,
} from "../encodings.js";
import {
  approveIfShort,
  money,
  requireBalance,
  requireCommitter,
  requireEligible,
  requireUnconflicted,
  requireUnconflictedCommitter,
  saveRecord,
  signerAddressOf,
  toSalt,
  wrongPhase,
} from "../preflight.js";
import { toContractOrder } from "../orders.js";
import { existingOrder, sealedBid } from "../reads.js";
import type { CommitBidParameters, CommitBidResult } from "../types.js";

/**
 * Seals a bid while bidding is open. The commitment is computed off chain ({@link
 * bidCommitment}) and checked against the contract's `commitmentOf`; the salt is derived from
 * the bidder's key ({@link deriveBidSalt}) unless given. The client refuses a bid that could not
 * count (price above the maximum, delivery after the latest date, a bidder that is not an
 * active manufacturer or lacks the required certificate), a commitment already sealed in the
 * order (the auction refuses it: each sealed bid is committed once) and a committer short of the
 * bond. The order as posted is `params.order` when given, else read from its `OrderPosted` event
 * (once, then cached), and goes with the commitment. The reveal data goes to `store` before anything is sent (and again with the sequence number
 * once mined: a best effort, as the first save is enough to reveal); then the committer
 * approves the bond when its allowance is short (`approval`, after `allowanceReset` to zero
 * when a short allowance is non-zero) and sends the commitment. Returns the sequence from the
 * `BidCommitted` event, the bid's record, and the bond posted in the order's token and the
 * revealing window (`biddingEnds` to `revealEnds`), from the order the checks read.
 */
export async function commitBid(
  ctx: AuctionContext,
  params: CommitBidParameters,
): Promise<CommitBidResult> {
  const id = forField("orderId", () => toOrderId(params.orderId));
  forField("unitPrice", () =>
    checkAmountShape(params.unitPrice, "unit price", "80.50", { aboveZero: true }),
  );
  const deliveryDate = forField("deliveryDate", () =>
    toUnixSeconds(params.deliveryDate, "delivery date"),
  );
  const { salt: saltGiven, fromBlock } = params;
  const givenSalt = saltGiven === undefined ? undefined : forField("salt", () => toSalt(saltGiven));
  const committerRunner = params.committer ?? ctx.runner;
  forField("committer", () => requireCommitter(committerRunner));
  if (fromBlock !== undefined) forField("fromBlock", () => checkFromBlock(fromBlock));

  const signer = await ctx.signerAddress();
  const bidder =
    params.bidder === undefined
      ? signer
      : forField("bidder", () => nonZeroAddress(params.bidder as string, "bidder address"));
  if (givenSalt === undefined && bidder !== signer) {
    throw new InputError(
      InputErrorCode.MissingSigner,
      `The bidder ${bidder} is not this client's signer ${signer}, so its salt cannot be ` +
        "derived here: connect the client to the bidder's signer, or pass the salt.",
      { field: "salt" },
    );
  }
  const committer = await signerAddressOf(committerRunner);
  const { view: order, posted } = await existingOrder(ctx, id, params.order);
  if (order.phase !== "bidding") {
    throw wrongPhase(
      order,
      `bids are sealed only while bidding is open, until ${formatTime(order.biddingEnds)}`,
    );
  }
  requireUnconflicted(bidder, order);
  requireUnconflictedCommitter(committer, order);
  const info = await ctx.tokenInfo(order.token);
  const unitPrice = forField("unitPrice", () =>
    toTokenAmount(params.unitPrice, info.decimals, "unit price", {
      min: 1n,
      max: AUCTION_LIMITS.maxAmount,
    }),
  );
  if (unitPrice > order.maxUnitPrice) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The unit price ${money(unitPrice, info)} is above order ${id}'s maximum of ` +
        `${money(order.maxUnitPrice, info)}; the bid would not count.`,
      { field: "unitPrice" },
    );
  }
  const now = await ctx.chainTime();
  forField("deliveryDate", () => requireFuture(deliveryDate, now, "delivery date"));
  if (deliveryDate > order.deliveryBy) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The delivery date ${formatTime(deliveryDate)} is after order ${id}'s latest delivery ` +
        `date ${formatTime(order.deliveryBy)}; the bid would not count.`,
      { field: "deliveryDate" },
    );
  }
  await requireEligible(ctx, bidder, order);

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
  const onChain = await ctx.read(() =>
    ctx.contract.commitmentOf(id, bidder, unitPrice, deliveryDate, salt),
  );
  if (onChain.toLowerCase() !== commitment) {
    throw new InputError(
      InputErrorCode.BidMismatch,
      `The auction at ${ctx.address} computes the commitment ${onChain.toLowerCase()}, the SDK ` +
        `${commitment}: it is not the ProcurementAuction (version 1) of chain ${chainId}, so ` +
        "no bid is sent to it.",
    );
  }
  const copy = await sealedBid(ctx, id, commitment);
  if (copy !== undefined) {
    throw new InputError(
      InputErrorCode.WrongState,
      `This exact bid is already sealed in order ${id} as bid ${copy.sequence}; the auction ` +
        "refuses a commitment sealed twice (each sealed bid is committed once).",
    );
  }
  const token = erc20(order.token, committerRunner);
  await requireBalance(ctx, token, {
    info,
    holder: committer,
    amount: order.bond,
    what: "the bond",
  });

  const record: BidRecord = {
    chainId,
    auction: ctx.address,
    orderId: id,
    bidder,
    committer,
    unitPrice,
    deliveryDate,
    salt,
    saltDerived: givenSalt === undefined,
    commitment,
    sequence: undefined,
  };
  if (params.store !== undefined) await saveRecord(params.store, record);
  const { reset, approval } = await approveIfShort(ctx, token, {
    runner: committerRunner,
    owner: committer,
    amount: order.bond,
  });
  const contract = ctx.contract.connect(committerRunner);
  const { tx, logs } = await ctx.sendForLogsAs(
    committerRunner,
    () => contract.commit(id, toContractOrder(posted), commitment),
    order.token,
  );
  const [event] = ctx.findEvents(logs, "BidCommitted");
  assertInvariant(event !== undefined, "commit emitted no BidCommitted event");
  const sequence = Number(event.args.sequence);
  const saved = { ...record, sequence };
  if (params.store !== undefined) {
    // Best effort: the first save already holds everything a reveal needs (the sequence is
    // found among the order's sealed bids), and the commitment is on chain now.
    await params.store.save(saved).catch(() => undefined);
  }
  return {
    tx,
    approval,
    allowanceReset: reset,
    sequence,
    commitment,
    salt,
    record: saved,
    bond: order.bond,
    token: order.token,
    biddingEnds: order.biddingEnds,
    revealEnds: order.revealEnds,
  };
}
