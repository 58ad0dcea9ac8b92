import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseOrderId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatOrderCancelled } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/** `auction:cancel <order>`: the customer cancels an order before its first bid. */
export default function cancelOrder(
  args: { order: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { auctions } = suite;
    const { tx, refund, customer, token } = await auctions.cancel(orderId);
    const info = await tokenOf(auctions, token);
    console.log(formatOrderCancelled({ orderId, refund, customer }, info, tx));
  }, PROCUREMENT_FLAGS);
}
