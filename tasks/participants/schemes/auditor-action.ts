import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { schemeName, toAddress, toSchemeId, type TxResult } from "../../../src/index.js";
import { runTask } from "../../shared/context.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

type AuditorArgs = { scheme: string; auditor: string; from: string; json: boolean };

/**
 * The action of `scheme:authorize-auditor <scheme> <auditor>` and
 * `scheme:deauthorize-auditor <scheme> <auditor>`: the scheme's standards body changes an
 * auditor's authorisation through the SDK method `operation`; `describe` says what it did.
 */
export function auditorAction(
  operation: "authorizeAuditor" | "deauthorizeAuditor",
  describe: (scheme: string, auditor: string, tx: TxResult) => string,
): (args: AuditorArgs, hre: HardhatRuntimeEnvironment) => Promise<void> {
  return (args, hre) =>
    runTask(async () => {
      const scheme = toSchemeId(args.scheme);
      const auditor = toAddress(args.auditor, "auditor address");
      const { suite } = await connectAs(hre, args.from, {
        role: "the scheme's standards body",
        holder: async (s) => (await s.participants.getScheme(scheme))?.standardsBody,
      });
      const tx = await suite.participants[operation]({ scheme, auditor });
      printResult(args.json, { scheme: schemeName(scheme), auditor, tx }, () =>
        describe(schemeName(scheme), auditor, tx),
      );
    }, PARTICIPANTS_FLAGS);
}
