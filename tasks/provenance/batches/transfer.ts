import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom, parseNonZeroAddress } from "../../shared/args.js";
import { parseBatchId, requireQuantity } from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatBatchTransferred } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/** `batch:transfer <batchId> <to> --quantity N`: a batch's holder passes part of it on. */
export default function transferBatch(
  args: { batchId: string; to: string; quantity: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const batchId = parseBatchId(args.batchId);
    const to = parseNonZeroAddress(args.to, "recipient address");
    const quantity = requireQuantity(args.quantity, "--quantity", "quantity to transfer");
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const transferred = await suite.parts.transferBatch({ batchId, to, quantity });
    const { tx, batchId: newBatch, unit } = transferred;
    console.log(formatBatchTransferred(batchId, to, quantity, unit, newBatch, tx));
  }, PROVENANCE_FLAGS);
}
