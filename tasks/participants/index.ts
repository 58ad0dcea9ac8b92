import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import {
  FROM,
  JSON_FLAG,
  EVIDENCE_FILE,
  EVIDENCE_JSON,
  EVIDENCE_HASH,
  REASON,
  REASON_FILE,
  REASON_HASH,
  REASON_JSON,
} from "../shared/options.js";

/**
 * The participant registry's tasks: governance appoints registrars; registrars accredit, suspend,
 * renew and revoke participants; standards bodies define schemes and authorise auditors; auditors
 * grant certificates. The actions load lazily from their own files.
 */

const ROLES = {
  name: "roles",
  description: "Comma-separated roles, e.g. producer,manufacturer",
  defaultValue: "",
} as const;
const PARTICIPANT = { name: "participant", description: "The participant's address" } as const;

// -----------------------------------------------------------------------------------------------
// Governance: registrars
// -----------------------------------------------------------------------------------------------

export const registrarAppoint = task("registrar:appoint", "Appoint a registrar (governance)")
  .addPositionalArgument({ name: "registrar", description: "The registrar's address" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./registrars/appoint.js"))
  .build();

export const registrarRemove = task("registrar:remove", "Remove a registrar (governance)")
  .addPositionalArgument({ name: "registrar", description: "The registrar's address" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./registrars/remove.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Registrars: participants
// -----------------------------------------------------------------------------------------------

export const participantAccredit = task(
  "participant:accredit",
  "Accredit a participant with roles until a date, on evidence (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(ROLES)
  .addOption({
    name: "until",
    description:
      "Required: when the accreditation lapses: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption(EVIDENCE_FILE)
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./participants/accredit.js"))
  .build();

export const participantRoles = task(
  "participant:roles",
  "Replace a participant's roles (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(ROLES)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./participants/roles.js"))
  .build();

export const participantSuspend = task(
  "participant:suspend",
  "Suspend a participant, with an optional reason (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./participants/suspend.js"))
  .build();

export const participantReinstate = task(
  "participant:reinstate",
  "Lift a participant's suspension (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./participants/reinstate.js"))
  .build();

export const participantRenew = task(
  "participant:renew",
  "Extend an accreditation until a new date, on new evidence (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption({
    name: "until",
    description: "Required: the new expiry: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption(EVIDENCE_FILE)
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./participants/renew.js"))
  .build();

export const participantRevoke = task(
  "participant:revoke",
  "Revoke an accreditation for good, with an optional reason (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./participants/revoke.js"))
  .build();

export const participantShow = task("participant:show", "Show a participant's accreditation")
  .addPositionalArgument(PARTICIPANT)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./participants/show.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Standards bodies: schemes and auditors
// -----------------------------------------------------------------------------------------------

const SCHEME = {
  name: "scheme",
  description: "The scheme's short name (e.g. AS9100D, up to 31 bytes) or bytes32 id",
} as const;
const AUDITOR = { name: "auditor", description: "The auditor's address" } as const;

export const schemeDefine = task(
  "scheme:define",
  "Define a certification scheme on its normative document (standards body)",
)
  .addPositionalArgument(SCHEME)
  .addOption({
    name: "documentFile",
    type: ArgumentType.FILE,
    description: "The scheme's normative document, as a file whose bytes are hashed (SHA-256)",
    defaultValue: "",
  })
  .addOption({
    name: "documentJson",
    description: "The scheme's normative document, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "documentHash",
    description: "The normative document's hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption({
    name: "validityDays",
    description: "Required: how many days certificates last when the auditor gives no end",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./schemes/define.js"))
  .build();

export const schemeAuthorizeAuditor = task(
  "scheme:authorize-auditor",
  "Authorise an auditor to certify under a scheme (the scheme's standards body)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument(AUDITOR)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./schemes/authorize-auditor.js"))
  .build();

export const schemeDeauthorizeAuditor = task(
  "scheme:deauthorize-auditor",
  "Withdraw an auditor's authorisation under a scheme (the scheme's standards body)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument(AUDITOR)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./schemes/deauthorize-auditor.js"))
  .build();

export const schemeTransfer = task(
  "scheme:transfer",
  "Hand a scheme to another active standards body, e.g. when its body lost its accreditation (governance)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument({ name: "newBody", description: "The new standards body's address" })
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./schemes/transfer.js"))
  .build();

export const schemeShow = task("scheme:show", "Show a certification scheme")
  .addPositionalArgument(SCHEME)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./schemes/show.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Auditors: certificates
// -----------------------------------------------------------------------------------------------

const CERTIFIED = {
  name: "participant",
  description: "The certified participant's address",
} as const;

export const certificateRequest = task(
  "certificate:request",
  "Ask an auditor to certify the signer under a scheme; only that auditor may then grant, once (participant)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument(AUDITOR)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./certificates/request.js"))
  .build();

export const certificateGrant = task(
  "certificate:grant",
  "Certify a participant under a scheme, with an optional capacity per period (authorised auditor)",
)
  .addPositionalArgument(CERTIFIED)
  .addPositionalArgument(SCHEME)
  .addOption({
    name: "validFrom",
    description: "Start of validity; now when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "until",
    description: "End of validity; the scheme's default validity after the start when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "capacity",
    description: "Units the participant may produce per period; no limit when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "periodDays",
    description: "Length of a capacity period in days (with --capacity)",
    defaultValue: "",
  })
  .addOption({
    name: "periodHours",
    description: "Length of a capacity period in hours (with --capacity)",
    defaultValue: "",
  })
  .addOption({
    name: "capacityUnit",
    description: "The unit the capacity counts, e.g. kg or pcs (with --capacity)",
    defaultValue: "",
  })
  .addOption({
    ...EVIDENCE_FILE,
    description: "The audit report, as a file whose bytes are hashed",
  })
  .addOption({
    ...EVIDENCE_JSON,
    description: "The audit report, as JSON hashed in canonical form",
  })
  .addOption({ ...EVIDENCE_HASH, description: "The audit report's hash (0x + 64 hex digits)" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./certificates/grant.js"))
  .build();

export const certificateRevoke = task(
  "certificate:revoke",
  "Revoke a certificate, with an optional reason (its auditor or the scheme's standards body)",
)
  .addPositionalArgument(CERTIFIED)
  .addPositionalArgument(SCHEME)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./certificates/revoke.js"))
  .build();

export const certificateShow = task(
  "certificate:show",
  "Show a participant's certificate under a scheme, or every certificate it received",
)
  .addPositionalArgument(CERTIFIED)
  .addOption({
    name: "scheme",
    description: "Show only the certificate under this scheme; all of them when omitted",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./certificates/show.js"))
  .build();

/** Every task of this subsystem, in the order `npx hardhat --help` lists them. */
export const participantsTasks = [
  registrarAppoint,
  registrarRemove,
  participantAccredit,
  participantRoles,
  participantSuspend,
  participantReinstate,
  participantRenew,
  participantRevoke,
  participantShow,
  schemeDefine,
  schemeAuthorizeAuditor,
  schemeDeauthorizeAuditor,
  schemeTransfer,
  schemeShow,
  certificateRequest,
  certificateGrant,
  certificateRevoke,
  certificateShow,
];
