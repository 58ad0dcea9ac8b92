/**
 * The receivable's holder sells it, and an account withdraws what the escrow credited to it
 * because the token refused to deliver a payment.
 */
import { assertInvariant, InputError, InputErrorCode } from "../../core/errors.js";
import type { TxResult } from "../../core/tx.js";
import { nonZeroAddress, forField } from "../../core/validate.js";
import type { EscrowContext } from "../context.js";
import { toInvoiceId } from "../encodings.js";
import type {
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
  const { tx, logs } = await ctx.sendForLogs(() => ctx.contract.withdraw(id, to));
  const [event] = ctx.findEvents(logs, "Withdrawn");
  assertInvariant(event !== undefined, "withdraw emitted no Withdrawn event");
  return { tx, amount: event.args.amount as bigint, token: event.args.token as string };
}

/**
 * The receivable's holder sells it (invoice factoring): an ERC-721 safe transfer of the token
 * whose id is the invoice id. Every later payment of the invoice goes to the new holder.
 */
export async function transferReceivable(
  ctx: EscrowContext,
  params: TransferReceivableParameters,
): Promise<TxResult> {
  const id = forField("invoiceId", () => toInvoiceId(params.invoiceId));
  const to = forField("to", () => nonZeroAddress(params.to, "recipient address"));
  if (to === ctx.address) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      "A receivable cannot be sent to the escrow itself.",
      { field: "to" },
    );
  }
  const from = await ctx.signerAddress();
  return ctx.send(() => ctx.contract["safeTransferFrom(address,address,uint256)"](from, to, id));
}
