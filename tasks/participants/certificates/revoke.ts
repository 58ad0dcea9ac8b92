import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { schemeName, toAddress, toSchemeId } from "../../../src/index.js";
import { parseFrom, type ReasonOptions, resolveReasonHash } from "../../shared/args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatCertificateRevoked } from "../format.js";
import { CERTIFICATE_FLAGS } from "../flags.js";

/** `certificate:revoke <participant> <scheme> [--reason …]`: its auditor or standards body revokes. */
export default function revokeCertificate(
  args: ReasonOptions & { participant: string; scheme: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const participant = toAddress(args.participant, "participant address");
    const scheme = toSchemeId(args.scheme);
    const reasonHash = await resolveReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.participants.revokeCertificate({ participant, scheme, reasonHash });
    console.log(formatCertificateRevoked(participant, schemeName(scheme), reasonHash, tx));
  }, CERTIFICATE_FLAGS);
}
