import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatTime, listInvoices, type TokenInfo } from "../../src/index.js";
import { connect, runTask, tokenOf } from "../shared/context.js";
import { formatMoney } from "../shared/format.js";
import { given, PAGE_FLAGS, printPage } from "../shared/pages.js";

/**
 * `invoice:list [--party A] [--state S] [--limit N] [--after ID] [--json]`: amounts in token
 * units; in JSON, in the token's smallest unit with the token's symbol and decimals.
 */
export default function listInvoicesTask(
  args: { party: string; state: string; limit: string; after: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const { suite } = await connect(hre);
      const page = await listInvoices(suite.invoices, {
        fromBlock: suite.addressBook.startBlock,
        party: given(args.party),
        state: given(args.state),
        limit: given(args.limit),
        after: given(args.after),
      });
      const tokens = new Map<string, Promise<TokenInfo>>();
      const tokenFor = (address: string) => {
        if (!tokens.has(address)) tokens.set(address, tokenOf(suite.invoices, address));
        return tokens.get(address)!;
      };
      const items = await Promise.all(
        page.items.map(async (invoice) => {
          return { ...invoice, token: await tokenFor(invoice.token) };
        }),
      );
      await printPage(
        { items, next: page.next },
        {
          json: args.json,
          cursor: (next) => next.toString(),
          line: (i) =>
            `${i.id}  ${i.state}  ${formatMoney(i.funds.total, i.token)}  supplier ${i.supplier}` +
            `  payer ${i.payer}  due ${formatTime(i.dueDate)}`,
          empty: "No invoices match.",
        },
      );
    },
    { ...PAGE_FLAGS, party: "--party", state: "--state" },
  );
}
