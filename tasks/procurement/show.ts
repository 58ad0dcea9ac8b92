import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../shared/output.js";
import { parseOrderId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { formatOrder, orderToJson } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:show <order> [--json]`: the order, its terms and timeline, and its auction: while
 * bidding is open only how many bids are sealed; then how many are revealed, the best valid bid
 * and, once settled, the award; then every payment of the order (bonds, the budget's refund, and
 * those the token refused and the auction credited instead).
 */
export default function showOrder(
  args: { order: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const { suite } = await connect(hre);
    const { auctions } = suite;
    const order = await auctions.getOrder(orderId);
    if (order === undefined) throw notFound(`There is no order ${orderId}.`);
    const [token, payments] = await Promise.all([
      tokenOf(auctions, order.token),
      auctions.payments({ orderId, fromBlock: suite.addressBook.startBlock }),
    ]);
    if (args.json) printJson(orderToJson(order, token, payments));
    else console.log(formatOrder(order, token, payments));
  }, PROCUREMENT_FLAGS);
}
