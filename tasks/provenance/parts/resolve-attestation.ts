import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { type ReasonOptions } from "../../shared/args.js";
import { parsePartRef, parseResult, requireAttestationKind, requireReasonHash } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatAttestationResolved } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:resolve-attestation <part> --kind test --result pass|fail --reason …`: a registrar rules
 * a conflict between two attesters on one kind of a part; the ruling becomes the standing result.
 */
export default function resolveAttestation(
  args: ReasonOptions & { part: string; kind: string; result: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const kind = requireAttestationKind(args.kind);
    const passed = parseResult(args.result);
    const reasonHash = await requireReasonHash(args);
    const { suite } = await connectAs(hre, args.from, "a registrar");
    const tx = await suite.parts.resolveAttestation({ partId, kind, passed, reasonHash });
    printResult(args.json, { partId, kind, passed, reasonHash, tx }, () =>
      formatAttestationResolved(partId, kind, passed, reasonHash, tx),
    );
  }, PROVENANCE_FLAGS);
}
