/**
 * The milestone actions that take only the milestone (and a reason) and the invoice's agreement:
 * the payer approves or accepts, anyone claims a lapsed window or lets a dispute lapse, and a
 * party rejects or disputes. Each returns what its receipt says: a release, the payment, whether it settled the
 * invoice and the invoice's token.
 */
import { assertInvariant } from "../../core/errors.js";
import { toDocumentHash, forField } from "../../core/validate.js";
import type { EscrowContext } from "../context.js";
import { MILESTONE_STATES, toInvoiceId, toMilestoneIndex } from "../encodings.js";
import { withAgreement } from "../agreement.js";
import { releaseResultIn } from "../receipts.js";
import type {
  DisputeParameters,
  LapseResult,
  MilestoneRefParameters,
  ReleaseResult,
} from "../types.js";
import type { TxResult } from "../../core/tx.js";

/** The invoice id and milestone index of the parameters, checked. */
export function milestoneRef(params: MilestoneRefParameters): [bigint, number] {
  return [
    forField("invoiceId", () => toInvoiceId(params.invoiceId)),
    forField("index", () => toMilestoneIndex(params.index)),
  ];
}

/**
 * The payer approves an approval milestone: it is paid to the receivable holder. Returns the
 * payment, whether it settled the invoice and the token.
 */
export async function approveMilestone(
  ctx: EscrowContext,
  params: MilestoneRefParameters,
): Promise<ReleaseResult> {
  const [id, i] = milestoneRef(params);
  const { tx, logs } = await withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.approveMilestone(id, agreement, i)),
  );
  return { tx, ...releaseResultIn(ctx, logs, "approveMilestone") };
}

/**
 * The payer accepts a held delivery before its window ends: it is paid at once. Returns the
 * payment, whether it settled the invoice and the token.
 */
export async function acceptDelivery(
  ctx: EscrowContext,
  params: MilestoneRefParameters,
): Promise<ReleaseResult> {
  const [id, i] = milestoneRef(params);
  const { tx, logs } = await withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.acceptDelivery(id, agreement, i)),
  );
  return { tx, ...releaseResultIn(ctx, logs, "acceptDelivery") };
}

/**
 * After a delivery's acceptance window lapses, anyone releases its payment. Returns the payment,
 * whether it settled the invoice and the token.
 */
export async function claim(
  ctx: EscrowContext,
  params: MilestoneRefParameters,
): Promise<ReleaseResult> {
  const [id, i] = milestoneRef(params);
  const { tx, logs } = await withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.claim(id, agreement, i)),
  );
  return { tx, ...releaseResultIn(ctx, logs, "claim") };
}

/**
 * After the ruling period passes with no ruling, anyone lets the dispute lapse; the milestone
 * goes back to where it was (`restored`, from the `DisputeLapsed` event). The escrow needs no
 * agreement for this: an `agreement` given is not used.
 */
export async function lapseDispute(
  ctx: EscrowContext,
  params: MilestoneRefParameters,
): Promise<LapseResult> {
  const [id, i] = milestoneRef(params);
  const { tx, logs } = await ctx.sendForLogs(() => ctx.contract.lapseDispute(id, i));
  const [event] = ctx.findEvents(logs, "DisputeLapsed");
  assertInvariant(event !== undefined, "lapseDispute emitted no DisputeLapsed event");
  const restored = MILESTONE_STATES[Number(event.args.restored)];
  assertInvariant(restored !== undefined, `unknown milestone state ${event.args.restored}`);
  return { tx, restored };
}

/**
 * The payer rejects a held delivery within its acceptance window, for a reason (the hash of the
 * rejection report), which opens a dispute for the arbiter.
 */
export async function rejectDelivery(
  ctx: EscrowContext,
  params: DisputeParameters,
): Promise<TxResult> {
  const [id, i] = milestoneRef(params);
  const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
  return withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.send(() => ctx.contract.rejectDelivery(id, agreement, i, reason)),
  );
}

/**
 * A party disputes a milestone whose money is still held, for a reason (the hash of the
 * document that says why): the payer a delivery within its acceptance window, the supplier a
 * pending milestone before the due date plus grace period. A delivery back from a lapsed
 * dispute cannot be disputed again.
 */
export async function dispute(ctx: EscrowContext, params: DisputeParameters): Promise<TxResult> {
  const [id, i] = milestoneRef(params);
  const reason = forField("reasonHash", () => toDocumentHash(params.reasonHash, "reason hash"));
  return withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.send(() => ctx.contract.dispute(id, agreement, i, reason)),
  );
}
