import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../shared/output.js";
import { parsePartRef } from "../provenance/args.js";
import { formatNoPart } from "../provenance/format.js";
import { connect, runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { formatLineage, lineageToJson } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:lineage <part> [--json]`: the part's line, newest first, back to the first part and the
 * material batches that part consumed (each with the core its material was recycled from, if
 * any); whether recalled material is anywhere in it, and whether the part is fit to use.
 */
export default function showLineage(
  args: { part: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const { suite } = await connect(hre);
    if ((await suite.parts.getPart(partId)) === undefined) {
      throw notFound(formatNoPart(partId));
    }
    const lineage = await suite.circular.lineage(partId);
    if (args.json) printJson(lineageToJson(lineage));
    else console.log(formatLineage(lineage));
  }, CIRCULAR_FLAGS);
}
