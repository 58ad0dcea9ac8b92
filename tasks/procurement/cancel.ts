import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseOrderId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatOrderCancelled } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/** `auction:cancel <order>`: the customer cancels an order before its first bid. */
export default function cancelOrder(
  args: { order: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const { suite } = await connectAs(hre, args.from, {
      role: "the order's customer",
      holder: async (s) => (await s.auctions.getOrder(orderId))?.customer,
    });
    const { auctions } = suite;
    const { tx, refund, customer, token } = await auctions.cancel(orderId);
    const info = await tokenOf(auctions, token);
    printResult(args.json, { orderId, refund, customer, token: info, tx }, () =>
      formatOrderCancelled({ orderId, refund, customer }, info, tx),
    );
  }, PROCUREMENT_FLAGS);
}
