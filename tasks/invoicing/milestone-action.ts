import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TokenInfo, TxResult } from "../../src/index.js";
import { parseFrom } from "../shared/args.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import type { Released } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

type MilestoneArgs = { invoice: string; index: string; from: string };

/**
 * The action of `invoice:approve`, `invoice:accept` and `invoice:claim <id> <index>`: the SDK
 * method `operation` releases the milestone's payment; `describe` says what it paid, from the
 * method's result (the `MilestoneReleased` event and the token).
 */
export function milestoneAction(
  operation: "approveMilestone" | "acceptDelivery" | "claim",
  describe: (released: Released, token: TokenInfo, tx: TxResult) => string,
): (args: MilestoneArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const invoiceId = parseInvoiceId(args.invoice);
      const index = parseMilestoneIndex(args.index);
      const from = parseFrom(args.from);
      const { suite } = await connect(hre, from);
      const { invoices } = suite;
      const { tx, release, token } = await invoices[operation]({ invoiceId, index });
      console.log(describe({ invoiceId, release }, await tokenOf(invoices, token), tx));
    }, INVOICING_FLAGS);
}
