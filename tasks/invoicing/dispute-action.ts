import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { type ReasonOptions } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex, requireDisputeReason } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatDisputeOpened } from "./format.js";
import { invoiceAfter, invoiceSigner } from "./common.js";
import { INVOICING_FLAGS } from "./flags.js";

type DisputeArgs = ReasonOptions & { invoice: string; index: string; from: string; json: boolean };

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
      const need =
        operation === "dispute"
          ? invoiceSigner(invoiceId, "payer", "the invoice's payer (or its supplier)")
          : invoiceSigner(invoiceId, "payer", "the invoice's payer");
      const { suite } = await connectAs(hre, args.from, need);
      const { invoices } = suite;
      const tx = await invoices[operation]({ invoiceId, index, reasonHash });
      const invoice = await invoiceAfter(invoices, invoiceId);
      const verb = operation === "dispute" ? "Disputed" : "Rejected the delivery against";
      printResult(args.json, { invoiceId, index, reasonHash, tx }, () =>
        formatDisputeOpened(verb, invoice, index, reasonHash, tx),
      );
    }, INVOICING_FLAGS);
}
