/**
 * The supplier assigns the receivable, its holder sells it, and an account withdraws what the escrow credited to it
 * because the token refused to deliver a payment.
 */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import type { TxResult } from "../../core/tx.js";
import { nonZeroAddress, forField } from "../../core/validate.js";
import type { EscrowContext } from "../context.js";
import { toInvoiceId } from "../encodings.js";
import { readRecord, withAgreement } from "../agreement.js";
import type {
  AssignReceivableParameters,
  AssignReceivableResult,
  InvoiceWithdrawResult,
  TransferReceivableParameters,
  WithdrawParameters,
} from "../types.js";

/**
 * Sends what an invoice credited to the signer (payments the token refused to deliver to it),
 * in the invoice's token, to `to`. Returns the amount sent and the token, read from the
 * `Withdrawn` event.
 */
export async function withdraw(
  ctx: EscrowContext,
  params: WithdrawParameters,
): Promise<InvoiceWithdrawResult> {
  const id = forField("invoiceId", () => toInvoiceId(params.invoiceId));
  const to = forField("to", () => nonZeroAddress(params.to, "recipient address"));
  const { tx, logs } = await withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.withdraw(id, agreement, to)),
  );
  const [event] = ctx.findEvents(logs, "Withdrawn");
  assertInvariant(event !== undefined, "withdraw emitted no Withdrawn event");
  return { tx, amount: event.args.amount as bigint, token: event.args.token as string };
}

/**
 * The supplier (the signer) assigns its right to be paid: the receivable of a funded invoice, an
 * ERC-721 whose id is the invoice id, is minted to `holder` (the supplier itself, or a financier
 * it sells it to), and every later payment of the invoice goes to whoever holds it. Once per
 * invoice; until then payments go to the supplier. The escrow refuses a holder that is the
 * invoice's arbiter (`InvoiceEscrowReceivableToArbiter`), a second assignment
 * (`InvoiceEscrowReceivableAssigned`), and anyone but the supplier. Returns the holder, from the
 * `ReceivableAssigned` event.
 */
export async function assignReceivable(
  ctx: EscrowContext,
  params: AssignReceivableParameters,
): Promise<AssignReceivableResult> {
  const id = forField("invoiceId", () => toInvoiceId(params.invoiceId));
  const holder = forField("holder", () => nonZeroAddress(params.holder, "holder address"));
  refuseEscrow(ctx, holder, "holder");
  const { tx, logs } = await withAgreement(ctx, id, params.agreement, (agreement) =>
    ctx.sendForLogs(() => ctx.contract.assignReceivable(id, agreement, holder)),
  );
  const [event] = ctx.findEvents(logs, "ReceivableAssigned");
  assertInvariant(event !== undefined, "assignReceivable emitted no ReceivableAssigned event");
  return { tx, holder: event.args.holder as string };
}

/**
 * The receivable's holder sells it (invoice factoring): an ERC-721 safe transfer of the token
 * whose id is the invoice id. Every later payment of the invoice goes to the new holder. A
 * receivable the supplier has not assigned yet does not exist: refused with a sentence that says
 * to assign it first ({@link assignReceivable}).
 */
export async function transferReceivable(
  ctx: EscrowContext,
  params: TransferReceivableParameters,
): Promise<TxResult> {
  const id = forField("invoiceId", () => toInvoiceId(params.invoiceId));
  const to = forField("to", () => nonZeroAddress(params.to, "recipient address"));
  refuseEscrow(ctx, to, "to");
  const from = await ctx.signerAddress();
  const record = await readRecord(ctx, id);
  if (!record.assigned) {
    throw new InputError(
      InputErrorCode.WrongState,
      `The receivable of invoice ${id} is not assigned yet, so there is none to transfer: the ` +
        `supplier ${record.supplier} assigns it first (assignReceivable, or invoice:assign) to ` +
        "the holder it names, once the invoice is funded; until then payments go to the supplier.",
    );
  }
  return ctx.send(() => ctx.contract["safeTransferFrom(address,address,uint256)"](from, to, id));
}

/** Refuses the escrow itself as a receivable's holder (payments to it would be lost). */
function refuseEscrow(ctx: EscrowContext, account: string, field: string): void {
  if (account === ctx.address) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      "A receivable cannot be sent to the escrow itself.",
      { field },
    );
  }
}
