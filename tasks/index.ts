import { task } from "hardhat/config";

/**
 * Every task of the suite; the actions are loaded lazily from their own files. Option names are
 * camelCase here and kebab-case on the command line (`evidenceFile` is `--evidence-file`).
 */

// -----------------------------------------------------------------------------------------------
// Shared options
// -----------------------------------------------------------------------------------------------

const FROM = {
  name: "from",
  description: "The account that signs: an address or an account index; account #0 when omitted",
  defaultValue: "",
} as const;

const JSON_FLAG = { name: "json", description: "Print JSON instead of text" } as const;

const EVIDENCE_FILE = {
  name: "evidenceFile",
  description: "The evidence document, as a file whose bytes are hashed (SHA-256)",
  defaultValue: "",
} as const;
const EVIDENCE_JSON = {
  name: "evidenceJson",
  description: "The evidence document, as JSON hashed in canonical form",
  defaultValue: "",
} as const;
const EVIDENCE_HASH = {
  name: "evidenceHash",
  description: "The evidence document's hash (0x + 64 hex digits)",
  defaultValue: "",
} as const;

const REASON = {
  name: "reason",
  description: "The reason, as text (only its SHA-256 hash goes on chain); optional",
  defaultValue: "",
} as const;
const REASON_FILE = {
  name: "reasonFile",
  description: "The reason, as a document file whose bytes are hashed; optional",
  defaultValue: "",
} as const;
const REASON_HASH = {
  name: "reasonHash",
  description: "The reason document's hash (0x + 64 hex digits); optional",
  defaultValue: "",
} as const;

const ROLES = {
  name: "roles",
  description: "Comma-separated roles, e.g. producer,manufacturer",
  defaultValue: "",
} as const;

const PARTICIPANT = { name: "address", description: "The participant's address" } as const;

// -----------------------------------------------------------------------------------------------
// Deployment
// -----------------------------------------------------------------------------------------------

export const suiteDeploy = task(
  "suite:deploy",
  "Deploy the suite with Ignition, governance as admin from the start, write deployments/chain-<id>.json",
)
  .addOption({
    name: "governance",
    description:
      "Governance address (multisig or timelock), never the deployer; default GOVERNANCE_ADDRESS, or account #1 on a local chain",
    defaultValue: "",
  })
  .addOption({
    name: "adminDelayDays",
    description:
      "Days a hand-over of the admin power waits between its two steps, 1 to 30 (default 2)",
    defaultValue: "",
  })
  .addOption({
    name: "deploymentId",
    description: "Ignition's journal to use under ignition/deployments; chain-<chainId> by default",
    defaultValue: "",
  })
  .addFlag({
    name: "reset",
    description:
      "Wipe the journal and deploy a new copy instead of resuming (after a node restart)",
  })
  .setAction(() => import("./suite/deploy.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Governance: registrars
// -----------------------------------------------------------------------------------------------

export const registrarAppoint = task("registrar:appoint", "Appoint a registrar (governance)")
  .addPositionalArgument({ name: "account", description: "The registrar's address" })
  .addOption(FROM)
  .setAction(() => import("./participants/registrars/appoint.js"))
  .build();

export const registrarRemove = task("registrar:remove", "Remove a registrar (governance)")
  .addPositionalArgument({ name: "account", description: "The registrar's address" })
  .addOption(FROM)
  .setAction(() => import("./participants/registrars/remove.js"))
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
    description: "When the accreditation lapses: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption(EVIDENCE_FILE)
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addOption(FROM)
  .setAction(() => import("./participants/participants/accredit.js"))
  .build();

export const participantRoles = task(
  "participant:roles",
  "Replace a participant's roles (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(ROLES)
  .addOption(FROM)
  .setAction(() => import("./participants/participants/roles.js"))
  .build();

export const participantSuspend = task(
  "participant:suspend",
  "Suspend a participant, with an optional reason (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./participants/participants/suspend.js"))
  .build();

export const participantReinstate = task(
  "participant:reinstate",
  "Lift a participant's suspension (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(FROM)
  .setAction(() => import("./participants/participants/reinstate.js"))
  .build();

export const participantRenew = task(
  "participant:renew",
  "Extend an accreditation until a new date, on new evidence (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption({
    name: "until",
    description: "The new expiry: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption(EVIDENCE_FILE)
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addOption(FROM)
  .setAction(() => import("./participants/participants/renew.js"))
  .build();

export const participantRevoke = task(
  "participant:revoke",
  "Revoke an accreditation for good, with an optional reason (registrar)",
)
  .addPositionalArgument(PARTICIPANT)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./participants/participants/revoke.js"))
  .build();

export const participantShow = task("participant:show", "Show a participant's accreditation")
  .addPositionalArgument(PARTICIPANT)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./participants/participants/show.js"))
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
    description: "How many days certificates last when the auditor gives no end",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./participants/schemes/define.js"))
  .build();

export const schemeAuthorizeAuditor = task(
  "scheme:authorize-auditor",
  "Authorise an auditor to certify under a scheme (the scheme's standards body)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument(AUDITOR)
  .addOption(FROM)
  .setAction(() => import("./participants/schemes/authorize-auditor.js"))
  .build();

export const schemeDeauthorizeAuditor = task(
  "scheme:deauthorize-auditor",
  "Withdraw an auditor's authorisation under a scheme (the scheme's standards body)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument(AUDITOR)
  .addOption(FROM)
  .setAction(() => import("./participants/schemes/deauthorize-auditor.js"))
  .build();

export const schemeTransfer = task(
  "scheme:transfer",
  "Hand a scheme to another active standards body, e.g. when its body lost its accreditation (governance)",
)
  .addPositionalArgument(SCHEME)
  .addPositionalArgument({ name: "newBody", description: "The new standards body's address" })
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./participants/schemes/transfer.js"))
  .build();

export const schemeShow = task("scheme:show", "Show a certification scheme")
  .addPositionalArgument(SCHEME)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./participants/schemes/show.js"))
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
  .addOption(FROM)
  .setAction(() => import("./participants/certificates/request.js"))
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
  .addOption(FROM)
  .setAction(() => import("./participants/certificates/grant.js"))
  .build();

export const certificateRevoke = task(
  "certificate:revoke",
  "Revoke a certificate, with an optional reason (its auditor or the scheme's standards body)",
)
  .addPositionalArgument(CERTIFIED)
  .addPositionalArgument(SCHEME)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./participants/certificates/revoke.js"))
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
  .setAction(() => import("./participants/certificates/show.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Parts and provenance: specifications, material batches, parts
// -----------------------------------------------------------------------------------------------

const PART = {
  name: "part",
  description: "The part: its token id (decimal or 0x hex) or <maker address>:<serial>",
} as const;
const BATCH = { name: "batchId", description: "The batch's id" } as const;
const INPUTS = {
  name: "inputs",
  description: "What each part consumes, as <batch id>:<quantity> pairs, e.g. 2:3,5:1",
  defaultValue: "",
} as const;
const SPEC = {
  name: "spec",
  description: "The part's specification: its hash (0x + 64 hex digits) or its document file",
  defaultValue: "",
} as const;
const OPTIONAL_EVIDENCE = [
  { ...EVIDENCE_FILE, description: `${EVIDENCE_FILE.description}; optional` },
  { ...EVIDENCE_JSON, description: `${EVIDENCE_JSON.description}; optional` },
  { ...EVIDENCE_HASH, description: `${EVIDENCE_HASH.description}; optional` },
] as const;
const CHIP_KEY = {
  name: "chipKey",
  description:
    "The tag chip's private key, to simulate the chip locally or in a demo (0x + 64 hex digits)",
  defaultValue: "",
} as const;
const CHIP_BLOCK = {
  name: "block",
  description:
    "The block number the chip's answer is bound to: one of the 64 before the block that checks " +
    "it; the latest block's parent when omitted",
  defaultValue: "",
} as const;

export const specDefine = task(
  "spec:define",
  "Define a part specification and the attestation kinds its parts must pass (manufacturer)",
)
  .addPositionalArgument({
    name: "spec",
    description: "The specification's hash (0x + 64 hex digits) or its document file",
    defaultValue: "",
  })
  .addOption({
    name: "specFile",
    description: "The specification, as a file whose bytes are hashed (SHA-256)",
    defaultValue: "",
  })
  .addOption({
    name: "specJson",
    description: "The specification, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "required",
    description:
      "Comma-separated attestation kinds a part must pass to conform, e.g. test,inspection; none when omitted",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./provenance/specs/define.js"))
  .build();

export const specShow = task("spec:show", "Show a part specification")
  .addPositionalArgument({
    name: "spec",
    description: "The specification's hash (0x + 64 hex digits) or its document file",
  })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./provenance/specs/show.js"))
  .build();

export const batchRegister = task(
  "batch:register",
  "Register a batch of raw material, drawing on the certified capacity (certified producer)",
)
  .addOption({
    name: "materialFile",
    description: "The material specification, as a file whose bytes are hashed (SHA-256)",
    defaultValue: "",
  })
  .addOption({
    name: "materialJson",
    description: "The material specification, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "materialHash",
    description: "The material specification's hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption({ name: "quantity", description: "The batch's quantity, in --unit", defaultValue: "" })
  .addOption({
    name: "unit",
    description: "The unit of the quantity: 1 to 8 ASCII characters, e.g. kg, m or pcs",
    defaultValue: "",
  })
  .addOption({
    name: "schemes",
    description: "Comma-separated certification schemes the batch carries (one to four)",
    defaultValue: "",
  })
  .addOption({ ...EVIDENCE_FILE, description: "The material certificate, as a file" })
  .addOption({ ...EVIDENCE_JSON, description: "The material certificate, as JSON" })
  .addOption({ ...EVIDENCE_HASH, description: "The material certificate's hash" })
  .addOption(FROM)
  .setAction(() => import("./provenance/batches/register.js"))
  .build();

export const batchTransfer = task(
  "batch:transfer",
  "Transfer part of a batch to another accredited participant, as a new batch (its holder)",
)
  .addPositionalArgument(BATCH)
  .addPositionalArgument({ name: "to", description: "The recipient's address" })
  .addOption({ name: "quantity", description: "How much to transfer", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./provenance/batches/transfer.js"))
  .build();

export const batchRecall = task(
  "batch:recall",
  "Recall a batch's material and every portion of it (its producer or a registrar)",
)
  .addPositionalArgument(BATCH)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./provenance/batches/recall.js"))
  .build();

export const batchLiftRecall = task(
  "batch:lift-recall",
  "Lift the recall of a batch's material, with the finding that clears it (a registrar)",
)
  .addPositionalArgument(BATCH)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./provenance/batches/lift-recall.js"))
  .build();

export const batchShow = task("batch:show", "Show a batch: holder, quantities, origin, recall")
  .addPositionalArgument(BATCH)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./provenance/batches/show.js"))
  .build();

export const partMake = task(
  "part:make",
  "Make one part, or an assembly of child parts; prints its id (manufacturer)",
)
  .addOption(SPEC)
  .addOption({
    name: "serial",
    description: "The serial marked on the part, e.g. SN-000123 (up to 31 bytes)",
    defaultValue: "",
  })
  .addOption({
    name: "chip",
    description: "The address of the part's tag chip key; no chip when omitted",
    defaultValue: "",
  })
  .addOption(INPUTS)
  .addOption({
    name: "children",
    description: "Comma-separated parts you hold to build into this one (ids or maker:serial)",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/make.js"))
  .build();

export const partMakeRun = task(
  "part:make-run",
  "Make a production run of parts in one transaction (manufacturer)",
)
  .addOption(SPEC)
  .addOption({
    name: "serials",
    description: "Comma-separated serials, one per part",
    defaultValue: "",
  })
  .addOption({
    name: "serialPrefix",
    description: "Generate the serials: this prefix followed by a number (with --count)",
    defaultValue: "",
  })
  .addOption({ name: "count", description: "How many serials to generate", defaultValue: "" })
  .addOption({
    name: "start",
    description: "The first generated number; 1 when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "digits",
    description: "Pad the generated numbers with zeros to this many digits",
    defaultValue: "",
  })
  .addOption({
    name: "chips",
    description: "Comma-separated tag chip key addresses, one per serial; none when omitted",
    defaultValue: "",
  })
  .addOption(INPUTS)
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/make-run.js"))
  .build();

export const partAttest = task(
  "part:attest",
  "Record an attestation of a part: kind, data hash, pass or fail (test lab, inspector, service)",
)
  .addPositionalArgument(PART)
  .addOption({
    name: "kind",
    description: "test, measurement, inspection, calibration, service or repair",
    defaultValue: "",
  })
  .addOption({
    name: "dataFile",
    description: "The data (report, measurements), as a file whose bytes are hashed",
    defaultValue: "",
  })
  .addOption({
    name: "dataJson",
    description: "The data, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "dataHash",
    description: "The data's hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption({ name: "result", description: "pass or fail", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/attest.js"))
  .build();

export const partResolveAttestation = task(
  "part:resolve-attestation",
  "Rule a conflict between two attesters on one kind of a part: pass or fail (a registrar)",
)
  .addPositionalArgument(PART)
  .addOption({
    name: "kind",
    description: "test, measurement, inspection, calibration, service or repair",
    defaultValue: "",
  })
  .addOption({ name: "result", description: "pass or fail", defaultValue: "" })
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/resolve-attestation.js"))
  .build();

export const partQuarantine = task(
  "part:quarantine",
  "Quarantine a part, with an optional reason (its maker or a registrar)",
)
  .addPositionalArgument(PART)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/quarantine.js"))
  .build();

export const partRelease = task(
  "part:release",
  "Release a part from quarantine, with an optional reason (its maker or a registrar)",
)
  .addPositionalArgument(PART)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/release.js"))
  .build();

export const partRetire = task(
  "part:retire",
  "Retire a part as returned, recycled or destroyed, with optional evidence (its owner)",
)
  .addPositionalArgument(PART)
  .addOption({
    name: "to",
    description: "The end-of-life status: returned, recycled or destroyed",
    defaultValue: "",
  })
  .addOption(OPTIONAL_EVIDENCE[0])
  .addOption(OPTIONAL_EVIDENCE[1])
  .addOption(OPTIONAL_EVIDENCE[2])
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/retire.js"))
  .build();

export const partDisassemble = task(
  "part:disassemble",
  "Take a child part out of its assembly, with an optional reason (the assembly's owner)",
)
  .addPositionalArgument({
    name: "part",
    description: "The child part: its token id or <maker address>:<serial>",
  })
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_HASH)
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/disassemble.js"))
  .build();

export const partTransfer = task("part:transfer", "Transfer a part you hold to another account")
  .addPositionalArgument(PART)
  .addPositionalArgument({ name: "to", description: "The recipient's address" })
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/transfer.js"))
  .build();

export const partActivate = task(
  "part:activate",
  "Activate a part at first sale with its tag chip's signature (the customer holding it). " +
    "The chip is simulated from --chip-key for local and demo use; on a real deployment the " +
    "customer's app gets the signature from the part's NFC chip",
)
  .addPositionalArgument(PART)
  .addOption(CHIP_KEY)
  .addOption(CHIP_BLOCK)
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/activate.js"))
  .build();

export const partVerify = task(
  "part:verify",
  "Check on chain, without a transaction, whether a tag chip proves possession of a part, and " +
    "why not. The chip is simulated from --chip-key; on a real deployment the app gets the " +
    "signature from the NFC chip",
)
  .addPositionalArgument(PART)
  .addOption(CHIP_KEY)
  .addOption(CHIP_BLOCK)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./provenance/parts/verify.js"))
  .build();

export const partRebindChip = task(
  "part:rebind-chip",
  "Bind a part to a new tag chip after the old one was damaged, with a reason (its maker)",
)
  .addPositionalArgument(PART)
  .addOption({
    name: "chip",
    description: "The address of the new tag chip's key",
    defaultValue: "",
  })
  .addOption({ ...REASON, description: "The reason, as text (its SHA-256 hash goes on chain)" })
  .addOption({
    ...REASON_FILE,
    description: "The reason, as a document file whose bytes are hashed",
  })
  .addOption({ ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" })
  .addOption(FROM)
  .setAction(() => import("./provenance/parts/rebind-chip.js"))
  .build();

export const partShow = task(
  "part:show",
  "Show a part: maker, owner, status, chip, attestations, assembly, inputs, conformity, recall",
)
  .addPositionalArgument(PART)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./provenance/parts/show.js"))
  .build();

export const partHistoryTask = task(
  "part:history",
  "Print a part's history, rebuilt from the registry's events, as a timeline (or JSON)",
)
  .addPositionalArgument(PART)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./provenance/parts/history.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

const INVOICE = { name: "invoice", description: "The invoice's id" } as const;
const MILESTONE_INDEX = {
  name: "index",
  description: "The milestone's index (the first milestone is 0)",
} as const;

export const invoiceCreate = task(
  "invoice:create",
  "Propose an invoice to a payer, in milestones; amounts in token units (supplier)",
)
  .addOption({ name: "payer", description: "The payer: an accredited customer", defaultValue: "" })
  .addOption({ name: "token", description: "The ERC-20 token it is paid in", defaultValue: "" })
  .addOption({
    name: "due",
    description: "When the work is due: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "windowDays",
    description:
      "Days the payer has to accept or reject a delivery; 0 (paid at delivery) when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "graceDays",
    description: "Days after the due date during which deliveries are still taken; 0 when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "rulingDays",
    description: "Days the arbiter has to rule on a dispute before it lapses",
    defaultValue: "",
  })
  .addOption({
    name: "arbiter",
    description: "An accredited arbiter both sides agree to; none when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "penaltyPerDay",
    description: "Deducted from a late delivery's payment per started day late, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "penaltyCap",
    description: "The largest lateness penalty of one delivery, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "milestones",
    description:
      'The milestones, comma-separated: "approval:<amount>,delivery:<amount>:<quantity>:<spec hash or file>"',
    defaultValue: "",
  })
  .addVariadicArgument({
    name: "milestone",
    description:
      "Or one argument per milestone: approval:<amount> or delivery:<amount>:<quantity>:<spec hash or file>",
    defaultValue: [],
  })
  .addOption(FROM)
  .setAction(() => import("./invoicing/create.js"))
  .build();

export const invoiceFund = task(
  "invoice:fund",
  "Lock a proposed invoice's total in escrow, approving the escrow first when needed (payer)",
)
  .addPositionalArgument(INVOICE)
  .addFlag({
    name: "permit",
    description: "Sign an EIP-2612 permit instead of sending an approval (one transaction)",
  })
  .addOption(FROM)
  .setAction(() => import("./invoicing/fund.js"))
  .build();

export const invoiceCancel = task(
  "invoice:cancel",
  "Withdraw a proposed invoice (supplier) or decline it (payer)",
)
  .addPositionalArgument(INVOICE)
  .addOption(FROM)
  .setAction(() => import("./invoicing/cancel.js"))
  .build();

export const invoiceApprove = task(
  "invoice:approve",
  "Approve an approval milestone; it is paid to the receivable holder (payer)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption(FROM)
  .setAction(() => import("./invoicing/approve.js"))
  .build();

export const invoiceDeliver = task(
  "invoice:deliver",
  "Deliver conforming parts against a delivery milestone: the parts go to the payer and the " +
    "payment is released or held, in one transaction (supplier)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({
    name: "parts",
    description: "Comma-separated parts you hold: token ids or <maker address>:<serial>",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./invoicing/deliver.js"))
  .build();

export const invoiceAccept = task(
  "invoice:accept",
  "Accept a held delivery before its window ends; it is paid at once (payer)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption(FROM)
  .setAction(() => import("./invoicing/accept.js"))
  .build();

export const invoiceReject = task(
  "invoice:reject",
  "Reject a held delivery within its window, for a reason; opens a dispute (payer)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({ ...REASON, description: "The reason, as text (its SHA-256 hash goes on chain)" })
  .addOption({
    ...REASON_FILE,
    description: "The reason, as a document file whose bytes are hashed",
  })
  .addOption({ ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" })
  .addOption(FROM)
  .setAction(() => import("./invoicing/reject.js"))
  .build();

export const invoiceClaim = task(
  "invoice:claim",
  "Release a held delivery's payment once its acceptance window is over (anyone)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption(FROM)
  .setAction(() => import("./invoicing/claim.js"))
  .build();

export const invoiceDispute = task(
  "invoice:dispute",
  "Dispute a milestone, for a reason (payer: a delivery in its window; supplier: a pending one)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({ ...REASON, description: "The reason, as text (its SHA-256 hash goes on chain)" })
  .addOption({
    ...REASON_FILE,
    description: "The reason, as a document file whose bytes are hashed",
  })
  .addOption({ ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" })
  .addOption(FROM)
  .setAction(() => import("./invoicing/dispute.js"))
  .build();

export const invoiceRule = task(
  "invoice:rule",
  "Rule on a disputed milestone: an amount to the receivable holder, the rest to the payer (the invoice's arbiter)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption({
    name: "toPayee",
    description: "What the receivable holder gets, in token units (0 allowed)",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./invoicing/rule.js"))
  .build();

export const invoiceLapse = task(
  "invoice:lapse",
  "Let a dispute nobody ruled on in time lapse, back to where it was (anyone)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument(MILESTONE_INDEX)
  .addOption(FROM)
  .setAction(() => import("./invoicing/lapse.js"))
  .build();

export const invoiceReclaim = task(
  "invoice:reclaim",
  "Refund the payer every pending milestone after the due date and grace period (anyone)",
)
  .addPositionalArgument(INVOICE)
  .addOption(FROM)
  .setAction(() => import("./invoicing/reclaim.js"))
  .build();

export const invoiceWithdraw = task(
  "invoice:withdraw",
  "Send what an invoice credited to you (payments you could not receive) to an address",
)
  .addPositionalArgument(INVOICE)
  .addOption({ name: "to", description: "Where to send it", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./invoicing/withdraw.js"))
  .build();

export const invoiceTransfer = task(
  "invoice:transfer",
  "Sell an invoice's receivable: later payments go to the new holder (the receivable's holder)",
)
  .addPositionalArgument(INVOICE)
  .addPositionalArgument({ name: "to", description: "The new holder's address (a financier)" })
  .addOption(FROM)
  .setAction(() => import("./invoicing/transfer.js"))
  .build();

export const invoiceShow = task(
  "invoice:show",
  "Show an invoice, its milestones and where every token of it is",
)
  .addPositionalArgument(INVOICE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./invoicing/show.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Procurement auctions
// -----------------------------------------------------------------------------------------------

const ORDER = { name: "order", description: "The order's id" } as const;
const BIDS_DIR = {
  name: "bidsDir",
  description:
    "The folder of saved bids (their reveal data and secret salts); SUITE_BIDS_DIR or bids/ when omitted",
  defaultValue: "",
} as const;

export const auctionPost = task(
  "auction:post",
  "Post an order for parts and lock its budget, approving the auction first when needed (customer)",
)
  .addOption({
    name: "spec",
    description: "The parts' specification: its hash (0x…) or its document file",
    defaultValue: "",
  })
  .addOption({ name: "quantity", description: "How many parts: 1 to 100", defaultValue: "" })
  .addOption({
    name: "scheme",
    description: "A certification scheme every valid bidder must hold; none when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "maxPrice",
    description: "The highest unit price a bid may ask, in token units",
    defaultValue: "",
  })
  .addOption({ name: "token", description: "The ERC-20 token it pays in", defaultValue: "" })
  .addOption({
    name: "biddingEnds",
    description: "When bidding ends: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "revealEnds",
    description: "When revealing ends: at least one hour after bidding",
    defaultValue: "",
  })
  .addOption({
    name: "deliverBy",
    description:
      "The latest delivery date (the invoice's due date): at least one hour after revealing",
    defaultValue: "",
  })
  .addOption({
    name: "bond",
    description: "What every sealed bid posts, in token units; lost if the bid is never revealed",
    defaultValue: "",
  })
  .addFlag({
    name: "secondPrice",
    description: "Pay the winner the second-best valid price instead of its own",
  })
  .addOption({
    name: "arbiter",
    description: "An accredited arbiter of the invoice to come; none when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "windowDays",
    description: "Days to accept or reject the delivery; 0 (paid at delivery) when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "graceDays",
    description:
      "Days after the delivery date during which delivery is still taken; 0 when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "rulingDays",
    description: "Days the arbiter has to rule on a dispute before it lapses",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./procurement/post.js"))
  .build();

export const auctionCancel = task(
  "auction:cancel",
  "Cancel an order before its first bid; the budget goes back (customer)",
)
  .addPositionalArgument(ORDER)
  .addOption(FROM)
  .setAction(() => import("./procurement/cancel.js"))
  .build();

export const auctionCommit = task(
  "auction:commit",
  "Seal a bid with its bond; the reveal data is saved before it is sent (bidder: an accredited manufacturer)",
)
  .addPositionalArgument(ORDER)
  .addOption({
    name: "price",
    description: "The unit price asked, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "delivery",
    description: "The promised delivery date: by the order's latest delivery date",
    defaultValue: "",
  })
  .addOption({
    name: "committer",
    description:
      "Another account (index or address) that sends the bid and posts the bond, so nobody sees who bids; --from when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "salt",
    description: "32 secret bytes (0x…); derived from the bidder's key when omitted (recommended)",
    defaultValue: "",
  })
  .addOption(BIDS_DIR)
  .addOption(FROM)
  .setAction(() => import("./procurement/commit.js"))
  .build();

export const auctionReveal = task(
  "auction:reveal",
  "Reveal your sealed bids on an order: the saved ones, or one given by price and date when its file is lost (bidder)",
)
  .addPositionalArgument(ORDER)
  .addOption({
    name: "sequence",
    description:
      "The sealed bid's number; every saved bid, or the one found on chain, when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "price",
    description: "Without a saved file: the unit price exactly as sealed, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "delivery",
    description: "Without a saved file: the delivery date exactly as sealed",
    defaultValue: "",
  })
  .addOption({
    name: "salt",
    description: "Without a saved file: the salt, if it was given at commit (else re-derived)",
    defaultValue: "",
  })
  .addOption(BIDS_DIR)
  .addOption(FROM)
  .setAction(() => import("./procurement/reveal.js"))
  .build();

export const auctionSettle = task(
  "auction:settle",
  "Settle an order after revealing: open the winner's invoice, or close it; refund the rest (anyone)",
)
  .addPositionalArgument(ORDER)
  .addOption(FROM)
  .setAction(() => import("./procurement/settle.js"))
  .build();

export const auctionReleaseBond = task(
  "auction:release-bond",
  "Release the winner's bond once its invoice is settled: to the winner if it delivered (anyone)",
)
  .addPositionalArgument(ORDER)
  .addOption(FROM)
  .setAction(() => import("./procurement/release-bond.js"))
  .build();

export const auctionWithdraw = task(
  "auction:withdraw",
  "Send what the auction credited to you under an order (payments you could not receive) to an address",
)
  .addPositionalArgument(ORDER)
  .addOption({ name: "to", description: "Where to send it", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./procurement/withdraw.js"))
  .build();

export const auctionShow = task(
  "auction:show",
  "Show an order and its auction (while bidding: only how many bids are sealed)",
)
  .addPositionalArgument(ORDER)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./procurement/show.js"))
  .build();

// -----------------------------------------------------------------------------------------------
// Circular economy: cores, the core market, core charges, licences, remanufacture, warranties
// -----------------------------------------------------------------------------------------------

const CORE = {
  name: "core",
  description:
    "The core: its id (its part's id, decimal or 0x hex) or the part's <maker address>:<serial>",
} as const;
const CHARGE = { name: "charge", description: "The core charge's id" } as const;
const LICENCE = { name: "licence", description: "The licence's id" } as const;
const CLAIM = { name: "claim", description: "The warranty claim's id" } as const;
const REQUIRED_REASON = [
  { ...REASON, description: "The reason, as text (its SHA-256 hash goes on chain)" },
  { ...REASON_FILE, description: "The reason, as a document file whose bytes are hashed" },
  { ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" },
] as const;

export const coreReturn = task(
  "core:return",
  "Return a part you hold at end of life: the part goes into the core registry's custody for " +
    "good and a core token is minted to you; the registry is first approved for this part only",
)
  .addPositionalArgument(PART)
  .addOption({
    ...EVIDENCE_FILE,
    description: "The return paperwork (removal record, photos), as a file whose bytes are hashed",
  })
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addOption(FROM)
  .setAction(() => import("./circular/return.js"))
  .build();

export const coreGrade = task(
  "core:grade",
  "Grade a core: outcome class, grade 1 (as new) to 5 (scrap), inspection data (an inspector or " +
    "test lab that neither holds the core nor made its part)",
)
  .addPositionalArgument(CORE)
  .addOption({
    name: "outcome",
    description: "What the core is fit for: remanufacture, recondition, repair or recycle-only",
    defaultValue: "",
  })
  .addOption({ name: "grade", description: "1 (as new) to 5 (scrap)", defaultValue: "" })
  .addOption({
    ...EVIDENCE_FILE,
    description: "The inspection data, as a file whose bytes are hashed",
  })
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addOption(FROM)
  .setAction(() => import("./circular/grade.js"))
  .build();

export const coreList = task(
  "core:list",
  "Offer a core for sale at a price in an ERC-20, replacing any earlier offer (its holder)",
)
  .addPositionalArgument(CORE)
  .addOption({ name: "token", description: "The ERC-20 token it is priced in", defaultValue: "" })
  .addOption({ name: "price", description: "The price, in token units", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./circular/list.js"))
  .build();

export const coreDelist = task("core:delist", "Withdraw a core's offer (its holder)")
  .addPositionalArgument(CORE)
  .addOption(FROM)
  .setAction(() => import("./circular/delist.js"))
  .build();

export const coreBuy = task(
  "core:buy",
  "Buy a listed core at the price you accept: payment and core cross in one transaction, the " +
    "registry approved for exactly the price first when needed (remanufacturer or recycler)",
)
  .addPositionalArgument(CORE)
  .addOption({
    name: "price",
    description:
      "The price you accept, in token units: it must equal the offer, so a changed offer is refused",
    defaultValue: "",
  })
  .addOption({
    name: "maxGradeAgeDays",
    description:
      "Buy only if the core carries a grade at most this many days old; any grade, or none, when omitted",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./circular/buy.js"))
  .build();

export const coreShow = task(
  "core:show",
  "Show a core: state, holder, specification, maker, generation, recall, grade, offer, successor",
)
  .addPositionalArgument(CORE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./circular/show.js"))
  .build();

export const coreLineage = task(
  "core:lineage",
  "Show a part's lineage: its predecessors back to the first part of its line, and that part's material batches",
)
  .addPositionalArgument(PART)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./circular/lineage.js"))
  .build();

export const coreRecycle = task(
  "core:recycle",
  "Recycle a core you hold: register a batch of the recycled material against your certified " +
    "capacity, then burn the core, the batch's origin linking back to it (a recycler)",
)
  .addPositionalArgument(CORE)
  .addOption({
    name: "materialFile",
    description: "The recycled material's specification, as a file whose bytes are hashed",
    defaultValue: "",
  })
  .addOption({
    name: "materialJson",
    description: "The recycled material's specification, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "materialHash",
    description: "The recycled material's specification hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption({ name: "quantity", description: "The batch's quantity, in --unit", defaultValue: "" })
  .addOption({ name: "unit", description: "The batch's unit, e.g. kg", defaultValue: "" })
  .addOption({
    name: "schemes",
    description: "Comma-separated certification schemes the batch carries, e.g. CF-TI",
    defaultValue: "",
  })
  .addOption({
    name: "certificateFile",
    description: "The batch's material certificate, as a file whose bytes are hashed",
    defaultValue: "",
  })
  .addOption({
    name: "certificateJson",
    description: "The batch's material certificate, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "certificateHash",
    description: "The batch's material certificate hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption({
    ...EVIDENCE_FILE,
    description: "The recycling record, as a file whose bytes are hashed",
  })
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addOption(FROM)
  .setAction(() => import("./circular/recycle.js"))
  .build();

export const partRemanufacture = task(
  "part:remanufacture",
  "Remanufacture a graded core you hold: make the new part of its specification, then burn the " +
    "core, link the part to its predecessor, draw a licence unit (its fee approved exactly first) " +
    "and open the part's warranty (a licensed remanufacturer, or the specification's owner)",
)
  .addPositionalArgument(CORE)
  .addOption({
    name: "serial",
    description: "The new part's serial, e.g. SN-R-0001 (up to 31 bytes); new for you",
    defaultValue: "",
  })
  .addOption({
    name: "chip",
    description: "The address of the new part's tag chip key; no chip when omitted",
    defaultValue: "",
  })
  .addOption({
    ...INPUTS,
    description:
      "New material the part consumes, as <batch id>:<quantity> pairs; none when omitted",
  })
  .addOption({
    name: "warrantyDays",
    description: "The new part's warranty in days: at least the minimum for the core's outcome",
    defaultValue: "",
  })
  .addOption({
    name: "termsFile",
    description: "The warranty terms, as a file whose bytes are hashed (SHA-256)",
    defaultValue: "",
  })
  .addOption({
    name: "termsJson",
    description: "The warranty terms, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "termsHash",
    description: "The warranty terms' hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./circular/remanufacture.js"))
  .build();

export const chargeRequire = task(
  "charge:require",
  "Require a core deposit from the buyer of a unit, refunded by the returned core's grade (seller)",
)
  .addOption({
    name: "buyer",
    description: "The unit's buyer, who pays the deposit",
    defaultValue: "",
  })
  .addOption({
    name: "unit",
    description:
      "The unit sold: its part id or <maker address>:<serial>; the core must be of its specification",
    defaultValue: "",
  })
  .addOption({ name: "token", description: "The ERC-20 token of the deposit", defaultValue: "" })
  .addOption({ name: "amount", description: "The deposit, in token units", defaultValue: "" })
  .addOption({
    name: "returnBy",
    description: "The deadline to return a core: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "refunds",
    description: "The percentage refunded for a core of grade 1 to 5, e.g. 100,80,50,20,0",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./circular/charge-require.js"))
  .build();

export const chargePay = task(
  "charge:pay",
  "Pay a core deposit in, approving exactly the deposit first when needed (the buyer)",
)
  .addPositionalArgument(CHARGE)
  .addOption(FROM)
  .setAction(() => import("./circular/charge-pay.js"))
  .build();

export const chargeSettle = task(
  "charge:settle",
  "Hand in a graded core of the unit's specification by the deadline: the refund by its grade is " +
    "credited to you, the rest to the seller, and the core goes to the seller (the buyer)",
)
  .addPositionalArgument(CHARGE)
  .addOption({ ...CORE, defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./circular/charge-settle.js"))
  .build();

export const chargeForfeit = task(
  "charge:forfeit",
  "Credit a held deposit to the seller once the deadline has passed without a core (anyone)",
)
  .addPositionalArgument(CHARGE)
  .addOption(FROM)
  .setAction(() => import("./circular/charge-forfeit.js"))
  .build();

export const chargeCancel = task(
  "charge:cancel",
  "Withdraw a core charge not yet paid (its seller)",
)
  .addPositionalArgument(CHARGE)
  .addOption(FROM)
  .setAction(() => import("./circular/charge-cancel.js"))
  .build();

export const chargeWithdraw = task(
  "charge:withdraw",
  "Send what a core charge credited to you (a refund or a kept deposit) to an address",
)
  .addPositionalArgument(CHARGE)
  .addOption({ name: "to", description: "Where to send it; to you when omitted", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./circular/charge-withdraw.js"))
  .build();

export const chargeShow = task(
  "charge:show",
  "Show a core charge: parties, deposit, deadline, refund schedule, state and credits",
)
  .addPositionalArgument(CHARGE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./circular/charge-show.js"))
  .build();

export const licenceGrant = task(
  "licence:grant",
  "License a remanufacturer to remake parts of your specification: units per period, until a " +
    "date, an optional fee per unit, on a data package (the specification's owner)",
)
  .addOption(SPEC)
  .addOption({
    name: "remanufacturer",
    description: "The licensed remanufacturer",
    defaultValue: "",
  })
  .addOption({
    name: "units",
    description: "Units it may remanufacture per period",
    defaultValue: "",
  })
  .addOption({
    name: "periodDays",
    description: "The length of a period, in days",
    defaultValue: "",
  })
  .addOption({
    name: "until",
    description: "When the licence ends: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "feeToken",
    description: "The ERC-20 token of the fee; no fee when omitted",
    defaultValue: "",
  })
  .addOption({
    name: "fee",
    description: "The fee per unit, in token units (with --fee-token)",
    defaultValue: "",
  })
  .addOption({
    name: "dataFile",
    description:
      "The licensed data package (specification and performance data), as a file whose bytes are hashed",
    defaultValue: "",
  })
  .addOption({
    name: "dataJson",
    description: "The data package, as JSON hashed in canonical form",
    defaultValue: "",
  })
  .addOption({
    name: "dataHash",
    description: "The data package's hash (0x + 64 hex digits)",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./circular/licence-grant.js"))
  .build();

export const licenceRevoke = task(
  "licence:revoke",
  "Revoke a licence from now on, for a reason (its OEM)",
)
  .addPositionalArgument(LICENCE)
  .addOption(REQUIRED_REASON[0])
  .addOption(REQUIRED_REASON[1])
  .addOption(REQUIRED_REASON[2])
  .addOption(FROM)
  .setAction(() => import("./circular/licence-revoke.js"))
  .build();

export const licenceShow = task(
  "licence:show",
  "Show a licence: its terms, units left this period and when the next period starts",
)
  .addPositionalArgument(LICENCE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./circular/licence-show.js"))
  .build();

export const warrantySetNewPart = task(
  "warranty:set-new-part",
  "Set the warranty of a new part of your specification, the floor of a remanufactured one (the specification's owner)",
)
  .addOption(SPEC)
  .addOption({ name: "days", description: "The warranty, in days", defaultValue: "" })
  .addOption(FROM)
  .setAction(() => import("./circular/warranty-set-new-part.js"))
  .build();

export const warrantyClaim = task(
  "warranty:claim",
  "File a claim against a remanufactured part's warranty, with evidence, within its term (the part's owner)",
)
  .addPositionalArgument(PART)
  .addOption({
    ...EVIDENCE_FILE,
    description: "The evidence of the fault, as a file whose bytes are hashed",
  })
  .addOption(EVIDENCE_JSON)
  .addOption(EVIDENCE_HASH)
  .addOption(FROM)
  .setAction(() => import("./circular/warranty-claim.js"))
  .build();

export const warrantyAnswer = task(
  "warranty:answer",
  "Accept or reject a filed warranty claim, for a reason (the warranty's issuer)",
)
  .addPositionalArgument(CLAIM)
  .addOption({ name: "decision", description: "accept or reject", defaultValue: "" })
  .addOption(REQUIRED_REASON[0])
  .addOption(REQUIRED_REASON[1])
  .addOption(REQUIRED_REASON[2])
  .addOption(FROM)
  .setAction(() => import("./circular/warranty-answer.js"))
  .build();

export const warrantyEscalate = task(
  "warranty:escalate",
  "Take a rejected or unanswered warranty claim to an accredited arbiter (the claimant)",
)
  .addPositionalArgument(CLAIM)
  .addOption({
    name: "arbiter",
    description: "An active arbiter, neither party to the claim",
    defaultValue: "",
  })
  .addOption(FROM)
  .setAction(() => import("./circular/warranty-escalate.js"))
  .build();

export const warrantyRule = task(
  "warranty:rule",
  "Rule finally on an escalated warranty claim, for a reason (the arbiter named)",
)
  .addPositionalArgument(CLAIM)
  .addOption({
    name: "decision",
    description: "uphold (for the claimant) or dismiss",
    defaultValue: "",
  })
  .addOption(REQUIRED_REASON[0])
  .addOption(REQUIRED_REASON[1])
  .addOption(REQUIRED_REASON[2])
  .addOption(FROM)
  .setAction(() => import("./circular/warranty-rule.js"))
  .build();

export const warrantyShow = task(
  "warranty:show",
  "Show a part's warranty (issuer, outcome, term, terms hash) and the claims against it, or one claim with --claim",
)
  .addPositionalArgument({ ...PART, defaultValue: "" })
  .addOption({
    name: "claim",
    description: "A warranty claim's id: show it alone, with its part's warranty",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./circular/warranty-show.js"))
  .build();

export const tasks = [
  suiteDeploy,
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
  specDefine,
  specShow,
  batchRegister,
  batchTransfer,
  batchRecall,
  batchLiftRecall,
  batchShow,
  partMake,
  partMakeRun,
  partAttest,
  partResolveAttestation,
  partQuarantine,
  partRelease,
  partRetire,
  partDisassemble,
  partTransfer,
  partActivate,
  partVerify,
  partRebindChip,
  partShow,
  partHistoryTask,
  invoiceCreate,
  invoiceFund,
  invoiceCancel,
  invoiceApprove,
  invoiceDeliver,
  invoiceAccept,
  invoiceReject,
  invoiceClaim,
  invoiceDispute,
  invoiceRule,
  invoiceLapse,
  invoiceReclaim,
  invoiceWithdraw,
  invoiceTransfer,
  invoiceShow,
  auctionPost,
  auctionCancel,
  auctionCommit,
  auctionReveal,
  auctionSettle,
  auctionReleaseBond,
  auctionWithdraw,
  auctionShow,
  coreReturn,
  coreGrade,
  coreList,
  coreDelist,
  coreBuy,
  coreShow,
  coreLineage,
  chargeRequire,
  chargePay,
  chargeSettle,
  chargeForfeit,
  chargeCancel,
  chargeWithdraw,
  chargeShow,
  licenceGrant,
  licenceRevoke,
  licenceShow,
  warrantySetNewPart,
  partRemanufacture,
  coreRecycle,
  warrantyClaim,
  warrantyAnswer,
  warrantyEscalate,
  warrantyRule,
  warrantyShow,
];
