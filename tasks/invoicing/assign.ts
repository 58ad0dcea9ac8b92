import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseNonZeroAddress } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatReceivableAssigned } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:assign <id> <holder>`: the supplier assigns the receivable of a funded invoice (its
 * right to be paid, an ERC-721) to a holder, itself or a financier, who is paid from now on.
 * Once per invoice; until then payments go to the supplier.
 */
export default function assignReceivable(
  args: { invoice: string; holder: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const holder = parseNonZeroAddress(args.holder, "holder address");
    const { suite } = await connectAs(
      hre,
      args.from,
      invoiceSigner(invoiceId, "supplier", "the invoice's supplier"),
    );
    const assigned = await suite.invoices.assignReceivable({ invoiceId, holder });
    printResult(args.json, { invoiceId, ...assigned }, () =>
      formatReceivableAssigned(invoiceId, assigned.holder, assigned.tx),
    );
  }, INVOICING_FLAGS);
}
