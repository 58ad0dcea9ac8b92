import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, parseInvoiceId } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatInvoiceFunded, formatTokenApproved } from "../format.js";
import { invoiceAfter, tokenOf } from "./common.js";

/**
 * `invoice:fund <id> [--permit]`: the payer locks the invoice's total in escrow. Without
 * `--permit`, an ERC-20 approval of exactly the total is sent first when the allowance is short;
 * with it, the payer signs an EIP-2612 permit instead and funds in one transaction.
 */
export default function fundInvoice(
  args: { invoice: string; permit: boolean; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { invoices } = suite;
    let approval;
    let tx;
    if (args.permit) tx = await invoices.fundWithPermit(invoiceId);
    else ({ tx, approval } = await invoices.fund(invoiceId));
    const invoice = await invoiceAfter(invoices, invoiceId);
    const token = await tokenOf(invoices, invoice.token);
    if (approval !== undefined) {
      console.log(formatTokenApproved(invoices.address, invoice.funds.total, token, approval));
    }
    console.log(formatInvoiceFunded(invoice, token, args.permit, tx));
  });
}
