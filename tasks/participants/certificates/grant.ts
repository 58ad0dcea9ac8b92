import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { toAddress, toSchemeId } from "../../../src/index.js";
import { type EvidenceOptions, optionalDate, requireEvidenceHash } from "../../shared/args.js";
import { type CapacityOptions, parseCapacity } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatCertificateGranted } from "../format.js";
import { CERTIFICATE_FLAGS } from "../flags.js";

/**
 * `certificate:grant <participant> <scheme> [--valid-from DATE] [--until DATE]
 * [--capacity <units> --period-days <n> | --period-hours <n>]` + evidence: an authorised auditor
 * certifies a participant.
 */
export default function grantCertificate(
  args: CapacityOptions &
    EvidenceOptions & {
      participant: string;
      scheme: string;
      validFrom: string;
      until: string;
      from: string;
      json: boolean;
    },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const scheme = toSchemeId(args.scheme);
    const validFrom = optionalDate(args.validFrom, "start of validity");
    const validUntil = optionalDate(args.until, "end of validity");
    const capacity = parseCapacity(args);
    const evidenceHash = await requireEvidenceHash("audit evidence", args);
    const { suite } = await connectAs(hre, args.from, "an auditor the scheme authorised");
    const { tx, certificate } = await suite.participants.grantCertificate({
      participant,
      scheme,
      validFrom,
      validUntil,
      capacity,
      evidenceHash,
    });
    printResult(args.json, { certificate, evidenceHash, tx }, () =>
      formatCertificateGranted(certificate, tx),
    );
  }, CERTIFICATE_FLAGS);
}
