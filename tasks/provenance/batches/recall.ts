import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { parseBatchId } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatBatchRecalled } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `batch:recall <batchId> [--reason …]`: the material's producer (or a registrar) recalls it; every
 * part that consumed any of it reports itself recalled.
 */
export default function recallBatch(
  args: ReasonOptions & { batchId: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const reasonHash = await resolveReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.recallBatch({ batchId, reasonHash });
    console.log(formatBatchRecalled(batchId, reasonHash, tx));
  }, PROVENANCE_FLAGS);
}
