import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireAddressOption } from "../shared/args.js";
import { parseRecordId } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatClaimEscalated } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `warranty:escalate <claim> --arbiter <address>`: the claimant takes a rejected claim, or one the
 * issuer left unanswered past its response time, to an accredited arbiter who is neither party.
 */
export default function escalateClaim(
  args: { claim: string; arbiter: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const claimId = parseRecordId(args.claim, "claim id");
    const arbiter = requireAddressOption(args.arbiter, "--arbiter", "arbiter");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.circular.escalateClaim({ claimId, arbiter });
    console.log(formatClaimEscalated(claimId, arbiter, tx));
  }, CIRCULAR_FLAGS);
}
