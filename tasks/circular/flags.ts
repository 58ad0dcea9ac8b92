/**
 * The circular-economy commands' flags for the SDK's fields: an SDK input error's sentence is
 * printed after the flag or argument that gave the field at fault (a field not named here prints
 * no flag).
 */
import type { FlagNames } from "../shared/print.js";

/** SDK field to flag or argument, for every core, charge, licence and warranty task. */
export const CIRCULAR_FLAGS: FlagNames = {
  amount: "--amount",
  arbiter: "--arbiter",
  batchEvidenceHash: "--certificate-hash",
  buyer: "--buyer",
  chargeId: "<charge>",
  chipKey: "--chip",
  claimId: "<claim>",
  coreId: "<core>",
  dataHash: "--data-hash",
  duration: "--days",
  evidenceHash: "--evidence-hash",
  grade: "--grade",
  inputs: "--inputs",
  licenceId: "<licence>",
  materialSpec: "--material-hash",
  outcome: "--outcome",
  partId: "<part>",
  periodLength: "--period-days",
  price: "--price",
  quantity: "--quantity",
  reasonHash: "--reason",
  refundBps: "--refunds",
  remanufacturer: "--remanufacturer",
  returnBy: "--return-by",
  schemes: "--schemes",
  serial: "--serial",
  spec: "--spec",
  token: "--token",
  unit: "--unit",
  unitPartId: "--unit",
  unitsPerPeriod: "--units",
  validUntil: "--until",
  warrantyDuration: "--warranty-days",
  warrantyTermsHash: "--terms-hash",
};

/** `warranty:show` takes the claim as the option `--claim`. */
export const WARRANTY_SHOW_FLAGS: FlagNames = { ...CIRCULAR_FLAGS, claimId: "--claim" };

/** `charge:settle` takes the core it hands in as the option `--core`. */
export const CHARGE_SETTLE_FLAGS: FlagNames = { ...CIRCULAR_FLAGS, coreId: "--core" };
