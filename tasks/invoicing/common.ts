import { assertInvariant, type Invoice, type InvoicesClient } from "../../src/index.js";

/** An invoice that must exist (the task just acted on it). */
export async function invoiceAfter(invoices: InvoicesClient, invoiceId: bigint): Promise<Invoice> {
  const invoice = await invoices.getInvoice(invoiceId);
  assertInvariant(invoice !== undefined, `invoice ${invoiceId} vanished after a transaction`);
  return invoice;
}
