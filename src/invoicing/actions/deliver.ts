/** `deliver`: delivery versus payment of parts against a delivery milestone. */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import { formatTime, forField } from "../../core/validate.js";
import { formatPartId, toPartId } from "../../provenance/encodings.js";
import { type EscrowContext, NO_RECEIVABLE_SENTENCES } from "../context.js";
import { INVOICE_LIMITS, toInvoiceId, toMilestoneIndex } from "../encodings.js";
import { milestoneOf, requireDeliverable, wrongState } from "../preflight.js";
import { loadInvoice } from "../reads.js";
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
 * from the invoice the checks read, the payer the parts went to, the milestone's amount and the
 * token.
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
  const invoice = await loadInvoice(ctx, id);
  if (invoice.state !== "funded") {
    throw wrongState(
      `The invoice ${id} is ${invoice.state}; parts are delivered only against a funded invoice.`,
    );
  }
  if (invoice.supplier !== supplier) {
    throw new InputError(
      InputErrorCode.WrongAccount,
      `Only the supplier ${invoice.supplier} delivers against invoice ${id}; the signer is ${supplier}.`,
    );
  }
  const milestone = milestoneOf(invoice, index);
  if (milestone.kind !== "delivery") {
    throw wrongState(
      `Milestone ${index} of invoice ${id} is an approval milestone: the payer approves it, ` +
        "nothing is delivered against it.",
    );
  }
  if (milestone.state !== "pending") {
    throw wrongState(
      `Milestone ${index} of invoice ${id} is ${milestone.state}; parts are delivered only ` +
        "against a pending milestone.",
    );
  }
  const now = await ctx.chainTime();
  const lastMoment = invoice.dueDate + invoice.gracePeriod;
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
      spec: milestone.spec,
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
  const { tx, logs } = await ctx.sendForLogs(
    () => ctx.contract.deliver(id, index, partIds),
    NO_RECEIVABLE_SENTENCES,
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
    payer: invoice.payer,
    amount: milestone.amount,
    token: invoice.token,
  };
}
