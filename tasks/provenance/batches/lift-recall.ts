import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, type ReasonOptions } from "../../shared/args.js";
import { parseBatchId, requireReasonHash } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatRecallLifted } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `batch:lift-recall <batchId> --reason …`: a registrar lifts the recall of a batch's material
 * (its root batch), with the finding that clears it; its parts count as they did before.
 */
export default function liftRecall(
  args: ReasonOptions & { batchId: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const reasonHash = await requireReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.liftRecall({ batchId, reasonHash });
    console.log(formatRecallLifted(batchId, reasonHash, tx));
  }, PROVENANCE_FLAGS);
}
