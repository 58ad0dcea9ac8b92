import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatDisputeLapsed } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:lapse <id> <index>`: after the ruling period with no ruling, anyone lets the dispute
 * lapse; the milestone goes back to where it was.
 */
export default function lapse(
  args: { invoice: string; index: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const index = parseMilestoneIndex(args.index);
    const { suite } = await connectAs(
      hre,
      args.from,
      "any account (anyone may let a dispute lapse)",
    );
    const { tx, restored } = await suite.invoices.lapseDispute({ invoiceId, index });
    printResult(args.json, { invoiceId, index, restored, tx }, () =>
      formatDisputeLapsed(invoiceId, index, restored, tx),
    );
  }, INVOICING_FLAGS);
}
