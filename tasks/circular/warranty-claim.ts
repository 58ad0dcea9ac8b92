import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { partSigner } from "../provenance/args.js";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parsePartRef } from "../provenance/args.js";
import { type EvidenceOptions, requireEvidenceHash } from "../shared/args.js";
import { runTask } from "../shared/context.js";
import { formatClaimFiled } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:claim <part> --evidence-…`: the owner of a remanufactured part files a claim against
 * its warranty, within the term, on evidence of the fault.
 */
export default function fileClaim(
  args: EvidenceOptions & { part: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const evidenceHash = await requireEvidenceHash("evidence of the fault", args);
    const { suite } = await connectAs(
      hre,
      args.from,
      partSigner(partId, "owner", "the part's owner"),
    );
    const { tx, claimId, issuer } = await suite.circular.fileClaim({ partId, evidenceHash });
    printResult(args.json, { claimId, partId, evidenceHash, issuer, tx }, () =>
      formatClaimFiled(claimId, partId, evidenceHash, issuer, tx),
    );
  }, CIRCULAR_FLAGS);
}
