import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { parseFrom } from "../../shared/args.js";
import {
  optionalChipAddress,
  parseBatchInputs,
  parseChildren,
  requireSerial,
  resolveSpecHash,
} from "../args.js";
import { connect, runTask } from "../../shared/context.js";
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
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const serial = requireSerial(args.serial);
    const chipKey = optionalChipAddress(args.chip);
    const inputs = parseBatchInputs(args.inputs);
    const children = parseChildren(args.children);
    const from = parseFrom(args.from);
    const { suite, signer } = await connect(hre, from);
    const { tx, partId } = await suite.parts.makePart({
      spec,
      serial,
      ...(chipKey === undefined ? {} : { chipKey }),
      inputs,
      children,
    });
    console.log(
      formatPartMade({ partId, maker: signer.address, serial, chipKey, inputs, children }, tx),
    );
  }, PROVENANCE_FLAGS);
}
