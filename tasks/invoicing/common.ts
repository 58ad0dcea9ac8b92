import type { SignerNeed } from "../shared/signer.js";
import { assertInvariant, type Invoice, type InvoicesClient } from "../../src/index.js";

/** An invoice that must exist (the task just acted on it). */
export async function invoiceAfter(invoices: InvoicesClient, invoiceId: bigint): Promise<Invoice> {
  const invoice = await invoices.getInvoice(invoiceId);
  assertInvariant(invoice !== undefined, `invoice ${invoiceId} vanished after a transaction`);
  return invoice;
}

/**
 * The signer an invoice task needs when `--from` is omitted: `role` (e.g. "the invoice's payer"),
 * with the address read from the invoice's `party` field.
 */
export function invoiceSigner(
  invoiceId: bigint,
  party: "payer" | "supplier" | "arbiter" | "receivableHolder",
  role: string,
): SignerNeed {
  return {
    role,
    holder: async (suite) => (await suite.invoices.getInvoice(invoiceId))?.[party],
  };
}
