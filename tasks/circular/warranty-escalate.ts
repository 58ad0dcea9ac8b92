import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { requireAddressOption } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatClaimEscalated } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:escalate <claim> --arbiter <address>`: the claimant takes a rejected claim, or one the
 * issuer left unanswered past its response time, to an accredited arbiter who is neither party.
 */
export default function escalateClaim(
  args: { claim: string; arbiter: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const claimId = parseRecordId(args.claim, "claim id");
    const arbiter = requireAddressOption(args.arbiter, "--arbiter", "arbiter");
    const { suite } = await connectAs(hre, args.from, "the claimant");
    const tx = await suite.circular.escalateClaim({ claimId, arbiter });
    printResult(args.json, { claimId, arbiter, tx }, () =>
      formatClaimEscalated(claimId, arbiter, tx),
    );
  }, CIRCULAR_FLAGS);
}
