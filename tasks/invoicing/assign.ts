import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, parseNonZeroAddress } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatReceivableAssigned } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:assign <id> <holder>`: the supplier assigns the receivable of a funded invoice (its
 * right to be paid, an ERC-721) to a holder, itself or a financier, who is paid from now on.
 * Once per invoice; until then payments go to the supplier.
 */
export default function assignReceivable(
  args: { invoice: string; holder: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const holder = parseNonZeroAddress(args.holder, "holder address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const assigned = await suite.invoices.assignReceivable({ invoiceId, holder });
    console.log(formatReceivableAssigned(invoiceId, assigned.holder, assigned.tx));
  }, INVOICING_FLAGS);
}
