import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { type ReasonOptions } from "../shared/args.js";
import { parseRecordId, requireDecision, requireReasonFor } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatClaimRuled } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:rule <claim> --decision uphold|dismiss --reason …`: the arbiter named rules on an
 * escalated claim, finally, for a reason both parties read.
 */
export default function ruleClaim(
  args: ReasonOptions & { claim: string; decision: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const claimId = parseRecordId(args.claim, "claim id");
    const upheld = requireDecision(args.decision, "uphold", "dismiss");
    const reasonHash = await requireReasonFor(args, "both parties read it");
    const { suite } = await connectAs(hre, args.from, "the arbiter the claim was escalated to");
    const tx = await suite.circular.ruleClaim({ claimId, upheld, reasonHash });
    printResult(args.json, { claimId, upheld, reasonHash, tx }, () =>
      formatClaimRuled(claimId, upheld, reasonHash, tx),
    );
  }, CIRCULAR_FLAGS);
}
