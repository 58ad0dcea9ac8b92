import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireAddressOption } from "../shared/args.js";
import { parseOrderId } from "./args.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatAuctionWithdrawn } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:withdraw <order> --to <address>`: sends what the auction credited to the signer under
 * an order (its payments the token refused to deliver), in the order's token, to any address.
 */
export default function withdraw(
  args: { order: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const to = requireAddressOption(args.to, "--to", "recipient");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { auctions } = suite;
    const { tx, amount, token } = await auctions.withdraw({ orderId, to });
    console.log(formatAuctionWithdrawn(orderId, amount, to, await tokenOf(auctions, token), tx));
  }, PROCUREMENT_FLAGS);
}
