import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import {
  type EvidenceOptions,
  requireDocumentHash,
  requireEvidenceHash,
} from "../../shared/args.js";
import { parseSchemes, requireQuantity, requireUnit } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatBatchRegistered } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `batch:register --material-… --quantity N --unit kg --schemes A[,B]` + evidence: a certified
 * producer registers a batch of raw material, drawing on its certified capacity.
 */
export default function registerBatch(
  args: EvidenceOptions & {
    materialFile: string;
    materialJson: string;
    materialHash: string;
    quantity: string;
    unit: string;
    schemes: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const materialSpec = await requireDocumentHash("material specification", "material", {
      file: args.materialFile,
      json: args.materialJson,
      hash: args.materialHash,
    });
    const quantity = requireQuantity(args.quantity, "--quantity", "batch quantity");
    const unit = requireUnit(args.unit);
    const schemes = parseSchemes(args.schemes);
    const evidenceHash = await requireEvidenceHash("material certificate (evidence)", args);
    const { suite } = await connectAs(hre, args.from, "a certified producer");
    const { tx, batchId } = await suite.parts.registerBatch({
      materialSpec,
      quantity,
      unit,
      schemes,
      evidenceHash,
    });
    const json = { batchId, quantity, unit, materialSpec, schemes, evidenceHash, tx };
    printResult(args.json, json, () =>
      formatBatchRegistered(batchId, quantity, unit, materialSpec, schemes, tx),
    );
  }, PROVENANCE_FLAGS);
}
