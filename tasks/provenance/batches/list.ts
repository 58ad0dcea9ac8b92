import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { listBatches } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { amount } from "../../shared/format.js";
import { given, PAGE_FLAGS, printPage } from "../../shared/pages.js";

/** `batch:list [--owner A] [--limit N] [--after ID] [--json]`. */
export default function listBatchesTask(
  args: { owner: string; limit: string; after: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const { suite } = await connect(hre);
      const page = await listBatches(suite.parts, {
        fromBlock: suite.addressBook.startBlock,
        owner: given(args.owner),
        limit: given(args.limit),
        after: given(args.after),
      });
      await printPage(page, {
        json: args.json,
        cursor: (next) => next.toString(),
        line: (b) =>
          `${b.id}  ${amount(b.remaining, b.unit)} left of ${amount(b.quantity, b.unit)}  ` +
          `held by ${b.owner}  material ${b.materialSpec}${b.recalled ? "  RECALLED" : ""}`,
        empty: "No batches match.",
      });
    },
    { ...PAGE_FLAGS, owner: "--owner" },
  );
}
