import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../src/index.js";
import { parseFrom, type ReasonOptions, resolveReasonHash } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatSuspended } from "../format.js";

/** `participant:suspend <address> [--reason …]`: a registrar suspends a participant. */
export default function suspendParticipant(
  args: ReasonOptions & { address: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const reasonHash = await resolveReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.suspend(participant, reasonHash);
    console.log(formatSuspended(participant, reasonHash, tx));
  });
}
