import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { optionalChipAddress, parseBatchInputs, requireSerial } from "../provenance/args.js";
import { requireDays, requireDocumentHash } from "../shared/args.js";
import { parseCoreRef } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatPartRemade, formatRemanufactured } from "./format.js";
import { tokenInfo } from "./common.js";
import { formatPaymentApprovals } from "../shared/format.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `part:remanufacture <core> --serial SN-R1 [--chip <address>] [--inputs 2:3] --warranty-days N
 * --terms-…`: a remanufacturer holding a graded core, under the OEM's licence (or the OEM
 * itself), makes the new part of the core's specification and turns the core into it: the core
 * is burned, the new part links to its predecessor, one unit of the licence is drawn (its fee
 * approved exactly first when the allowance is short) and the part's warranty opens.
 */
export default function remanufacture(
  args: {
    core: string;
    serial: string;
    chip: string;
    inputs: string;
    warrantyDays: string;
    termsFile: string;
    termsJson: string;
    termsHash: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const coreId = parseCoreRef(args.core);
    const serial = requireSerial(args.serial);
    const chipKey = optionalChipAddress(args.chip);
    const inputs = parseBatchInputs(args.inputs);
    const warrantyDuration = requireDays(args.warrantyDays, "--warranty-days", "warranty");
    const warrantyTermsHash = await requireDocumentHash("warranty terms", "terms", {
      file: args.termsFile,
      json: args.termsJson,
      hash: args.termsHash,
    });
    const { suite } = await connectAs(
      hre,
      args.from,
      "a licensed remanufacturer, or the specification's owner",
    );
    const { circular } = suite;
    const result = await circular.remanufacture({
      coreId,
      serial,
      ...(chipKey === undefined ? {} : { chipKey }),
      inputs,
      warrantyDuration,
      warrantyTermsHash,
    });
    const feeToken =
      result.feeToken === undefined ? undefined : await tokenInfo(suite, result.feeToken);
    const json = {
      coreId,
      serial,
      ...result,
      feeToken,
      transactions: [result.makeTx, result.tx],
    };
    printResult(args.json, json, () => [
      ...(feeToken === undefined
        ? []
        : formatPaymentApprovals(
            result,
            { address: circular.addresses.licenceRegistry, name: "licence registry" },
            result.fee,
            feeToken,
          )),
      formatPartRemade({ newPartId: result.newPartId, serial, spec: result.spec }, result.makeTx),
      formatRemanufactured(
        { coreId, ...result, warrantyEnd: result.warranty.end },
        feeToken,
        result.tx,
      ),
    ]);
  }, CIRCULAR_FLAGS);
}
