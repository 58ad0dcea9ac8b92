import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseDeliveryParts, parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatDelivered, formatPartApproved } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:deliver <id> <index> --parts <part>,…`: delivery versus payment. The supplier's parts
 * (token ids or maker:serial) move to the payer and the payment is released or held, in one
 * transaction. The escrow is first approved for each part it may not move yet, one part at a time
 * (never as operator of all the supplier's parts); each approval sent is printed.
 */
export default function deliver(
  args: { invoice: string; index: string; parts: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const index = parseMilestoneIndex(args.index);
    const partIds = parseDeliveryParts(args.parts);
    const { suite } = await connectAs(
      hre,
      args.from,
      invoiceSigner(invoiceId, "supplier", "the invoice's supplier"),
    );
    const { invoices } = suite;
    const { tx, approvals, ...delivered } = await invoices.deliver({ invoiceId, index, partIds });
    const token = await tokenOf(invoices, delivered.token);
    const json = { invoiceId, index, partIds, ...delivered, token, approvals, tx };
    printResult(args.json, json, () => [
      ...approvals.map((approval) =>
        formatPartApproved(invoices.address, approval.partId, approval.tx),
      ),
      formatDelivered({ invoiceId, ...delivered }, index, partIds, token, tx),
    ]);
  }, INVOICING_FLAGS);
}
