import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { parseRoles, toAddress } from "../../../src/index.js";
import { type EvidenceOptions, requireDate, requireEvidenceHash } from "../../shared/args.js";
import { runTask } from "../../shared/context.js";
import { formatAccredited } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:accredit <address> --roles … --until DATE` + evidence: a registrar accredits. */
export default function accreditParticipant(
  args: EvidenceOptions & {
    participant: string;
    roles: string;
    until: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const roles = parseRoles(args.roles);
    const validUntil = requireDate(args.until, "--until", "expiry");
    const evidenceHash = await requireEvidenceHash("evidence", args);
    const { suite } = await connectAs(hre, args.from, "a registrar");
    const tx = await suite.participants.accredit({ participant, roles, validUntil, evidenceHash });
    printResult(args.json, { participant, roles, validUntil, evidenceHash, tx }, () =>
      formatAccredited(participant, roles, validUntil, tx),
    );
  }, PARTICIPANTS_FLAGS);
}
