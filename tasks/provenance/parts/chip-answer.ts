import {
  answerChallenge,
  blockAt,
  challengeBlock,
  type ChipAnswer,
  InputError,
  InputErrorCode,
  type TagChip,
} from "../../../src/index.js";
import type { TaskContext } from "../../shared/context.js";

/**
 * Has a simulated tag chip answer a fresh challenge for a part, bound to this chain, this
 * registry and a recent block: block `block` when given (`--block`), else the latest block's
 * parent, which stays within the registry's 64-block window while the transaction mines. On a
 * real deployment the customer's app gets this answer from the NFC chip.
 */
export async function simulatedChipAnswer(
  context: TaskContext,
  chip: TagChip,
  partId: bigint,
  block = "",
): Promise<ChipAnswer> {
  const { parts } = context.suite;
  const provider = context.signer.provider;
  if (provider === null || provider === undefined) {
    throw new InputError(InputErrorCode.MissingProvider, "The signer has no provider.");
  }
  const bound =
    block.trim() === "" ? await challengeBlock(provider) : await blockAt(provider, block);
  return answerChallenge(chip, { ...(await parts.chipContext()), block: bound, partId });
}
