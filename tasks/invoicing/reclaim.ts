import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseInvoiceId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatReclaimed } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:reclaim <id>`: after the due date plus grace period, anyone refunds the payer every
 * milestone still pending.
 */
export default function reclaim(
  args: { invoice: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const { suite } = await connectAs(
      hre,
      args.from,
      "any account (anyone may reclaim for the payer)",
    );
    const { invoices } = suite;
    const { tx, refunded, payer, token } = await invoices.reclaim(invoiceId);
    const tokenInfo = await tokenOf(invoices, token);
    printResult(args.json, { invoiceId, refunded, payer, token: tokenInfo, tx }, () =>
      formatReclaimed(invoiceId, refunded, payer, tokenInfo, tx),
    );
  }, INVOICING_FLAGS);
}
