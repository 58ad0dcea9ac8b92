import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseInvoiceId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatReclaimed } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:reclaim <id>`: after the due date plus grace period, anyone refunds the payer every
 * milestone still pending.
 */
export default function reclaim(
  args: { invoice: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { invoices } = suite;
    const { tx, refunded, payer, token } = await invoices.reclaim(invoiceId);
    console.log(formatReclaimed(invoiceId, refunded, payer, await tokenOf(invoices, token), tx));
  }, INVOICING_FLAGS);
}
