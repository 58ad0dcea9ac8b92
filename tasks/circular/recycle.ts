import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { parseSchemes, requireQuantity, requireUnit } from "../provenance/args.js";
import { type EvidenceOptions, requireDocumentHash, requireEvidenceHash } from "../shared/args.js";
import { parseCoreRef } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatCoreRecycled, formatRecycledBatch } from "./format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `core:recycle <core> --material-… --quantity N --unit kg --schemes A[,B] --certificate-…
 * --evidence-…`: an accredited recycler holding the core registers a batch of the recycled
 * material (drawing its certified capacity), then recycles the core into it: the core is burned
 * and the batch's origin links back to it.
 */
export default function recycleCore(
  args: EvidenceOptions & {
    core: string;
    materialFile: string;
    materialJson: string;
    materialHash: string;
    quantity: string;
    unit: string;
    schemes: string;
    certificateFile: string;
    certificateJson: string;
    certificateHash: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const materialSpec = await requireDocumentHash(
      "recycled material's specification",
      "material",
      {
        file: args.materialFile,
        json: args.materialJson,
        hash: args.materialHash,
      },
    );
    const quantity = requireQuantity(args.quantity, "--quantity", "batch quantity");
    const unit = requireUnit(args.unit);
    const schemes = parseSchemes(args.schemes);
    const batchEvidenceHash = await requireDocumentHash("material certificate", "certificate", {
      file: args.certificateFile,
      json: args.certificateJson,
      hash: args.certificateHash,
    });
    const evidenceHash = await requireEvidenceHash("recycling record (evidence)", args);
    const { suite } = await connectAs(hre, args.from, "an accredited recycler");
    const { tx, batchTx, batchId } = await suite.circular.recycle({
      coreId,
      materialSpec,
      quantity,
      unit,
      schemes,
      batchEvidenceHash,
      evidenceHash,
    });
    const json = {
      coreId,
      batchId,
      quantity,
      unit,
      materialSpec,
      schemes,
      batchEvidenceHash,
      evidenceHash,
      transactions: [batchTx, tx],
    };
    printResult(args.json, json, () => [
      formatRecycledBatch({ batchId, quantity, unit, materialSpec }, batchTx),
      formatCoreRecycled(coreId, batchId, evidenceHash, tx),
    ]);
  }, CIRCULAR_FLAGS);
}
