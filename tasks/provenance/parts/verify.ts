import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import {
  formatPartId,
  InputError,
  InputErrorCode,
  staleChallengeReason,
} from "../../../src/index.js";
import { parsePartRef, requireChipKey } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatChipVerification, formatFitness } from "../format.js";
import { simulatedChipAnswer } from "./chip-answer.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:verify <part> --chip-key <key> [--block <n>] [--json]`: asks the registry, without a
 * transaction, whether a chip's answer to a fresh challenge, bound to a recent block (the latest
 * block's parent, or `--block`), proves possession of the part, and why not. The chip is
 * simulated from its private key; on a real deployment the app gets the signature from the NFC
 * chip. It also says whether the part is fit to use, the answer the escrow and activation use. A
 * failed check is an answer, not an error: the command exits with 0. A `--block` outside the
 * registry's window (more than 64 blocks before the latest, or not before it) is a bad input: the
 * command says so and exits non-zero.
 */
export default function verifyPart(
  args: { part: string; chipKey: string; block: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const chip = requireChipKey(args.chipKey);
    const context = await connect(hre);
    const answer = await simulatedChipAnswer(context, chip, partId, args.block);
    // The registry's call runs on the latest block.
    const latest = await context.signer.provider?.getBlockNumber();
    const stale =
      latest === undefined ? undefined : staleChallengeReason(answer.blockNumber, latest);
    if (stale !== undefined) throw new InputError(InputErrorCode.StaleChallenge, stale);
    const result = await context.suite.parts.verifyChip(answer);
    // The same answer the escrow's delivery-versus-payment and activation ask for.
    const conforming = await context.suite.parts.isConforming(partId);
    if (args.json) {
      printJson({
        partId: formatPartId(partId),
        chip: chip.address,
        blockNumber: answer.blockNumber,
        ...result,
        conforming,
      });
    } else {
      console.log(formatChipVerification(partId, chip.address, answer.blockNumber, result));
      if (result.reason !== "unknown-part") console.log(formatFitness(partId, conforming));
    }
    // A failed check exits 1, after the result above, with a sentence on stderr.
    if (!result.ok) {
      throw new InputError(
        InputErrorCode.InvalidSignature,
        `Verification failed: the chip does not prove possession of part ${formatPartId(partId)}.`,
      );
    }
    if (!conforming) {
      throw new InputError(
        InputErrorCode.UnacceptablePart,
        `Verification failed: part ${formatPartId(partId)} is not fit to use.`,
      );
    }
  }, PROVENANCE_FLAGS);
}
