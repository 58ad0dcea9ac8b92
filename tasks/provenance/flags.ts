/**
 * The provenance commands' flags for the SDK's fields: an SDK input error's sentence is printed
 * after the flag or argument that gave the field at fault (a field not named here prints no flag).
 */
import type { FlagNames } from "../shared/print.js";

/** SDK field to flag or argument, for every specification, batch and part task. */
export const PROVENANCE_FLAGS: FlagNames = {
  batchId: "<batch-id>",
  blockNumber: "--block",
  chipKey: "--chip",
  chipKeys: "--chips",
  children: "--children",
  dataHash: "--data-hash",
  evidenceHash: "--evidence-hash",
  inputs: "--inputs",
  materialSpec: "--material-hash",
  newChipKey: "--chip",
  partId: "<part>",
  quantity: "--quantity",
  reasonHash: "--reason",
  schemes: "--schemes",
  serial: "--serial",
  serials: "--serials",
  spec: "--spec",
  to: "<to>",
};

/** `spec:define` and `spec:show` take the specification as their argument `<spec>`. */
export const SPEC_FLAGS: FlagNames = { ...PROVENANCE_FLAGS, spec: "<spec>" };
