import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { schemeName, toAddress, toSchemeId } from "../../../src/index.js";
import { type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { runTask } from "../../shared/context.js";
import { formatCertificateRevoked } from "../format.js";
import { CERTIFICATE_FLAGS } from "../flags.js";

/** `certificate:revoke <participant> <scheme> [--reason …]`: its auditor or standards body revokes. */
export default function revokeCertificate(
  args: ReasonOptions & { participant: string; scheme: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const scheme = toSchemeId(args.scheme);
    const reasonHash = await resolveReasonHash(args);
    const { suite } = await connectAs(
      hre,
      args.from,
      "the certificate's auditor or the scheme's standards body",
    );
    const tx = await suite.participants.revokeCertificate({ participant, scheme, reasonHash });
    const json = { participant, scheme: schemeName(scheme), reasonHash, tx };
    printResult(args.json, json, () =>
      formatCertificateRevoked(participant, schemeName(scheme), reasonHash, tx),
    );
  }, CERTIFICATE_FLAGS);
}
