import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { parseBatchId } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { batchToJson, formatBatch } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/** `batch:show <batchId> [--json]`: a batch, what remains of it and where the rest went. */
export default function showBatch(
  args: { batchId: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const { suite } = await connect(hre);
    const batch = await suite.parts.getBatch(batchId);
    if (batch === undefined) throw notFound(formatBatch(batch, String(batchId)));
    if (args.json) printJson(batchToJson(batch));
    else console.log(formatBatch(batch, String(batchId)));
  }, PROVENANCE_FLAGS);
}
