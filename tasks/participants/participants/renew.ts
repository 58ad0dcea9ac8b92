import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { toAddress } from "../../../src/index.js";
import { type EvidenceOptions, requireDate, requireEvidenceHash } from "../../shared/args.js";
import { runTask } from "../../shared/context.js";
import { formatRenewed } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:renew <address> --until DATE` + evidence: a registrar extends an accreditation. */
export default function renewParticipant(
  args: EvidenceOptions & { participant: string; until: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const validUntil = requireDate(args.until, "--until", "new expiry");
    const evidenceHash = await requireEvidenceHash("evidence", args);
    const { suite } = await connectAs(hre, args.from, "a registrar");
    const tx = await suite.participants.renew({ participant, validUntil, evidenceHash });
    printResult(args.json, { participant, validUntil, evidenceHash, tx }, () =>
      formatRenewed(participant, validUntil, tx),
    );
  }, PARTICIPANTS_FLAGS);
}
