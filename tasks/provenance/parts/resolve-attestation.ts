import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, type ReasonOptions } from "../../shared/args.js";
import { parsePartRef, parseResult, requireAttestationKind, requireReasonHash } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatAttestationResolved } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:resolve-attestation <part> --kind test --result pass|fail --reason …`: a registrar rules
 * a conflict between two attesters on one kind of a part; the ruling becomes the standing result.
 */
export default function resolveAttestation(
  args: ReasonOptions & { part: string; kind: string; result: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const kind = requireAttestationKind(args.kind);
    const passed = parseResult(args.result);
    const reasonHash = await requireReasonHash(args);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.resolveAttestation({ partId, kind, passed, reasonHash });
    console.log(formatAttestationResolved(partId, kind, passed, reasonHash, tx));
  }, PROVENANCE_FLAGS);
}
