import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatTime, listOrders, type TokenInfo } from "../../src/index.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatMoney } from "../shared/format.js";
import { given, PAGE_FLAGS, printPage } from "../shared/pages.js";

/**
 * `auction:list [--state S] [--limit N] [--after ID] [--json]`: prices in token units; in JSON,
 * in the token's smallest unit with the token's symbol and decimals.
 */
export default function listOrdersTask(
  args: { state: string; limit: string; after: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const { suite } = await connect(hre);
      const page = await listOrders(suite.auctions, {
        fromBlock: suite.addressBook.startBlock,
        state: given(args.state),
        limit: given(args.limit),
        after: given(args.after),
      });
      const tokens = new Map<string, Promise<TokenInfo>>();
      const tokenFor = (address: string) => {
        if (!tokens.has(address)) tokens.set(address, tokenOf(suite.auctions, address));
        return tokens.get(address)!;
      };
      const items = await Promise.all(
        page.items.map(async (order) => {
          return { ...order, token: await tokenFor(order.token) };
        }),
      );
      await printPage(
        { items, next: page.next },
        {
          json: args.json,
          cursor: (next) => next.toString(),
          line: (o) =>
            `${o.id}  ${o.phase}  ${o.quantity} parts of ${o.spec}  at most ` +
            `${formatMoney(o.maxUnitPrice, o.token)} each  customer ${o.customer}  ` +
            `bids sealed until ${formatTime(o.biddingEnds)}`,
          empty: "No orders match.",
        },
      );
    },
    { ...PAGE_FLAGS, state: "--state" },
  );
}
