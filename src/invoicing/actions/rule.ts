/** `rule`: the invoice's arbiter splits a disputed milestone between the two sides. */
import type { EscrowContext } from "../context.js";
import { checkAmountShape, INVOICE_LIMITS, toTokenAmount } from "../encodings.js";
import { forField } from "../../core/validate.js";
import { agreementOf, withAgreement } from "../agreement.js";
import { releaseIn, settledIn } from "../receipts.js";
import type { RuleParameters, RuleResult } from "../types.js";
import { milestoneRef } from "./milestones.js";

/**
 * The invoice's arbiter rules on a disputed milestone: `toPayee` to the receivable holder, the
 * rest back to the payer. A string amount is in token units of the invoice's token. Returns the
 * split as paid, from the `MilestoneReleased` event, and the payer and the token, from the
 * invoice's agreement (which gives the token's decimals).
 */
export async function rule(ctx: EscrowContext, params: RuleParameters): Promise<RuleResult> {
  const [id, index] = milestoneRef(params);
  forField("toPayee", () => checkAmountShape(params.toPayee, "ruling to the payee"));
  const agreed = await agreementOf(ctx, id, params.agreement);
  const { payer, token } = agreed.terms;
  const decimals = typeof params.toPayee === "string" ? (await ctx.tokenInfo(token)).decimals : 0;
  const toPayee = forField("toPayee", () =>
    toTokenAmount(params.toPayee, decimals, "ruling to the payee", {
      min: 0n,
      max: INVOICE_LIMITS.maxAmount,
    }),
  );
  const { tx, logs } = await withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.rule(id, agreement, index, toPayee), undefined, token),
  );
  return { tx, release: releaseIn(ctx, logs, "rule"), settled: settledIn(ctx, logs), payer, token };
}
