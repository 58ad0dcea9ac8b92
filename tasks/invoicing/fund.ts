import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatAllowanceReset, formatInvoiceFunded, formatTokenApproved } from "./format.js";
import { invoiceAfter, tokenOf } from "./common.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:fund <id> [--permit]`: the payer locks the invoice's total in escrow. Without
 * `--permit`, an ERC-20 approval of exactly the total is sent first when the allowance is short
 * (after an approval of zero when the short allowance is not zero, for USDT-style tokens);
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
    let allowanceReset;
    let tx;
    if (args.permit) ({ tx } = await invoices.fundWithPermit({ invoiceId }));
    else ({ tx, approval, allowanceReset } = await invoices.fund(invoiceId));
    const invoice = await invoiceAfter(invoices, invoiceId);
    const token = await tokenOf(invoices, invoice.token);
    if (allowanceReset !== undefined) {
      console.log(formatAllowanceReset(invoices.address, allowanceReset));
    }
    if (approval !== undefined) {
      console.log(formatTokenApproved(invoices.address, invoice.funds.total, token, approval));
    }
    console.log(formatInvoiceFunded(invoice, token, args.permit, tx));
  }, INVOICING_FLAGS);
}
