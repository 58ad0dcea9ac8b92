import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { requireAddressOption } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatInvoiceWithdrawn } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:withdraw <id> --to <address>`: sends what the invoice credited to the signer
 * (payments it could not receive), in the invoice's token, to any address.
 */
export default function withdraw(
  args: { invoice: string; to: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const to = requireAddressOption(args.to, "--to", "recipient");
    const { suite } = await connectAs(hre, args.from, "the account the invoice credited");
    const { invoices } = suite;
    const { tx, amount } = await invoices.withdraw({ invoiceId, to });
    const invoice = await invoices.getInvoice(invoiceId);
    const token = await tokenOf(invoices, invoice?.token ?? "");
    printResult(args.json, { invoiceId, amount, to, token, tx }, () =>
      formatInvoiceWithdrawn(invoiceId, amount, to, token, tx),
    );
  }, INVOICING_FLAGS);
}
