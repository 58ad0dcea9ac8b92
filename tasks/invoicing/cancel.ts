import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatInvoiceCancelled } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/** `invoice:cancel <id>`: the supplier withdraws a proposed invoice, or the payer declines it. */
export default function cancelInvoice(
  args: { invoice: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.invoices.cancel(invoiceId);
    console.log(formatInvoiceCancelled(invoiceId, tx));
  }, INVOICING_FLAGS);
}
