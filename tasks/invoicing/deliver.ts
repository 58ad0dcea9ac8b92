import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseDeliveryParts, parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatDelivered, formatPartApproved } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

/**
 * `invoice:deliver <id> <index> --parts <part>,…`: delivery versus payment. The supplier's parts
 * (token ids or maker:serial) move to the payer and the payment is released or held, in one
 * transaction. The escrow is first approved for each part it may not move yet, one part at a time
 * (never as operator of all the supplier's parts); each approval sent is printed.
 */
export default function deliver(
  args: { invoice: string; index: string; parts: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const invoiceId = parseInvoiceId(args.invoice);
    const index = parseMilestoneIndex(args.index);
    const partIds = parseDeliveryParts(args.parts);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { invoices } = suite;
    const { tx, approvals, ...delivered } = await invoices.deliver({ invoiceId, index, partIds });
    for (const approval of approvals) {
      console.log(formatPartApproved(invoices.address, approval.partId, approval.tx));
    }
    const token = await tokenOf(invoices, delivered.token);
    console.log(formatDelivered({ invoiceId, ...delivered }, index, partIds, token, tx));
  }, INVOICING_FLAGS);
}
