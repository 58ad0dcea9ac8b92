import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { invoiceSigner } from "./common.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import type { TokenInfo, TxResult } from "../../src/index.js";
import { parseInvoiceId, parseMilestoneIndex } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import type { Released } from "./format.js";
import { INVOICING_FLAGS } from "./flags.js";

type MilestoneArgs = { invoice: string; index: string; from: string; json: boolean };

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
      const need =
        operation === "claim"
          ? "any account (anyone may claim once the window is over)"
          : invoiceSigner(invoiceId, "payer", "the invoice's payer");
      const { suite } = await connectAs(hre, args.from, need);
      const { invoices } = suite;
      const { tx, release, token } = await invoices[operation]({ invoiceId, index });
      const tokenInfo = await tokenOf(invoices, token);
      printResult(args.json, { invoiceId, index, release, token: tokenInfo, tx }, () =>
        describe({ invoiceId, release }, tokenInfo, tx),
      );
    }, INVOICING_FLAGS);
}
