import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, requireDocumentHash } from "../../shared/args.js";
import { parsePartRef, parseResult, requireAttestationKind } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatAttested } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:attest <part> --kind test --data-… --result pass|fail`: a test lab, inspector or service
 * provider records an attestation of a part.
 */
export default function attestPart(
  args: {
    part: string;
    kind: string;
    dataFile: string;
    dataJson: string;
    dataHash: string;
    result: string;
    from: string;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const partId = parsePartRef(args.part);
    const kind = requireAttestationKind(args.kind);
    const dataHash = await requireDocumentHash("attestation data", "data", {
      file: args.dataFile,
      json: args.dataJson,
      hash: args.dataHash,
    });
    const passed = parseResult(args.result);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const tx = await suite.parts.attest({ partId, kind, dataHash, passed });
    console.log(formatAttested(partId, kind, passed, dataHash, tx));
  }, PROVENANCE_FLAGS);
}
