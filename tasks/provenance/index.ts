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
  PART,
  INPUTS,
  SPEC,
} from "../shared/options.js";

/**
 * The provenance tasks: part specifications, material batches, and parts from making to
 * retirement, with their tag chips and attestations. The actions load lazily from their own files.
 */

// -----------------------------------------------------------------------------------------------
// Parts and provenance: specifications, material batches, parts
// -----------------------------------------------------------------------------------------------

const BATCH = { name: "batchId", description: "The batch's id" } as const;
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
    type: ArgumentType.FILE,
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./specs/define.js"))
  .build();

export const specShow = task("spec:show", "Show a part specification")
  .addPositionalArgument({
    name: "spec",
    description: "The specification's hash (0x + 64 hex digits) or its document file",
  })
  .addFlag(JSON_FLAG)
  .setAction(() => import("./specs/show.js"))
  .build();

export const batchRegister = task(
  "batch:register",
  "Register a batch of raw material, drawing on the certified capacity (certified producer)",
)
  .addOption({
    name: "materialFile",
    type: ArgumentType.FILE,
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
  .addOption({
    name: "quantity",
    description: "Required: the batch's quantity, in --unit",
    defaultValue: "",
  })
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./batches/register.js"))
  .build();

export const batchTransfer = task(
  "batch:transfer",
  "Transfer part of a batch to another accredited participant, as a new batch (its holder)",
)
  .addPositionalArgument(BATCH)
  .addPositionalArgument({ name: "to", description: "The recipient's address" })
  .addOption({ name: "quantity", description: "Required: how much to transfer", defaultValue: "" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./batches/transfer.js"))
  .build();

export const batchRecall = task(
  "batch:recall",
  "Recall a batch's material and every portion of it (its producer or a registrar)",
)
  .addPositionalArgument(BATCH)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./batches/recall.js"))
  .build();

export const batchLiftRecall = task(
  "batch:lift-recall",
  "Lift the recall of a batch's material, with the finding that clears it (a registrar)",
)
  .addPositionalArgument(BATCH)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./batches/lift-recall.js"))
  .build();

export const batchShow = task("batch:show", "Show a batch: holder, quantities, origin, recall")
  .addPositionalArgument(BATCH)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./batches/show.js"))
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/make.js"))
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/make-run.js"))
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
    type: ArgumentType.FILE,
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/attest.js"))
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
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/resolve-attestation.js"))
  .build();

export const partQuarantine = task(
  "part:quarantine",
  "Quarantine a part, with an optional reason (its maker or a registrar)",
)
  .addPositionalArgument(PART)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/quarantine.js"))
  .build();

export const partRelease = task(
  "part:release",
  "Release a part from quarantine, with an optional reason (its maker or a registrar)",
)
  .addPositionalArgument(PART)
  .addOption(REASON)
  .addOption(REASON_FILE)
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/release.js"))
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/retire.js"))
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
  .addOption(REASON_JSON)
  .addOption(REASON_HASH)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/disassemble.js"))
  .build();

export const partTransfer = task("part:transfer", "Transfer a part you hold to another account")
  .addPositionalArgument(PART)
  .addPositionalArgument({ name: "to", description: "The recipient's address" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/transfer.js"))
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/activate.js"))
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
  .setAction(() => import("./parts/verify.js"))
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
  .addOption({ ...REASON_JSON, description: "The reason, as JSON hashed in canonical form" })
  .addOption({ ...REASON_HASH, description: "The reason document's hash (0x + 64 hex digits)" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./parts/rebind-chip.js"))
  .build();

export const partShow = task(
  "part:show",
  "Show a part: maker, owner, status, chip, attestations, assembly, inputs, conformity, recall",
)
  .addPositionalArgument(PART)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./parts/show.js"))
  .build();

export const partHistoryTask = task(
  "part:history",
  "Print a part's history, rebuilt from the registry's events, as a timeline (or JSON)",
)
  .addPositionalArgument(PART)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./parts/history.js"))
  .build();

/** Every task of this subsystem, in the order `npx hardhat --help` lists them. */
export const provenanceTasks = [
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
];
