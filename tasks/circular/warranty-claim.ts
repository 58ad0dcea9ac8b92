import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parsePartRef } from "../provenance/args.js";
import { type EvidenceOptions, parseFrom, requireEvidenceHash } from "../shared/args.js";
import { connect, runTask } from "../shared/context.js";
import { formatClaimFiled } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:claim <part> --evidence-…`: the owner of a remanufactured part files a claim against
 * its warranty, within the term, on evidence of the fault.
 */
export default function fileClaim(
  args: EvidenceOptions & { part: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const evidenceHash = await requireEvidenceHash("evidence of the fault", args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { tx, claimId, issuer } = await suite.circular.fileClaim({ partId, evidenceHash });
    console.log(formatClaimFiled(claimId, partId, evidenceHash, issuer, tx));
  }, CIRCULAR_FLAGS);
}
