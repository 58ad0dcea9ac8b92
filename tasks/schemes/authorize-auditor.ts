import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { schemeName, toAddress, toSchemeId } from "../../src/index.js";
import { parseFrom } from "../args.js";
import { connect, runTask } from "../context.js";
import { formatAuditorAuthorized } from "../format.js";

/** `scheme:authorize-auditor <scheme> <auditor>`: the scheme's standards body authorises. */
export default function authorizeAuditor(
  args: { scheme: string; auditor: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const scheme = toSchemeId(args.scheme);
    const auditor = toAddress(args.auditor, "auditor address");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.authorizeAuditor(scheme, auditor);
    console.log(formatAuditorAuthorized(schemeName(scheme), auditor, tx));
  });
}
