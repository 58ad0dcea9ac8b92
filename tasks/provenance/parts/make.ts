import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../../shared/output.js";
import { connectAs } from "../../shared/signer.js";
import {
  optionalChipAddress,
  parseBatchInputs,
  parseChildren,
  requireSerial,
  resolveSpecHash,
} from "../args.js";
import { runTask } from "../../shared/context.js";
import { formatPartMade } from "../format.js";
import { PROVENANCE_FLAGS } from "../flags.js";

/**
 * `part:make --spec <hash|file> --serial SN-1 [--chip <address>] [--inputs 2:3,5:1]
 * [--children <part>,…]`: a manufacturer makes one part (an assembly when it has children).
 */
export default function makePart(
  args: {
    spec: string;
    serial: string;
    chip: string;
    inputs: string;
    children: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const serial = requireSerial(args.serial);
    const chipKey = optionalChipAddress(args.chip);
    const inputs = parseBatchInputs(args.inputs);
    const children = parseChildren(args.children);
    const { suite, signer } = await connectAs(hre, args.from, "a manufacturer");
    const { tx, partId } = await suite.parts.makePart({
      spec,
      serial,
      ...(chipKey === undefined ? {} : { chipKey }),
      inputs,
      children,
    });
    const made = { partId, maker: signer.address, serial, chipKey, inputs, children };
    printResult(args.json, { ...made, tx }, () => formatPartMade(made, tx));
  }, PROVENANCE_FLAGS);
}
