import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../args.js";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { parsePartRef, requireChipKey } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatActivated } from "../format.js";
import { simulatedChipAnswer } from "./chip-answer.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:activate <part> --chip-key <key> [--block <n>]`: the customer holding a part activates it
 * at first sale with its tag chip's signature of a fresh challenge, bound to a recent block (the
 * latest block's parent, or `--block`). An answer bound to a block more than 64 blocks before the
 * next one, or to one not mined yet, is refused before sending. The chip is simulated from its
 * private key, for local and demo use; on a real deployment the customer's app gets the
 * signature from the NFC chip.
 */
export default function activatePart(
  args: { part: string; chipKey: string; block: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const chip = requireChipKey(args.chipKey);
    const context = await connectAs(
      hre,
      args.from,
      partSigner(partId, "owner", "the part's owner"),
    );
    const answer = await simulatedChipAnswer(context, chip, partId, args.block);
    const tx = await context.suite.parts.activate(answer);
    const owner = context.signer.address;
    const json = { partId, owner, chip: chip.address, blockNumber: answer.blockNumber, tx };
    printResult(args.json, json, () =>
      formatActivated(partId, owner, chip.address, answer.blockNumber, tx),
    );
  }, PROVENANCE_FLAGS);
}
