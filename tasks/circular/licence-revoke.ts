import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { type ReasonOptions } from "../shared/args.js";
import { parseRecordId, requireReasonFor } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatLicenceRevoked } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/** `licence:revoke <licence> --reason …`: the OEM revokes a licence from now on, for a reason. */
export default function revokeLicence(
  args: ReasonOptions & { licence: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const licenceId = parseRecordId(args.licence, "licence id");
    const reasonHash = await requireReasonFor(args, "the licensee reads it");
    const { suite } = await connectAs(hre, args.from, "the licence's OEM");
    const tx = await suite.circular.revokeLicence({ licenceId, reasonHash });
    printResult(args.json, { licenceId, reasonHash, tx }, () =>
      formatLicenceRevoked(licenceId, reasonHash, tx),
    );
  }, CIRCULAR_FLAGS);
}
