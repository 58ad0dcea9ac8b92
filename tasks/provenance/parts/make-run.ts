import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../../shared/args.js";
import {
  parseBatchInputs,
  parseChipAddresses,
  parseSerials,
  resolveSpecHash,
  type SerialOptions,
} from "../args.js";
import { connect, runTask } from "../../shared/context.js";
import { formatPartsMade } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:make-run --spec <hash|file> (--serials SN-1,SN-2 | --serial-prefix SN- --count N)
 * [--chips a,b,…] [--inputs 2:1]`: a manufacturer makes a production run in one transaction.
 */
export default function makeRun(
  args: SerialOptions & { spec: string; chips: string; inputs: string; from: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const serials = parseSerials(args);
    const chipKeys = parseChipAddresses(args.chips);
    const inputs = parseBatchInputs(args.inputs);
    const from = parseFrom(args.from);
    const { suite } = await connect(hre, from);
    const { tx, partIds } = await suite.parts.makeParts({ spec, serials, chipKeys, inputs });
    console.log(formatPartsMade({ partIds, serials, inputs }, tx));
  }, PROVENANCE_FLAGS);
}
