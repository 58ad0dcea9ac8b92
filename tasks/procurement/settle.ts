import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseOrderId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatOrderSettled } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:settle <order>`: after revealing ends, anyone settles: the winner's invoice opens in
 * the escrow, or the order closes; the rest of the budget and forfeited bonds go to the customer.
 */
export default function settleOrder(
  args: { order: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const { suite } = await connectAs(
      hre,
      args.from,
      "any account (anyone may settle once the reveal period is over)",
    );
    const { auctions } = suite;
    const { tx, settlement, customer, token } = await auctions.settle(orderId);
    const info = await tokenOf(auctions, token);
    printResult(args.json, { orderId, settlement, customer, token: info, tx }, () =>
      formatOrderSettled(orderId, settlement, customer, info, tx),
    );
  }, PROCUREMENT_FLAGS);
}
