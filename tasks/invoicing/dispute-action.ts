import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, type ReasonOptions } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex, requireDisputeReason } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatDisputeOpened } from "./format.js";
import { invoiceAfter } from "./common.js";
import { INVOICING_FLAGS } from "./flags.js";

type DisputeArgs = ReasonOptions & { invoice: string; index: string; from: string };

/**
 * The action of `invoice:reject` (the payer rejects a held delivery) and `invoice:dispute` (the
 * payer disputes a delivery in its window, the supplier a pending milestone) `<id> <index>
 * --reason …`: both
 * open a dispute for the arbiter, on a reason that is required.
 */
export function disputeAction(
  operation: "rejectDelivery" | "dispute",
): (args: DisputeArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const invoiceId = parseInvoiceId(args.invoice);
      const index = parseMilestoneIndex(args.index);
      const reasonHash = await requireDisputeReason(args);
      const from = parseFrom(args.from);
      const { suite } = await connect(hre, from);
      const { invoices } = suite;
      const tx = await invoices[operation]({ invoiceId, index, reasonHash });
      const invoice = await invoiceAfter(invoices, invoiceId);
      const verb = operation === "dispute" ? "Disputed" : "Rejected the delivery against";
      console.log(formatDisputeOpened(verb, invoice, index, reasonHash, tx));
    }, INVOICING_FLAGS);
}
