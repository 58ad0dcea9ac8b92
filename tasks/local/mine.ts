import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { when } from "../shared/format.js";
import { runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { parseBlocks } from "./args.js";
import { connectLocal, latestBlock } from "./common.js";

/** What `local:mine` did: how many blocks, and the latest block after them. */
export type MineResult = { blocks: number; blockNumber: number; timestamp: Date };

/**
 * `local:mine`: mines `--blocks` empty blocks (1 by default), one second apart, in one call:
 * `hardhat_mine` on Hardhat's node, `anvil_mine` on anvil (the same parameters on both).
 */
export default function mineBlocks(
  args: { blocks: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const blocks = parseBlocks(args.blocks);
    const context = await connectLocal(hre, "local:mine");
    await context.provider.request({
      method: context.kind === "anvil" ? "anvil_mine" : "hardhat_mine",
      params: [`0x${blocks.toString(16)}`, "0x1"],
    });
    const after = await latestBlock(context);
    const result: MineResult = {
      blocks,
      blockNumber: after.number,
      timestamp: new Date(Number(after.timestamp) * 1000),
    };
    if (args.json) return printJson(result);
    console.log(
      `Mined ${blocks} block${blocks === 1 ? "" : "s"}: the chain is at block ${after.number}, ` +
        `time ${when(after.timestamp)}.`,
    );
  });
}
