import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatDisputeLapsed } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:lapse <id> <index>`: after the ruling period with no ruling, anyone lets the dispute
 * lapse; the milestone goes back to where it was.
 */
export default function lapse(
  args: { invoice: string; index: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const index = parseMilestoneIndex(args.index);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { tx, restored } = await suite.invoices.lapseDispute({ invoiceId, index });
    console.log(formatDisputeLapsed(invoiceId, index, restored, tx));
  }, INVOICING_FLAGS);
}
