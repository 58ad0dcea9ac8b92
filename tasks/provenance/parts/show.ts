import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { parsePartRef } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatNoPart, formatPart, partToJson } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:show <part | maker:serial> [--json]`: a part as it stands now, with its lot's inputs, its
 * children, and whether it conforms or is recalled.
 */
export default function showPart(
  args: { part: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const { suite } = await connect(hre);
    const { parts } = suite;
    const part = await parts.getPart(partId);
    if (part === undefined) throw notFound(formatNoPart(partId));
    const [inputs, children] = await Promise.all([
      parts.partInputs(partId),
      parts.childrenOf(partId),
    ]);
    if (args.json) printJson(partToJson(part, inputs, children));
    else console.log(formatPart(part, inputs, children));
  }, PROVENANCE_FLAGS);
}
