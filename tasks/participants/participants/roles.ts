import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { parseRoles, toAddress } from "../../../src/index.js";
import { runTask } from "../../shared/context.js";
import { formatRolesChanged } from "../format.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

/** `participant:roles <address> --roles …`: a registrar replaces a participant's roles. */
export default function setParticipantRoles(
  args: { participant: string; roles: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const roles = parseRoles(args.roles);
    const { suite } = await connectAs(hre, args.from, "a registrar");
    const tx = await suite.participants.setRoles({ participant, roles });
    printResult(args.json, { participant, roles, tx }, () =>
      formatRolesChanged(participant, roles, tx),
    );
  }, PARTICIPANTS_FLAGS);
}
