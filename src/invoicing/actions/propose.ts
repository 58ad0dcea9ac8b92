/** `proposeInvoice`: the supplier proposes an invoice, which the payer agrees to by funding it. */
import { type Result, ZeroAddress } from "ethers";
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { nonZeroAddress, requireFuture, toUnixSeconds, forField } from "../../core/validate.js";
import type { EscrowContext } from "../context.js";
import {
  checkAmountShape,
  INVOICE_LIMITS,
  milestoneKindIndex,
  toPeriod,
  toTokenAmount,
} from "../encodings.js";
import { agreementFromEvent, remember } from "../agreement.js";
import { checkMilestones } from "../preflight.js";
import type {
  InvoiceAgreement,
  ProposeInvoiceParameters,
  ProposeInvoiceResult,
  TokenAmount,
} from "../types.js";

/**
 * The supplier (the signer, an active participant) proposes an invoice to the payer, who agrees
 * by funding it. Amounts given as strings are in token units and scaled by the token's
 * `decimals()`. A lateness penalty needs both a penalty per day and a cap; the cap applies to
 * each delivery milestone on its own. Returns the new invoice's id, total, milestone count, due
 * date, token and agreement (which every later call passes back; the client keeps it), read
 * from its `InvoiceProposed` event.
 */
export async function proposeInvoice(
  ctx: EscrowContext,
  params: ProposeInvoiceParameters,
): Promise<ProposeInvoiceResult> {
  const payer = forField("payer", () => nonZeroAddress(params.payer, "payer address"));
  const token = forField("token", () => nonZeroAddress(params.token, "token address"));
  const arbiter =
    params.arbiter === undefined
      ? ZeroAddress
      : forField("arbiter", () => nonZeroAddress(params.arbiter as string, "arbiter address"));
  if (arbiter === payer) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The arbiter ${arbiter} is the payer; the arbiter must be neither party.`,
      { field: "arbiter" },
    );
  }
  const dueDate = forField("dueDate", () => toUnixSeconds(params.dueDate, "due date"));
  const acceptanceWindow = forField("acceptanceWindow", () =>
    toPeriod(params.acceptanceWindow, "acceptance window", 0n, INVOICE_LIMITS.maxPeriod),
  );
  const gracePeriod = forField("gracePeriod", () =>
    toPeriod(params.gracePeriod, "grace period", 0n, INVOICE_LIMITS.maxPeriod),
  );
  const rulingPeriod = forField("rulingPeriod", () =>
    toPeriod(
      params.rulingPeriod,
      "ruling period",
      INVOICE_LIMITS.minRulingPeriod,
      INVOICE_LIMITS.maxPeriod,
    ),
  );
  const milestones = checkMilestones(params.milestones);
  const amounts = [
    ...milestones.map((m, i) => ({
      value: m.amount,
      what: `amount of milestone ${i}`,
      field: `milestones[${i}].amount`,
      aboveZero: true,
    })),
    ...(params.penaltyPerDay === undefined
      ? []
      : [
          {
            value: params.penaltyPerDay,
            what: "penalty per day",
            field: "penaltyPerDay",
            aboveZero: false,
          },
        ]),
    ...(params.penaltyCap === undefined
      ? []
      : [{ value: params.penaltyCap, what: "penalty cap", field: "penaltyCap", aboveZero: false }]),
  ];
  for (const { value, what, field, aboveZero } of amounts) {
    forField(field, () => checkAmountShape(value, what, undefined, { aboveZero }));
  }

  const supplier = await ctx.signerAddress();
  if (payer === supplier) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The payer ${payer} is the signer, who proposes as the supplier; a supplier cannot ` +
        "invoice itself.",
      { field: "payer" },
    );
  }
  if (arbiter === supplier) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The arbiter ${arbiter} is the signer, the supplier; the arbiter must be neither party.`,
      { field: "arbiter" },
    );
  }
  const now = await ctx.chainTime();
  forField("dueDate", () => requireFuture(dueDate, now, "due date"));
  const needsDecimals = amounts.some(({ value }) => typeof value === "string");
  const decimals = needsDecimals ? (await ctx.tokenInfo(token)).decimals : 0;
  const scale = (value: TokenAmount, what: string, field: string, min: bigint, max: bigint) =>
    forField(field, () => toTokenAmount(value, decimals, what, { min, max }));

  const terms: InvoiceAgreement["milestones"] = milestones.map((m, i) => ({
    amount: scale(
      m.amount,
      `amount of milestone ${i}`,
      `milestones[${i}].amount`,
      1n,
      INVOICE_LIMITS.maxAmount,
    ),
    kind: milestoneKindIndex(m.kind),
    quantity: m.quantity,
    specHash: m.spec,
  }));
  const total = terms.reduce((sum, m) => sum + m.amount, 0n);
  if (total > INVOICE_LIMITS.maxAmount) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The milestones add up to ${total}, more than the escrow can hold (2^128 - 1).`,
      { field: "milestones" },
    );
  }
  const penaltyPerDay =
    params.penaltyPerDay === undefined
      ? 0n
      : scale(
          params.penaltyPerDay,
          "penalty per day",
          "penaltyPerDay",
          0n,
          INVOICE_LIMITS.maxPenalty,
        );
  const penaltyCap =
    params.penaltyCap === undefined
      ? 0n
      : scale(params.penaltyCap, "penalty cap", "penaltyCap", 0n, INVOICE_LIMITS.maxPenalty);
  if (penaltyPerDay > 0n && penaltyCap === 0n) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "A penalty per day needs a penalty cap above zero: the contract caps each late " +
        "delivery's penalty at it, so a cap of zero means no penalty at all.",
      { field: "penaltyCap" },
    );
  }
  if (penaltyCap > 0n && penaltyPerDay === 0n) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "A penalty cap was given without a penalty per day; give both, or neither.",
      { field: "penaltyPerDay" },
    );
  }

  const agreement: InvoiceAgreement = {
    supplier,
    terms: {
      payer,
      token,
      dueDate,
      acceptanceWindow,
      gracePeriod,
      rulingPeriod,
      arbiter,
      penaltyPerDay,
      penaltyCap,
    },
    milestones: terms,
  };
  const { tx, logs } = await ctx.sendForLogs(
    () => ctx.contract.proposeInvoice(agreement),
    undefined,
    token,
  );
  const [event] = ctx.findEvents(logs, "InvoiceProposed");
  assertInvariant(event !== undefined, "proposeInvoice emitted no InvoiceProposed event");
  const invoiceId = event.args.invoiceId as bigint;
  const known = remember(ctx, invoiceId, {
    agreement: agreementFromEvent(event.args.invoice as Result),
    blockNumber: tx.blockNumber,
    transactionHash: tx.hash,
    total: event.args.total as bigint,
  });
  return {
    tx,
    invoiceId,
    total: known.total,
    milestoneCount: known.agreement.milestones.length,
    dueDate: known.agreement.terms.dueDate,
    token: known.agreement.terms.token,
    agreement: known.agreement,
  };
}
