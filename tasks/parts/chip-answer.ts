import {
  answerChallenge,
  type ChipAnswer,
  InputError,
  InputErrorCode,
  type TagChip,
} from "../../src/index.js";
import type { TaskContext } from "../context.js";

/**
 * Has a simulated tag chip answer a fresh challenge for a part, bound to this chain and registry
 * and valid for ten minutes by the chain's clock (which a local node may have moved away from the
 * wall clock). On a real deployment the customer's app gets this answer from the NFC chip.
 */
export async function simulatedChipAnswer(
  context: TaskContext,
  chip: TagChip,
  partId: bigint,
): Promise<ChipAnswer> {
  const { parts } = context.suite;
  const latest = await context.signer.provider?.getBlock("latest");
  if (latest === null || latest === undefined) {
    throw new InputError(InputErrorCode.MissingProvider, "The chain has no latest block.");
  }
  return answerChallenge(chip, { ...(await parts.chipContext()), partId, now: latest.timestamp });
}
