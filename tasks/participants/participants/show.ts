import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { toAddress } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatParticipant } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:show <address> [--json]`: a participant's accreditation. */
export default function showParticipant(
  args: { participant: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const address = toAddress(args.participant, "participant address");
    const { suite } = await connect(hre);
    const participant = await suite.participants.getParticipant(address);
    if (participant.state === "none") throw notFound(formatParticipant(participant));
    if (args.json) printJson(participant);
    else console.log(formatParticipant(participant));
  }, PARTICIPANTS_FLAGS);
}
