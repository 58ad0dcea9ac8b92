import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import {
  parseBatchInputs,
  parseChipAddresses,
  parseSerials,
  resolveSpecHash,
  type SerialOptions,
} from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatPartsMade } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:make-run --spec <hash|file> (--serials SN-1,SN-2 | --serial-prefix SN- --count N)
 * [--chips a,b,…] [--inputs 2:1]`: a manufacturer makes a production run in one transaction.
 */
export default function makeRun(
  args: SerialOptions & {
    spec: string;
    chips: string;
    inputs: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const serials = parseSerials(args);
    const chipKeys = parseChipAddresses(args.chips);
    const inputs = parseBatchInputs(args.inputs);
    const { suite } = await connectAs(hre, args.from, "a manufacturer");
    const { tx, partIds } = await suite.parts.makeParts({ spec, serials, chipKeys, inputs });
    printResult(args.json, { partIds, serials, chipKeys, inputs, tx }, () =>
      formatPartsMade({ partIds, serials, inputs }, tx),
    );
  }, PROVENANCE_FLAGS);
}
