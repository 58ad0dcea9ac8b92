import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { schemeName, toAddress, toSchemeId } from "../../../src/index.js";
import { parseFrom } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatCertificateRequested } from "../format.js";
import { CERTIFICATE_FLAGS } from "../flags.js";

/**
 * `certificate:request <scheme> <auditor>`: the signer asks an auditor to certify it; only that
 * auditor may then grant (or renew) its certificate under the scheme, once.
 */
export default function requestCertificate(
  args: { scheme: string; auditor: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const scheme = toSchemeId(args.scheme);
    const auditor = toAddress(args.auditor, "auditor address");
    const from = parseFrom(args.from);
    const { suite, signer } = await connect(hre, from);
    const tx = await suite.participants.requestCertificate({ scheme, auditor });
    console.log(formatCertificateRequested(signer.address, schemeName(scheme), auditor, tx));
  }, CERTIFICATE_FLAGS);
}
