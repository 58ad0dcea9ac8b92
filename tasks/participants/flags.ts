/**
 * The participants commands' flags for the SDK's fields: an SDK input error's sentence is printed
 * after the flag or argument that gave the field at fault (a field not named here prints no flag).
 */
import type { FlagNames } from "../shared/print.js";

/** SDK field to flag or argument, for every registrar, participant, scheme and certificate task. */
export const PARTICIPANTS_FLAGS: FlagNames = {
  account: "<registrar>",
  auditor: "<auditor>",
  defaultValidity: "--validity-days",
  documentHash: "--document-hash",
  evidenceHash: "--evidence-hash",
  newBody: "<new-body>",
  participant: "<participant>",
  reasonHash: "--reason",
  scheme: "<scheme>",
};

/** The certificate tasks: the same names as every participants task. */
export const CERTIFICATE_FLAGS: FlagNames = PARTICIPANTS_FLAGS;

/** `certificate:show` takes the scheme as the option `--scheme`. */
export const CERTIFICATE_SHOW_FLAGS: FlagNames = { ...CERTIFICATE_FLAGS, scheme: "--scheme" };
