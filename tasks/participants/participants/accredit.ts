import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseRoles, toAddress } from "../../../src/index.js";
import {
  type EvidenceOptions,
  parseFrom,
  requireDate,
  requireEvidenceHash,
} from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatAccredited } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:accredit <address> --roles … --until DATE` + evidence: a registrar accredits. */
export default function accreditParticipant(
  args: EvidenceOptions & { address: string; roles: string; until: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const roles = parseRoles(args.roles);
    const validUntil = requireDate(args.until, "--until", "expiry");
    const evidenceHash = await requireEvidenceHash("evidence", args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.accredit({ participant, roles, validUntil, evidenceHash });
    console.log(formatAccredited(participant, roles, validUntil, tx));
  }, PARTICIPANTS_FLAGS);
}
