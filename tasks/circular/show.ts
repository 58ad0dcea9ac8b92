import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../shared/output.js";
import { parseCoreRef } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { coreToJson, formatCore, formatNoCore } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:show <core> [--json]`: what a buyer prices a core on, from the chain alone: state,
 * holder, specification, maker and when it was made, attestations and service records, recall,
 * generation, every grade (the latest counts), its offer and what it became; with the part's
 * history since the address book's start block.
 */
export default function showCore(
  args: { core: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const { suite } = await connect(hre);
    const core = await suite.circular.core(coreId);
    if (core === undefined) throw notFound(formatNoCore(coreId));
    const token =
      core.listing === undefined ? undefined : await tokenInfo(suite, core.listing.token);
    if (args.json) printJson(coreToJson(core, token));
    else console.log(formatCore(core, token));
  }, CIRCULAR_FLAGS);
}
