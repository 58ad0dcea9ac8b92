import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { partHistory, timelineToJson } from "../../../src/index.js";
import { parsePartRef } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatHistory } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:history <part | maker:serial> [--json]`: the part's timeline rebuilt from the registry's
 * events since the address book's start block, with its life as a core, its warranty and its
 * claims from the circular economy's registries, one line per event (or JSON).
 */
export default function showHistory(
  args: { part: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const { suite } = await connect(hre);
    const fromBlock = suite.addressBook.startBlock;
    const { CoreRegistry: coreRegistry, WarrantyRegistry: warrantyRegistry } =
      suite.addressBook.contracts;
    const entries = await partHistory(suite.parts, partId, fromBlock, {
      coreRegistry,
      warrantyRegistry,
    });
    if (entries.length === 0) throw notFound(formatHistory(entries, partId, fromBlock));
    if (args.json) printJson(timelineToJson(entries));
    else console.log(formatHistory(entries, partId, fromBlock));
  }, PROVENANCE_FLAGS);
}
