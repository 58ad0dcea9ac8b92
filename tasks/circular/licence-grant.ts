import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { printResult } from "../shared/output.js";
import { connectAs } from "../shared/signer.js";
import { resolveSpecHash } from "../provenance/args.js";
import {
  requireAddressOption,
  requireDate,
  requireDays,
  requireDocumentHash,
} from "../shared/args.js";
import { optionalLicenceFee, requireCount } from "./args.js";
import { runTask } from "../shared/context.js";
import { formatLicenceGranted } from "./format.js";
import { tokenInfo } from "./common.js";
import { CIRCULAR_FLAGS } from "./flags.js";

/**
 * `licence:grant --spec <hash|file> --remanufacturer <address> --units N --period-days N --until
 * <date> [--fee-token <address> --fee <amount>] --data-…`: the owner of a specification (the
 * OEM) licenses a remanufacturer to remake at most N units per period until a date, for an
 * optional fee per unit, giving access to the data package named by its hash.
 */
export default function grantLicence(
  args: {
    spec: string;
    remanufacturer: string;
    units: string;
    periodDays: string;
    until: string;
    feeToken: string;
    fee: string;
    dataFile: string;
    dataJson: string;
    dataHash: string;
    from: string;
    json: boolean;
  },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  return runTask(async () => {
    const spec = await resolveSpecHash(args.spec);
    const remanufacturer = requireAddressOption(
      args.remanufacturer,
      "--remanufacturer",
      "remanufacturer",
    );
    const unitsPerPeriod = requireCount(args.units, "--units", "units per period");
    const periodLength = requireDays(args.periodDays, "--period-days", "licence period");
    const validUntil = requireDate(args.until, "--until", "licence expiry");
    const fee = optionalLicenceFee(args.feeToken, args.fee);
    const dataHash = await requireDocumentHash("licensed data package", "data", {
      file: args.dataFile,
      json: args.dataJson,
      hash: args.dataHash,
    });
    const { suite } = await connectAs(hre, args.from, "the specification's owner");
    const { tx, licence } = await suite.circular.grantLicence({
      spec,
      remanufacturer,
      unitsPerPeriod,
      periodLength,
      validUntil,
      dataHash,
      ...(fee ?? {}),
    });
    const feeToken =
      licence.feeToken === undefined ? undefined : await tokenInfo(suite, licence.feeToken);
    printResult(args.json, { licence, feeToken, tx }, () =>
      formatLicenceGranted(licence, feeToken, tx),
    );
  }, CIRCULAR_FLAGS);
}
