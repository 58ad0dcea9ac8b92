import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseCoreRef } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatCoreDelisted } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `core:delist <core>`: the holder withdraws a core's offer. */
export default function delistCore(
  args: { core: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const { suite } = await connectAs(hre, args.from, "the core's holder");
    const tx = await suite.circular.delist(coreId);
    printResult(args.json, { coreId, tx }, () => formatCoreDelisted(coreId, tx));
  }, CIRCULAR_FLAGS);
}
