import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../shared/args.js";
import { parseCoreRef } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatCoreDelisted } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `core:delist <core>`: the holder withdraws a core's offer. */
export default function delistCore(
  args: { core: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.circular.delist(coreId);
    console.log(formatCoreDelisted(coreId, tx));
  }, CIRCULAR_FLAGS);
}
