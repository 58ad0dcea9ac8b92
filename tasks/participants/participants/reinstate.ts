import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { toAddress } from "../../../src/index.js";
import { parseFrom } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatReinstated } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:reinstate <address>`: a registrar lifts a suspension. */
export default function reinstateParticipant(
  args: { address: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.reinstate(participant);
    console.log(formatReinstated(participant, tx));
  }, PARTICIPANTS_FLAGS);
}
