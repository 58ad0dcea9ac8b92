import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { schemeName, toAddress, toSchemeId } from "../../../src/index.js";
import { runTask } from "../../shared/context.js";
import { formatCertificateRequested } from "../format.js";
import { CERTIFICATE_FLAGS } from "../flags.js";

/**
 * `certificate:request <scheme> <auditor>`: the signer asks an auditor to certify it; only that
 * auditor may then grant (or renew) its certificate under the scheme, once.
 */
export default function requestCertificate(
  args: { scheme: string; auditor: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const scheme = toSchemeId(args.scheme);
    const auditor = toAddress(args.auditor, "auditor address");
    const { suite, signer } = await connectAs(hre, args.from, "the participant to certify");
    const tx = await suite.participants.requestCertificate({ scheme, auditor });
    const json = { participant: signer.address, scheme: schemeName(scheme), auditor, tx };
    printResult(args.json, json, () =>
      formatCertificateRequested(signer.address, schemeName(scheme), auditor, tx),
    );
  }, CERTIFICATE_FLAGS);
}
