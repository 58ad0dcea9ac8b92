import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseOrderId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatWinnerBondReleased } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:release-bond <order>`: once the winner's invoice is settled, anyone releases the
 * winner's bond: back to the winner if it delivered, to the customer if not.
 */
export default function releaseBond(
  args: { order: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const { suite } = await connectAs(
      hre,
      args.from,
      "any account (anyone may release the winner's bond)",
    );
    const { auctions } = suite;
    const { tx, release, token } = await auctions.releaseWinnerBond(orderId);
    const info = await tokenOf(auctions, token);
    printResult(args.json, { orderId, release, token: info, tx }, () =>
      formatWinnerBondReleased(orderId, release, info, tx),
    );
  }, PROCUREMENT_FLAGS);
}
