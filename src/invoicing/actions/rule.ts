/** `rule`: the invoice's arbiter splits a disputed milestone between the two sides. */
import type { EscrowContext } from "../context.js";
import { checkAmountShape, INVOICE_LIMITS, toTokenAmount } from "../encodings.js";
import { forField } from "../../core/validate.js";
import { loadInvoice } from "../reads.js";
import { releaseIn, settledIn } from "../receipts.js";
import type { ReleaseResult, RuleParameters } from "../types.js";
import { milestoneRef } from "./milestones.js";

/**
 * The invoice's arbiter rules on a disputed milestone: `toPayee` to the receivable holder, the
 * rest back to the payer. A string amount is in token units of the invoice's token. Returns the
 * split as paid, from the `MilestoneReleased` event.
 */
export async function rule(ctx: EscrowContext, params: RuleParameters): Promise<ReleaseResult> {
  const [id, index] = milestoneRef(params);
  forField("toPayee", () => checkAmountShape(params.toPayee, "ruling to the payee"));
  let decimals = 0;
  if (typeof params.toPayee === "string") {
    const invoice = await loadInvoice(ctx, id);
    decimals = (await ctx.tokenInfo(invoice.token)).decimals;
  }
  const toPayee = forField("toPayee", () =>
    toTokenAmount(params.toPayee, decimals, "ruling to the payee", {
      min: 0n,
      max: INVOICE_LIMITS.maxAmount,
    }),
  );
  const { tx, logs } = await ctx.sendForLogs(() => ctx.contract.rule(id, index, toPayee));
  return { tx, release: releaseIn(ctx, logs, "rule"), settled: settledIn(ctx, logs) };
}
