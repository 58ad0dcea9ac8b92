import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { formatPartId } from "../../src/index.js";
import { parsePartRef, requireChipKey } from "../args.js";
import { connect, printJson, runTask } from "../context.js";
import { formatChipVerification, formatFitness } from "../format.js";
import { simulatedChipAnswer } from "./chip-answer.js";

/**
 * `part:verify <part> --chip-key <key> [--json]`: asks the registry, without a transaction,
 * whether a chip's answer to a fresh challenge proves possession of the part, and why not. The
 * chip is simulated from its private key; on a real deployment the app gets the signature from
 * the NFC chip. It also says whether the part is fit to use, the answer the escrow and activation
 * use. A failed check is an answer, not an error: the command exits with 0.
 */
export default function verifyPart(
  args: { part: string; chipKey: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const chip = requireChipKey(args.chipKey);
    const context = await connect(hre);
    const answer = await simulatedChipAnswer(context, chip, partId);
    const result = await context.suite.parts.verifyChip(answer);
    // The same answer the escrow's delivery-versus-payment and activation ask for.
    const conforming = await context.suite.parts.isConforming(partId);
    if (args.json) {
      printJson({ partId: formatPartId(partId), chip: chip.address, ...result, conforming });
    } else {
      console.log(formatChipVerification(partId, chip.address, result));
      if (result.reason !== "unknown-part") console.log(formatFitness(partId, conforming));
    }
  });
}
