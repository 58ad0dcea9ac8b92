import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseOrderId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatOrderSettled } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:settle <order>`: after revealing ends, anyone settles: the winner's invoice opens in
 * the escrow, or the order closes; the rest of the budget and forfeited bonds go to the customer.
 */
export default function settleOrder(
  args: { order: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { auctions } = suite;
    const { tx, settlement, customer, token } = await auctions.settle(orderId);
    const info = await tokenOf(auctions, token);
    console.log(formatOrderSettled(orderId, settlement, customer, info, tx));
  }, PROCUREMENT_FLAGS);
}
