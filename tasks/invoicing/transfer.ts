import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseNonZeroAddress } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatReceivableTransferred } from "./format.js";
import { INVOICE_TRANSFER_FLAGS } from "./flags.js";

/**
 * `invoice:transfer <id> <to>`: the receivable's holder sells it (invoice factoring); every later
 * payment of the invoice goes to the new holder.
 */
export default function transferReceivable(
  args: { invoice: string; to: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const to = parseNonZeroAddress(args.to, "recipient address");
    const { suite } = await connectAs(
      hre,
      args.from,
      invoiceSigner(invoiceId, "receivableHolder", "the receivable's holder"),
    );
    const tx = await suite.invoices.transferReceivable({ invoiceId, to });
    printResult(args.json, { invoiceId, to, tx }, () =>
      formatReceivableTransferred(invoiceId, to, tx),
    );
  }, INVOICE_TRANSFER_FLAGS);
}
