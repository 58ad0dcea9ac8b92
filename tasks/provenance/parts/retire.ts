import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { type EvidenceOptions, optionalEvidenceHash, parseFrom } from "../../shared/args.js";
import { parsePartRef, requireRetireTarget } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatRetired } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:retire <part> --to returned|recycled|destroyed [evidence]`: the part's owner moves it
 * towards the end of its life.
 */
export default function retirePart(
  args: EvidenceOptions & { part: string; to: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const target = requireRetireTarget(args.to);
    const evidenceHash = await optionalEvidenceHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.retire({ partId, target, evidenceHash });
    console.log(formatRetired(partId, target, evidenceHash, tx));
  }, PROVENANCE_FLAGS);
}
