import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseDeliveryParts, parseFrom, parseInvoiceId, parseMilestoneIndex } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatDelivered, formatPartsOperatorApproved } from "../format.js";
import { invoiceAfter, tokenOf } from "./common.js";

/**
 * `invoice:deliver <id> <index> --parts <part>,…`: delivery versus payment. The supplier's parts
 * (token ids or maker:serial) move to the payer and the payment is released or held, in one
 * transaction; the escrow is first approved as operator of the supplier's parts when it is not.
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
    const { tx, approval } = await invoices.deliver({ invoiceId, index, partIds });
    if (approval !== undefined)
      console.log(formatPartsOperatorApproved(invoices.address, approval));
    const invoice = await invoiceAfter(invoices, invoiceId);
    console.log(
      formatDelivered(invoice, index, partIds, await tokenOf(invoices, invoice.token), tx),
    );
  });
}
