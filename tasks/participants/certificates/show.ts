import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { notFound } from "../../shared/output.js";
import { type Certificate, schemeName, toAddress, toSchemeId } from "../../../src/index.js";
import { connect, runTask } from "../../shared/context.js";
import { printJson } from "../../shared/print.js";
import { formatCertificate, formatCertificates, formatNoCertificate } from "../format.js";
import { CERTIFICATE_SHOW_FLAGS } from "../flags.js";

/**
 * `certificate:show <participant> [--scheme <name>] [--json]`: one certificate, or every
 * certificate the participant ever received (found through its `CertificateGranted` events).
 * A participant without a certificate (under the scheme) exits 1.
 */
export default function showCertificates(
  args: { participant: string; scheme: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const scheme = args.scheme.trim() === "" ? undefined : toSchemeId(args.scheme);
    const { suite } = await connect(hre);
    const { participants, addressBook } = suite;

    if (scheme !== undefined) {
      const certificate = await participants.getCertificate({ participant, scheme });
      if (certificate === undefined) {
        throw notFound(formatNoCertificate(participant, schemeName(scheme)));
      }
      if (args.json) printJson(certificate);
      else console.log(formatCertificate(certificate));
      return;
    }

    const schemes = await participants.certificateSchemesOf({
      participant,
      fromBlock: addressBook.startBlock,
    });
    const certificates: Certificate[] = [];
    for (const id of schemes) {
      const certificate = await participants.getCertificate({ participant, scheme: id });
      if (certificate !== undefined) certificates.push(certificate);
    }
    // Never certified is a missing thing: exit 1, as with --scheme.
    if (certificates.length === 0) throw notFound(formatCertificates(participant, certificates));
    if (args.json) printJson(certificates);
    else console.log(formatCertificates(participant, certificates));
  }, CERTIFICATE_SHOW_FLAGS);
}
