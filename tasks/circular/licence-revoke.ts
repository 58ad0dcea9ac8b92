import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, type ReasonOptions } from "../shared/args.js";
import { parseRecordId, requireReasonFor } from "./args.js";
import { connect, runTask } from "../shared/context.js";
import { formatLicenceRevoked } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `licence:revoke <licence> --reason …`: the OEM revokes a licence from now on, for a reason. */
export default function revokeLicence(
  args: ReasonOptions & { licence: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const licenceId = parseRecordId(args.licence, "licence id");
    const reasonHash = await requireReasonFor(args, "the licensee reads it");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.circular.revokeLicence({ licenceId, reasonHash });
    console.log(formatLicenceRevoked(licenceId, reasonHash, tx));
  }, CIRCULAR_FLAGS);
}
