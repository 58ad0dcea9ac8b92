import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { InputError, InputErrorCode } from "../../src/index.js";
import { when } from "../shared/format.js";
import { runTask } from "../shared/context.js";
import { printJson } from "../shared/print.js";
import { parseTimeMove } from "./args.js";
import { connectLocal, latestBlock } from "./common.js";

/**
 * A duration as people say it, largest units first, zero parts left out: `3 days 4 hours`,
 * `1 hour 30 seconds`.
 */
export function duration(seconds: bigint): string {
  const units = [
    [86_400n, "day"],
    [3_600n, "hour"],
    [60n, "minute"],
    [1n, "second"],
  ] as const;
  const words: string[] = [];
  let rest = seconds;
  for (const [size, name] of units) {
    const count = rest / size;
    rest %= size;
    if (count > 0n) words.push(`${count} ${name}${count === 1n ? "" : "s"}`);
  }
  return words.length === 0 ? "0 seconds" : words.join(" ");
}

/** What `local:time`: the chain's time before and after, and the block that moved it. */
export type TimeResult = { from: Date; to: Date; seconds: bigint; blockNumber: number };

/**
 * `local:time`: mines one block whose timestamp is the latest block's plus `--days`/`--hours`,
 * or exactly `--to` (which must be later than the latest block), through
 * `evm_setNextBlockTimestamp` and `evm_mine`, which Hardhat's node and anvil both serve; later
 * blocks follow on from it.
 */
export default function moveTime(
  args: { days: string; hours: string; to: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const move = parseTimeMove(args);
    const context = await connectLocal(hre, "local:time");
    const before = await latestBlock(context);
    const target =
      "by" in move ? before.timestamp + move.by : BigInt(Math.floor(move.to.getTime() / 1000));
    if (target <= before.timestamp) {
      throw new InputError(
        InputErrorCode.TimeInPast,
        `The chain's time is already ${when(before.timestamp)}, not before ${when(target)}: ` +
          "time only moves forward. Nothing was sent.",
      );
    }
    await context.provider.request({
      method: "evm_setNextBlockTimestamp",
      params: [`0x${target.toString(16)}`],
    });
    await context.provider.request({ method: "evm_mine", params: [] });
    const after = await latestBlock(context);
    const result: TimeResult = {
      from: new Date(Number(before.timestamp) * 1000),
      to: new Date(Number(after.timestamp) * 1000),
      seconds: after.timestamp - before.timestamp,
      blockNumber: after.number,
    };
    if (args.json) return printJson(result);
    console.log(
      `The chain's time moved ${duration(result.seconds)} forward, from ` +
        `${when(before.timestamp)} to ${when(after.timestamp)} (block ${after.number}).`,
    );
  });
}
