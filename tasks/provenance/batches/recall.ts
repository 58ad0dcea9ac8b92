import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { parseBatchId } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatBatchRecalled } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `batch:recall <batchId> [--reason …]`: the material's producer (or a registrar) recalls it; every
 * part that consumed any of it reports itself recalled.
 */
export default function recallBatch(
  args: ReasonOptions & { batchId: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const reasonHash = await resolveReasonHash(args);
    const { suite } = await connectAs(hre, args.from, "the batch's producer or a registrar");
    const tx = await suite.parts.recallBatch({ batchId, reasonHash });
    printResult(args.json, { batchId, reasonHash, tx }, () =>
      formatBatchRecalled(batchId, reasonHash, tx),
    );
  }, PROVENANCE_FLAGS);
}
