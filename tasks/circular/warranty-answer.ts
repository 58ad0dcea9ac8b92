import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, type ReasonOptions } from "../shared/args.js";
import { parseRecordId, requireDecision, requireReasonFor } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatClaimAnswered } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:answer <claim> --decision accept|reject --reason …`: the warranty's issuer answers a
 * filed claim, for a reason the claimant (and any arbiter) reads.
 */
export default function answerClaim(
  args: ReasonOptions & { claim: string; decision: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const claimId = parseRecordId(args.claim, "claim id");
    const accepted = requireDecision(args.decision, "accept", "reject");
    const reasonHash = await requireReasonFor(args, "the claimant, and any arbiter, reads it");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.circular.answerClaim({ claimId, accepted, reasonHash });
    console.log(formatClaimAnswered(claimId, accepted, reasonHash, tx));
  }, CIRCULAR_FLAGS);
}
