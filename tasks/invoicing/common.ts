import {
  assertInvariant,
  type Invoice,
  type InvoicesClient,
  type TokenInfo,
} from "../../src/index.js";

/** An invoice that must exist (the task just acted on it). */
export async function invoiceAfter(invoices: InvoicesClient, invoiceId: bigint): Promise<Invoice> {
  const invoice = await invoices.getInvoice(invoiceId);
  assertInvariant(invoice !== undefined, `invoice ${invoiceId} vanished after a transaction`);
  return invoice;
}

/**
 * The invoice's token, to print amounts in token units; a token that does not report its
 * metadata is printed in its smallest unit, under its address.
 */
export async function tokenOf(invoices: InvoicesClient, token: string): Promise<TokenInfo> {
  try {
    return await invoices.tokenInfo(token);
  } catch {
    return { address: token, name: "", symbol: "", decimals: 0 };
  }
}
