import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../shared/output.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { type Credit } from "../shared/format.js";
import { formatInvoice, invoiceToJson } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:show <id> [--json]`: the invoice, its milestones, and where every token of it is: held
 * in escrow, released to whom (from its events since the address book's start block), refunded to
 * the payer, and credited but not yet withdrawn.
 */
export default function showInvoice(
  args: { invoice: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const { suite } = await connect(hre);
    const { invoices } = suite;
    const invoice = await invoices.getInvoice(invoiceId);
    if (invoice === undefined) throw notFound(`There is no invoice ${invoiceId}.`);
    const [token, payments] = await Promise.all([
      tokenOf(invoices, invoice.token),
      invoices.payments({ invoiceId, fromBlock: suite.addressBook.startBlock }),
    ]);
    const accounts = new Set([invoice.supplier, invoice.payer]);
    if (invoice.receivableHolder !== undefined) accounts.add(invoice.receivableHolder);
    for (const payment of payments) {
      if (payment.kind === "release") accounts.add(payment.payee);
      if (payment.kind === "deferred") accounts.add(payment.account);
    }
    const credits: Credit[] = await Promise.all(
      [...accounts].map(async (account) => ({
        account,
        amount: await invoices.owed({ invoiceId, account }),
      })),
    );
    if (args.json) printJson(invoiceToJson(invoice, token, payments, credits));
    else console.log(formatInvoice(invoice, token, payments, credits));
  }, INVOICING_FLAGS);
}
