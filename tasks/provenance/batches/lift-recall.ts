import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { type ReasonOptions } from "../../shared/args.js";
import { parseBatchId, requireReasonHash } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatRecallLifted } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `batch:lift-recall <batchId> --reason …`: a registrar lifts the recall of a batch's material
 * (its root batch), with the finding that clears it; its parts count as they did before.
 */
export default function liftRecall(
  args: ReasonOptions & { batchId: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const reasonHash = await requireReasonHash(args);
    const { suite } = await connectAs(hre, args.from, "a registrar");
    const tx = await suite.parts.liftRecall({ batchId, reasonHash });
    printResult(args.json, { batchId, reasonHash, tx }, () =>
      formatRecallLifted(batchId, reasonHash, tx),
    );
  }, PROVENANCE_FLAGS);
}
