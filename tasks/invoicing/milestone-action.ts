import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Invoice, TokenInfo, TxResult } from "../../src/index.js";
import { parseFrom } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { invoiceAfter, tokenOf } from "./common.js";
import { INVOICING_FLAGS } from "./flags.js";

type MilestoneArgs = { invoice: string; index: string; from: string };

/**
 * The action of `invoice:approve`, `invoice:accept`, `invoice:claim` and `invoice:lapse <id>
 * <index>`: the SDK method `operation` acts on the milestone; `describe` says what it did, from the
 * invoice as it stands after the transaction.
 */
export function milestoneAction(
  operation: "approveMilestone" | "acceptDelivery" | "claim" | "lapseDispute",
  describe: (invoice: Invoice, index: number, token: TokenInfo, tx: TxResult) => string,
): (args: MilestoneArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const invoiceId = parseInvoiceId(args.invoice);
      const index = parseMilestoneIndex(args.index);
      const from = parseFrom(args.from);
      const { suite } = await connect(hre, from);
      const { invoices } = suite;
      const { tx } = await invoices[operation]({ invoiceId, index });
      const invoice = await invoiceAfter(invoices, invoiceId);
      console.log(describe(invoice, index, await tokenOf(invoices, invoice.token), tx));
    }, INVOICING_FLAGS);
}
