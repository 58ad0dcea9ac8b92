import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../../src/index.js";
import {
  type EvidenceOptions,
  parseFrom,
  requireDate,
  requireEvidenceHash,
} from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatRenewed } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:renew <address> --until DATE` + evidence: a registrar extends an accreditation. */
export default function renewParticipant(
  args: EvidenceOptions & { address: string; until: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const validUntil = requireDate(args.until, "--until", "new expiry");
    const evidenceHash = await requireEvidenceHash("evidence", args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.renew({ participant, validUntil, evidenceHash });
    console.log(formatRenewed(participant, validUntil, tx));
  }, PARTICIPANTS_FLAGS);
}
