import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../src/index.js";
import { parseFrom, type ReasonOptions, resolveReasonHash } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatRevoked } from "../format.js";

/** `participant:revoke <address> [--reason …]`: a registrar ends an accreditation for good. */
export default function revokeParticipant(
  args: ReasonOptions & { address: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const reasonHash = await resolveReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.revoke(participant, reasonHash);
    console.log(formatRevoked(participant, reasonHash, tx));
  });
}
