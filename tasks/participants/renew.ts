import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../src/index.js";
import { parseFrom, requireDate, requireDocumentHash } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatRenewed } from "../format.js";

/** `participant:renew <address> --until DATE` + evidence: a registrar extends an accreditation. */
export default function renewParticipant(
  args: {
    address: string;
    until: string;
    evidenceFile: string;
    evidenceJson: string;
    evidenceHash: string;
    from: string;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const validUntil = requireDate(args.until, "--until", "new expiry");
    const evidenceHash = await requireDocumentHash("evidence", "evidence", {
      file: args.evidenceFile,
      json: args.evidenceJson,
      hash: args.evidenceHash,
    });
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.renew({ participant, validUntil, evidenceHash });
    console.log(formatRenewed(participant, validUntil, tx));
  });
}
