import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { formatPaymentApprovals } from "../shared/format.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseInvoiceId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatInvoiceFunded } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:fund <id> [--permit]`: the payer locks the invoice's total in escrow. Without
 * `--permit`, an ERC-20 approval of exactly the total is sent first when the allowance is short
 * (after an approval of zero when the short allowance is not zero, for USDT-style tokens);
 * with it, the payer signs an EIP-2612 permit instead and funds in one transaction.
 */
export default function fundInvoice(
  args: { invoice: string; permit: boolean; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const { suite } = await connectAs(
      hre,
      args.from,
      invoiceSigner(invoiceId, "payer", "the invoice's payer"),
    );
    const { invoices } = suite;
    const funded = args.permit
      ? {
          ...(await invoices.fundWithPermit({ invoiceId })),
          approval: undefined,
          allowanceReset: undefined,
        }
      : await invoices.fund(invoiceId);
    const { tx, approval, allowanceReset, amount, supplier } = funded;
    const token = await tokenOf(invoices, funded.token);
    const json = {
      invoiceId,
      amount,
      supplier,
      token,
      permit: args.permit,
      allowanceReset,
      approval,
      tx,
    };
    printResult(args.json, json, () => [
      ...formatPaymentApprovals(
        { allowanceReset, approval },
        { address: invoices.address, name: "escrow" },
        amount,
        token,
      ),
      formatInvoiceFunded({ invoiceId, amount, supplier }, token, args.permit, tx),
    ]);
  }, INVOICING_FLAGS);
}
