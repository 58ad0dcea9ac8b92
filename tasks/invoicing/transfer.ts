import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, parseNonZeroAddress } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatReceivableTransferred } from "./format.js";
import { INVOICE_TRANSFER_FLAGS } from "./flags.js";

/**
 * `invoice:transfer <id> <to>`: the receivable's holder sells it (invoice factoring); every later
 * payment of the invoice goes to the new holder.
 */
export default function transferReceivable(
  args: { invoice: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const to = parseNonZeroAddress(args.to, "recipient address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.invoices.transferReceivable({ invoiceId, to });
    console.log(formatReceivableTransferred(invoiceId, to, tx));
  }, INVOICE_TRANSFER_FLAGS);
}
