import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../args.js";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { type EvidenceOptions, optionalEvidenceHash } from "../../shared/args.js";
import { parsePartRef, requireRetireTarget } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatRetired } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:retire <part> --to returned|recycled|destroyed [evidence]`: the part's owner moves it
 * towards the end of its life.
 */
export default function retirePart(
  args: EvidenceOptions & { part: string; to: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const target = requireRetireTarget(args.to);
    const evidenceHash = await optionalEvidenceHash(args);
    const { suite } = await connectAs(
      hre,
      args.from,
      partSigner(partId, "owner", "the part's owner"),
    );
    const tx = await suite.parts.retire({ partId, target, evidenceHash });
    printResult(args.json, { partId, target, evidenceHash, tx }, () =>
      formatRetired(partId, target, evidenceHash, tx),
    );
  }, PROVENANCE_FLAGS);
}
