/** Core charges: a deposit on a unit, refunded by the grade of the core handed back. */
import { CORE_SENTENCES } from "../core/decode.js";
import { assertInvariant, InputError, InputErrorCode, isRevertOf } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { eventsIn, type TxResult } from "../core/tx.js";
import {
  formatTime,
  nonZeroAddress,
  requireFuture,
  toAddress,
  toUnixSeconds,
  forField,
} from "../core/validate.js";
import { checkAmountShape } from "../invoicing/encodings.js";
import { formatPartId, toPartId } from "../provenance/encodings.js";
import { heldCore, partView, requireBefore, requireCoreHolder } from "./checks.js";
import { type CircularContext, enumName, wrongAccount, wrongState } from "./context.js";
import { CHARGE_STATES } from "./encodings.js";
import { approveToken, pay, tokenAmount } from "./payments.js";
import type {
  CoreCharge,
  IdParameter,
  PaymentApprovals,
  RequireChargeParameters,
  SettleChargeParameters,
  WithdrawChargeParameters,
  OwedParameters,
} from "./types.js";
import { toCircularId, toSchedule } from "./validate.js";

/**
 * The seller (the signer) requires a core deposit from the buyer of a unit: a deadline in the
 * future and five refund shares (grades 1..5) of 0 to 10,000 basis points. Returns its id.
 */
export async function requireCharge(
  ctx: CircularContext,
  params: RequireChargeParameters,
): Promise<{ tx: TxResult; chargeId: bigint; amount: bigint }> {
  const buyer = forField("buyer", () => nonZeroAddress(params.buyer, "buyer address"));
  const unitPartId = forField("unitPartId", () => toPartId(params.unitPartId, "unit part id"));
  const token = forField("token", () => nonZeroAddress(params.token, "token address"));
  forField("amount", () =>
    checkAmountShape(params.amount, "deposit", "25.00", { aboveZero: true }),
  );
  const returnBy = forField("returnBy", () => toUnixSeconds(params.returnBy, "return deadline"));
  const schedule = forField("refundBps", () => toSchedule(params.refundBps));
  const seller = await ctx.signerAddress();
  if (buyer === seller) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `The buyer ${buyer} is the signer, the seller; a seller cannot require a deposit from itself.`,
    );
  }
  requireFuture(returnBy, await ctx.chainTime(), "return deadline");
  await partView(ctx, await ctx.partRegistry(), unitPartId);
  const amount = await tokenAmount(ctx, token, params.amount, "deposit", 1n);
  const { tx, logs } = await ctx.sendForLogs(() =>
    ctx.charges.requireCharge(buyer, unitPartId, token, amount, returnBy, schedule),
  );
  const [event] = eventsIn(ctx.charges, logs, "CoreChargeRequired");
  assertInvariant(event !== undefined, "requireCharge emitted no CoreChargeRequired event");
  return { tx, chargeId: event.args.chargeId as bigint, amount };
}

/** The seller (the signer) withdraws a charge not yet paid. */
export async function cancelCharge(ctx: CircularContext, chargeId: IdParameter): Promise<TxResult> {
  const id = forField("chargeId", () => toCircularId(chargeId, "charge id"));
  const seller = await ctx.signerAddress();
  const charge = await existingCharge(ctx, id);
  if (charge.seller !== seller) {
    throw wrongAccount(`Only the seller ${charge.seller} cancels charge ${id}`, seller);
  }
  if (charge.state !== "required") {
    throw wrongState(
      `The charge ${id} is ${charge.state}; only a charge not yet paid is cancelled.`,
    );
  }
  return ctx.send(() => ctx.charges.cancelCharge(id));
}

/**
 * The buyer (the signer) pays a charge's deposit in before its deadline: the client checks the
 * charge and the buyer's balance, and approves core charges for exactly the deposit when the
 * allowance is short. Returns the deposit paid, its token and the deadline to hand a core in.
 */
export async function payCharge(
  ctx: CircularContext,
  chargeId: IdParameter,
): Promise<{ tx: TxResult; amount: bigint; token: string; returnBy: bigint } & PaymentApprovals> {
  const id = forField("chargeId", () => toCircularId(chargeId, "charge id"));
  const buyer = await ctx.signerAddress();
  const charge = await existingCharge(ctx, id);
  if (charge.buyer !== buyer) {
    throw wrongAccount(`Only the buyer ${charge.buyer} pays charge ${id}`, buyer);
  }
  if (charge.state !== "required") {
    throw wrongState(`The charge ${id} is ${charge.state}; only a required charge is paid.`);
  }
  await requireBefore(ctx, charge.returnBy, `The deadline of charge ${id}`);
  const approvals = await pay(ctx, charge.token, buyer, ctx.addresses.coreCharges, charge.amount);
  const tx = await ctx.send(() => ctx.charges.payCharge(id), undefined, charge.token);
  return {
    tx,
    amount: charge.amount,
    token: charge.token,
    returnBy: charge.returnBy,
    ...approvals,
  };
}

/**
 * The buyer (the signer) hands in a graded core of the unit's specification against a paid
 * charge by its deadline: the client checks both, approves core charges for that one core when
 * it may not move it yet, and settles. Returns the grade, the split of the deposit, the seller who
 * keeps the rest and the deposit's token.
 */
export async function settleCharge(
  ctx: CircularContext,
  params: SettleChargeParameters,
): Promise<{
  tx: TxResult;
  grade: number;
  refund: bigint;
  kept: bigint;
  seller: string;
  token: string;
  approval: TxResult | undefined;
}> {
  const id = forField("chargeId", () => toCircularId(params.chargeId, "charge id"));
  const coreId = forField("coreId", () => toPartId(params.coreId, "core id"));
  const buyer = await ctx.signerAddress();
  const charge = await existingCharge(ctx, id);
  if (charge.buyer !== buyer) {
    throw wrongAccount(`Only the buyer ${charge.buyer} settles charge ${id}`, buyer);
  }
  if (charge.state !== "held") {
    throw wrongState(`The charge ${id} is ${charge.state}; only a paid charge is settled.`);
  }
  await requireBefore(ctx, charge.returnBy, `The deadline of charge ${id}`);
  const core = await heldCore(ctx, coreId);
  requireCoreHolder(core, coreId, buyer, "hands it in");
  if (core.spec !== charge.spec) {
    throw new InputError(
      InputErrorCode.UnacceptablePart,
      `The core ${formatPartId(coreId)} is of the specification ${core.spec}, not of the unit's ` +
        `${charge.spec}.`,
    );
  }
  if (core.grade === undefined) {
    throw wrongState(
      `The core ${formatPartId(coreId)} has no grade yet, so its refund cannot be set; have it graded.`,
    );
  }
  const grader = core.grade.grader;
  if (grader === charge.seller || grader === buyer) {
    throw wrongState(
      `The latest grade of core ${formatPartId(coreId)} was given by ${grader}, a party to ` +
        `charge ${id}; another inspector must re-grade it before it is handed in.`,
    );
  }
  const approval = await approveToken(ctx, ctx.cores, coreId, buyer, ctx.addresses.coreCharges);
  const { tx, logs } = await ctx.sendForLogs(
    () => ctx.charges.settleCharge(id, coreId),
    CORE_SENTENCES,
  );
  const [event] = eventsIn(ctx.charges, logs, "CoreChargeSettled");
  assertInvariant(event !== undefined, "settleCharge emitted no CoreChargeSettled event");
  return {
    tx,
    grade: Number(event.args.grade),
    refund: event.args.refund as bigint,
    kept: event.args.kept as bigint,
    seller: charge.seller,
    token: charge.token,
    approval,
  };
}

/**
 * Anyone credits a paid deposit to the seller once the charge's deadline has passed. Returns the
 * amount credited, the seller credited and the deposit's token.
 */
export async function forfeitCharge(
  ctx: CircularContext,
  chargeId: IdParameter,
): Promise<{ tx: TxResult; amount: bigint; seller: string; token: string }> {
  const id = forField("chargeId", () => toCircularId(chargeId, "charge id"));
  ctx.requireSigner();
  const charge = await existingCharge(ctx, id);
  if (charge.state !== "held") {
    throw wrongState(`The charge ${id} is ${charge.state}; only a paid charge is forfeited.`);
  }
  const now = await ctx.chainTime();
  if (now < charge.returnBy) {
    throw wrongState(
      `The charge ${id} is due back by ${formatTime(charge.returnBy)}; it is forfeited only ` +
        `after that (the chain's time is ${formatTime(now)}).`,
    );
  }
  const { tx, logs } = await ctx.sendForLogs(() => ctx.charges.forfeitCharge(id));
  const [event] = eventsIn(ctx.charges, logs, "CoreChargeForfeited");
  assertInvariant(event !== undefined, "forfeitCharge emitted no CoreChargeForfeited event");
  return {
    tx,
    amount: event.args.amount as bigint,
    seller: charge.seller,
    token: charge.token,
  };
}

/**
 * The signer withdraws what a charge owes it, to `to` (itself by default). Returns the amount
 * sent and its token.
 */
export async function withdraw(
  ctx: CircularContext,
  params: WithdrawChargeParameters,
): Promise<{ tx: TxResult; amount: bigint; token: string }> {
  const id = forField("chargeId", () => toCircularId(params.chargeId, "charge id"));
  const given =
    params.to === undefined ? undefined : nonZeroAddress(params.to, "recipient address");
  const account = await ctx.signerAddress();
  const to = given ?? account;
  const charge = await existingCharge(ctx, id);
  const owed = await ctx.read(() => ctx.charges.owed(id, account));
  if (owed === 0n) {
    throw wrongState(`Charge ${id} owes nothing to the signer ${account}.`);
  }
  const { tx, logs } = await ctx.sendForLogs(() => ctx.charges.withdraw(id, to));
  const [event] = eventsIn(ctx.charges, logs, "Withdrawn");
  assertInvariant(event !== undefined, "withdraw emitted no Withdrawn event");
  return { tx, amount: event.args.amount as bigint, token: charge.token };
}

/** What a charge owes `account` (the signer by default), to withdraw. */
export async function owed(ctx: CircularContext, params: OwedParameters): Promise<bigint> {
  const id = forField("chargeId", () => toCircularId(params.chargeId, "charge id"));
  const who =
    params.account === undefined
      ? await ctx.signerAddress()
      : forField("account", () => toAddress(params.account ?? ""));
  return ctx.read(() => ctx.charges.owed(id, who));
}

/**
 * What core charges hold in `token`: deposits held plus credits not yet withdrawn, which equals
 * the contract's balance of it.
 */
export async function liabilities(ctx: CircularContext, token: string): Promise<bigint> {
  const address = forField("token", () => toAddress(token, "token address"));
  return ctx.read(() => ctx.charges.liabilities(address));
}

/** A core charge, or undefined when there is none with this id. */
export async function getCharge(
  ctx: CircularContext,
  chargeId: IdParameter,
): Promise<CoreCharge | undefined> {
  const id = forField("chargeId", () => toCircularId(chargeId, "charge id"));
  let stored;
  try {
    stored = await ctx.read(() => ctx.charges.charge(id));
  } catch (error) {
    if (isRevertOf(error, "CoreChargesUnknownCharge")) return undefined;
    throw error;
  }
  return {
    id,
    seller: stored.seller,
    buyer: stored.buyer,
    token: stored.token,
    amount: stored.amount,
    spec: stored.specHash.toLowerCase() as Hash,
    unitPartId: stored.unitPartId,
    returnBy: stored.returnBy,
    state: enumName(CHARGE_STATES, stored.state, "charge state"),
    refundBps: stored.refundBps.map(Number),
    coreId: stored.coreId === 0n ? undefined : stored.coreId,
  };
}

export async function existingCharge(ctx: CircularContext, id: bigint): Promise<CoreCharge> {
  const charge = await getCharge(ctx, id);
  if (charge === undefined)
    throw new InputError(InputErrorCode.InvalidId, `There is no charge ${id}.`);
  return charge;
}
