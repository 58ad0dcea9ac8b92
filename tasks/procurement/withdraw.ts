import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { requireAddressOption } from "../shared/args.js";
import { parseOrderId } from "./args.js";
import { runTask, tokenOf } from "../shared/context.js";
import { formatAuctionWithdrawn } from "./format.js";
import { PROCUREMENT_FLAGS } from "./flags.js";

/**
 * `auction:withdraw <order> --to <address>`: sends what the auction credited to the signer under
 * an order (its payments the token refused to deliver), in the order's token, to any address.
 */
export default function withdraw(
  args: { order: string; to: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const orderId = parseOrderId(args.order);
    const to = requireAddressOption(args.to, "--to", "recipient");
    const { suite } = await connectAs(hre, args.from, "the account the auction credited");
    const { auctions } = suite;
    const { tx, amount, token } = await auctions.withdraw({ orderId, to });
    const info = await tokenOf(auctions, token);
    printResult(args.json, { orderId, amount, to, token: info, tx }, () =>
      formatAuctionWithdrawn(orderId, amount, to, info, tx),
    );
  }, PROCUREMENT_FLAGS);
}
