/**
 * The participants commands' flags for the SDK's fields: an SDK input error's sentence is printed
 * after the flag or argument that gave the field at fault (a field not named here prints no flag).
 */
import type { FlagNames } from "../shared/print.js";

/** SDK field to flag or argument, for every registrar, participant, scheme and certificate task. */
export const PARTICIPANTS_FLAGS: FlagNames = {
  account: "<account>",
  auditor: "<auditor>",
  defaultValidity: "--validity-days",
  documentHash: "--document-hash",
  evidenceHash: "--evidence-hash",
  newBody: "<new-body>",
  participant: "<address>",
  reasonHash: "--reason",
  scheme: "<scheme>",
};

/** The certificate tasks name the participant `<participant>`, not `<address>`. */
export const CERTIFICATE_FLAGS: FlagNames = { ...PARTICIPANTS_FLAGS, participant: "<participant>" };

/** `certificate:show` takes the scheme as the option `--scheme`. */
export const CERTIFICATE_SHOW_FLAGS: FlagNames = { ...CERTIFICATE_FLAGS, scheme: "--scheme" };
