import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { toAddress } from "../../../src/index.js";
import { runTask } from "../../shared/context.js";
import { formatReinstated } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:reinstate <address>`: a registrar lifts a suspension. */
export default function reinstateParticipant(
  args: { participant: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const { suite } = await connectAs(hre, args.from, "a registrar");
    const tx = await suite.participants.reinstate(participant);
    printResult(args.json, { participant, tx }, () => formatReinstated(participant, tx));
  }, PARTICIPANTS_FLAGS);
}
