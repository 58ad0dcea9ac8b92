import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { listSpecifications } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { given, PAGE_FLAGS, printPage } from "../../shared/pages.js";

/** `spec:list [--maker A] [--limit N] [--after ID] [--json]`. */
export default function listSpecificationsTask(
  args: { maker: string; limit: string; after: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(
    async () => {
      const { suite } = await connect(hre);
      const page = await listSpecifications(suite.parts, {
        fromBlock: suite.addressBook.startBlock,
        maker: given(args.maker),
        limit: given(args.limit),
        after: given(args.after),
      });
      await printPage(page, {
        json: args.json,
        cursor: (next) => next.toString(),
        line: (s) =>
          `${s.id}  ${s.spec}  by ${s.owner}  requires ` +
          `${s.requiredKinds.join(", ") || "no attestation"}`,
        empty: "No specifications match.",
      });
    },
    { ...PAGE_FLAGS, maker: "--maker" },
  );
}
