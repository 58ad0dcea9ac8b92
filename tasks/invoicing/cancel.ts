import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseInvoiceId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatInvoiceCancelled } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/** `invoice:cancel <id>`: the supplier withdraws a proposed invoice, or the payer declines it. */
export default function cancelInvoice(
  args: { invoice: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const { suite } = await connectAs(
      hre,
      args.from,
      invoiceSigner(invoiceId, "supplier", "the invoice's supplier (or its payer, to decline it)"),
    );
    const tx = await suite.invoices.cancel(invoiceId);
    printResult(args.json, { invoiceId, tx }, () => formatInvoiceCancelled(invoiceId, tx));
  }, INVOICING_FLAGS);
}
