import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { schemeName, toAddress, toSchemeId, type TxResult } from "../../../src/index.js";
import { parseFrom } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { PARTICIPANTS_FLAGS } from "../flags.js";

type AuditorArgs = { scheme: string; auditor: string; from: string };

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
      const from = parseFrom(args.from);
      const { suite } = await connect(hre, from);
      const tx = await suite.participants[operation]({ scheme, auditor });
      console.log(describe(schemeName(scheme), auditor, tx));
    }, PARTICIPANTS_FLAGS);
}
