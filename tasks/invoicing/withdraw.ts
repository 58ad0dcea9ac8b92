import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireAddressOption } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatInvoiceWithdrawn } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:withdraw <id> --to <address>`: sends what the invoice credited to the signer
 * (payments it could not receive), in the invoice's token, to any address.
 */
export default function withdraw(
  args: { invoice: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const to = requireAddressOption(args.to, "--to", "recipient");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { invoices } = suite;
    const { tx, amount } = await invoices.withdraw({ invoiceId, to });
    const invoice = await invoices.getInvoice(invoiceId);
    const token = await tokenOf(invoices, invoice?.token ?? "");
    console.log(formatInvoiceWithdrawn(invoiceId, amount, to, token, tx));
  }, INVOICING_FLAGS);
}
