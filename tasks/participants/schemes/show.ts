import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { schemeName, toSchemeId } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatScheme } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `scheme:show <scheme> [--json]`: a certification scheme (JSON `null` when undefined). */
export default function showScheme(
  args: { scheme: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const id = toSchemeId(args.scheme);
    const { suite } = await connect(hre);
    const scheme = await suite.participants.getScheme(id);
    if (scheme === undefined) throw notFound(formatScheme(scheme, schemeName(id)));
    if (args.json) printJson(scheme);
    else console.log(formatScheme(scheme, schemeName(id)));
  }, PARTICIPANTS_FLAGS);
}
