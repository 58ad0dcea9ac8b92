import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { type ReasonOptions } from "../shared/args.js";
import { parseRecordId, requireDecision, requireReasonFor } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatClaimAnswered } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:answer <claim> --decision accept|reject --reason …`: the warranty's issuer answers a
 * filed claim, for a reason the claimant (and any arbiter) reads.
 */
export default function answerClaim(
  args: ReasonOptions & { claim: string; decision: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const claimId = parseRecordId(args.claim, "claim id");
    const accepted = requireDecision(args.decision, "accept", "reject");
    const reasonHash = await requireReasonFor(args, "the claimant, and any arbiter, reads it");
    const { suite } = await connectAs(hre, args.from, "the warranty's issuer");
    const tx = await suite.circular.answerClaim({ claimId, accepted, reasonHash });
    printResult(args.json, { claimId, accepted, reasonHash, tx }, () =>
      formatClaimAnswered(claimId, accepted, reasonHash, tx),
    );
  }, CIRCULAR_FLAGS);
}
