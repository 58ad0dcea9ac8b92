import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseRoles, toAddress } from "../../../src/index.js";
import { parseFrom } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatRolesChanged } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:roles <address> --roles …`: a registrar replaces a participant's roles. */
export default function setParticipantRoles(
  args: { address: string; roles: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.address, "participant address");
    const roles = parseRoles(args.roles);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.setRoles({ participant, roles });
    console.log(formatRolesChanged(participant, roles, tx));
  }, PARTICIPANTS_FLAGS);
}
