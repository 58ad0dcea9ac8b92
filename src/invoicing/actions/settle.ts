/**
 * The actions that end an invoice's open money: the parties cancel a proposed invoice, and
 * anyone refunds the payer once deliveries are no longer taken.
 */
import type { TxResult } from "../../core/tx.js";
import type { EscrowContext } from "../context.js";
import { toInvoiceId } from "../encodings.js";
import { forField } from "../../core/validate.js";
import { assertInvariant } from "../../core/errors.js";
import { paymentsIn, settledIn } from "../receipts.js";
import { withAgreement } from "../agreement.js";
import type { InvoiceAgreement, InvoiceIdParameter, ReclaimResult } from "../types.js";

/** The supplier withdraws a proposed invoice, or the payer declines it. */
export async function cancel(
  ctx: EscrowContext,
  invoiceId: InvoiceIdParameter,
  given?: InvoiceAgreement,
): Promise<TxResult> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  return withAgreement(ctx, id, given, (agreement) =>
    ctx.send(() => ctx.contract.cancel(id, agreement)),
  );
}

/**
 * After the due date plus grace period, anyone refunds the payer every pending milestone.
 * Returns what went back and which milestones, from the `MilestoneRefunded` events, and the
 * payer refunded and the invoice's token, from the refund's payment (its ERC-20 `Transfer`, or
 * the `PaymentDeferred` credit when the token refused it).
 */
export async function reclaim(
  ctx: EscrowContext,
  invoiceId: InvoiceIdParameter,
  given?: InvoiceAgreement,
): Promise<ReclaimResult> {
  const id = forField("invoiceId", () => toInvoiceId(invoiceId));
  const { tx, logs } = await withAgreement(ctx, id, given, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.reclaim(id, agreement)),
  );
  const refunds = ctx.findEvents(logs, "MilestoneRefunded");
  const [refund] = paymentsIn(ctx, logs);
  assertInvariant(refund !== undefined, "reclaim paid nothing out of the escrow");
  return {
    tx,
    refunded: refunds.reduce((sum, e) => sum + (e.args.amount as bigint), 0n),
    indexes: refunds.map((e) => Number(e.args.index)),
    settled: settledIn(ctx, logs),
    payer: refund.to,
    token: refund.token,
  };
}
