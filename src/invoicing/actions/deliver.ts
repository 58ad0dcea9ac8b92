/** `deliver`: delivery versus payment of parts against a delivery milestone. */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { formatTime, forField } from "../../core/validate.js";
import { formatPartId, toPartId } from "../../provenance/encodings.js";
import { type EscrowContext, NO_RECEIVABLE_SENTENCES } from "../context.js";
import type { Hash } from "../../core/hashing.js";
import { agreementOf, readRecord, withAgreement } from "../agreement.js";
import {
  INVOICE_LIMITS,
  invoiceStateName,
  MILESTONE_KINDS,
  milestoneStateName,
  toInvoiceId,
  toMilestoneIndex,
} from "../encodings.js";
import { milestoneOf, requireDeliverable, wrongState } from "../preflight.js";
import { releasesIn, settledIn } from "../receipts.js";
import type { DeliverParameters, DeliverResult, PartApproval } from "../types.js";

/**
 * Delivery versus payment: the supplier (the signer) delivers parts against a delivery
 * milestone; in the same transaction the parts move to the payer and the payment is released
 * (or held for the acceptance window). The client first checks the invoice, the milestone, the
 * deadline (due date plus grace period) and every part (held by the supplier, of the
 * milestone's specification, conforming). It then approves the escrow on the parts registry
 * for each delivered part it may not move yet, one ERC-721 `approve(escrow, partId)` per part
 * (the approval lapses when the part moves), and returns those transactions as `approvals`, in
 * the order of the parts. It never grants an operator approval over all the supplier's parts
 * (`setApprovalForAll`); a part already approved (or covered by an operator approval the
 * supplier gave itself) is skipped. From the `Delivered` event: the lateness penalty and how
 * long the payment is held; from `MilestoneReleased`, the payment when it was released at once;
 * from the invoice's agreement, the payer the parts went to, the milestone's amount and the
 * token. The checks read the escrow's record and the milestone's state; the agreement is the
 * caller's (`agreement`, refused first when it does not hash to the one stored) or the one the
 * invoice's proposal gives.
 */
export async function deliver(
  ctx: EscrowContext,
  params: DeliverParameters,
): Promise<DeliverResult> {
  const id = forField("invoiceId", () => toInvoiceId(params.invoiceId));
  const index = forField("index", () => toMilestoneIndex(params.index));
  const partIds = params.partIds.map((partId, i) =>
    forField(`partIds[${i}]`, () => toPartId(partId, `part id ${i + 1}`)),
  );
  if (partIds.length === 0 || partIds.length > INVOICE_LIMITS.maxDelivery) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A delivery takes 1 to ${INVOICE_LIMITS.maxDelivery} parts; got ${partIds.length}.`,
      { field: "partIds" },
    );
  }
  partIds.forEach((partId, i) => {
    if (partIds.indexOf(partId) !== i) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The part ${formatPartId(partId)} is given twice.`,
        { field: `partIds[${i}]` },
      );
    }
  });
  const supplier = await ctx.signerAddress();
  const record = await readRecord(ctx, id);
  const state = invoiceStateName(record.state);
  if (state !== "funded") {
    throw wrongState(
      `The invoice ${id} is ${state}; parts are delivered only against a funded invoice.`,
    );
  }
  if (record.supplier !== supplier) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `Only the supplier ${record.supplier} delivers against invoice ${id}; the signer is ${supplier}.`,
    );
  }
  const agreement = await agreementOf(ctx, id, params.agreement, record);
  const milestone = milestoneOf(id, agreement, index);
  if (MILESTONE_KINDS[milestone.kind] !== "delivery") {
    throw wrongState(
      `Milestone ${index} of invoice ${id} is an approval milestone: the payer approves it, ` +
        "nothing is delivered against it.",
    );
  }
  const status = await ctx.read(() => ctx.contract.milestone(id, index));
  const milestoneState = milestoneStateName(status.state);
  if (milestoneState !== "pending") {
    throw wrongState(
      `Milestone ${index} of invoice ${id} is ${milestoneState}; parts are delivered only ` +
        "against a pending milestone.",
    );
  }
  const now = await ctx.chainTime();
  const lastMoment = agreement.terms.dueDate + agreement.terms.gracePeriod;
  if (now >= lastMoment) {
    throw new InputError(
      InputErrorCode.TimeInPast,
      `Deliveries against invoice ${id} were taken until ${formatTime(lastMoment)} (the due ` +
        `date plus the grace period); the chain's time is ${formatTime(now)}.`,
    );
  }
  if (BigInt(partIds.length) !== milestone.quantity) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `Milestone ${index} of invoice ${id} needs exactly ${milestone.quantity} parts; ` +
        `${partIds.length} were given.`,
      { field: "partIds" },
    );
  }
  const registry = await ctx.partsRegistry();
  for (const [i, partId] of partIds.entries()) {
    await requireDeliverable(ctx, registry, {
      partId,
      supplier,
      spec: milestone.specHash.toLowerCase() as Hash,
      field: `partIds[${i}]`,
    });
  }
  const approvals: PartApproval[] = [];
  const operator = await ctx.read(() => registry.isApprovedForAll(supplier, ctx.address));
  for (const partId of operator ? [] : partIds) {
    const approved = await ctx.read(() => registry.getApproved(partId));
    if (approved === ctx.address) continue;
    const tx = await ctx.send(() => registry.approve(ctx.address, partId), NO_RECEIVABLE_SENTENCES);
    approvals.push({ partId, tx });
  }
  const { tx, logs } = await withAgreement(ctx, id, agreement, (agreed) =>
    ctx.sendForLogs(
      () => ctx.contract.deliver(id, agreed, index, partIds),
      NO_RECEIVABLE_SENTENCES,
    ),
  );
  const [delivered] = ctx.findEvents(logs, "Delivered");
  assertInvariant(delivered !== undefined, "deliver emitted no Delivered event");
  const heldUntil = delivered.args.deadline as bigint;
  return {
    tx,
    approvals,
    penalty: delivered.args.penalty as bigint,
    heldUntil: heldUntil === 0n ? undefined : heldUntil,
    release: releasesIn(ctx, logs)[0],
    settled: settledIn(ctx, logs),
    payer: agreement.terms.payer,
    amount: milestone.amount,
    token: agreement.terms.token,
  };
}
