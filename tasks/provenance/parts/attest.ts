import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { requireDocumentHash } from "../../shared/args.js";
import { parsePartRef, parseResult, requireAttestationKind } from "../args.js";
import { runTask } from "../../shared/context.js";
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
    json: boolean;
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
    const { suite } = await connectAs(
      hre,
      args.from,
      "an accredited test lab, inspector or service",
    );
    const tx = await suite.parts.attest({ partId, kind, dataHash, passed });
    printResult(args.json, { partId, kind, passed, dataHash, tx }, () =>
      formatAttested(partId, kind, passed, dataHash, tx),
    );
  }, PROVENANCE_FLAGS);
}
