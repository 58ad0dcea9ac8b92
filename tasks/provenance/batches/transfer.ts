import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { batchHolder } from "../args.js";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import { parseNonZeroAddress } from "../../shared/args.js";
import { parseBatchId, requireQuantity } from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatBatchTransferred } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/** `batch:transfer <batchId> <to> --quantity N`: a batch's holder passes part of it on. */
export default function transferBatch(
  args: { batchId: string; to: string; quantity: string; from: string; json: boolean },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const to = parseNonZeroAddress(args.to, "recipient address");
    const quantity = requireQuantity(args.quantity, "--quantity", "quantity to transfer");
    const { suite } = await connectAs(hre, args.from, batchHolder(batchId));
    const transferred = await suite.parts.transferBatch({ batchId, to, quantity });
    const { tx, batchId: newBatch, unit } = transferred;
    const json = { batchId, to, quantity, unit, newBatchId: newBatch, tx };
    printResult(args.json, json, () =>
      formatBatchTransferred(batchId, to, quantity, unit, newBatch, tx),
    );
  }, PROVENANCE_FLAGS);
}
