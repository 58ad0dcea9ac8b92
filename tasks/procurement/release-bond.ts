import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseOrderId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatWinnerBondReleased } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:release-bond <order>`: once the winner's invoice is settled, anyone releases the
 * winner's bond: back to the winner if it delivered, to the customer if not.
 */
export default function releaseBond(
  args: { order: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { auctions } = suite;
    const { tx, release, token } = await auctions.releaseWinnerBond(orderId);
    console.log(formatWinnerBondReleased(orderId, release, await tokenOf(auctions, token), tx));
  }, PROCUREMENT_FLAGS);
}
