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
 * The circular-economy tasks: returned cores and their market, core charges, remanufacturing
 * licences, remanufacture and recycling, and warranties. The actions load lazily from their own files.
 */

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
  { ...REASON_JSON, description: "The reason, as JSON hashed in canonical form" },
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./return.js"))
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./grade.js"))
  .build();

export const coreList = task(
  "core:list",
  "Offer a core for sale at a price in an ERC-20, replacing any earlier offer (its holder)",
)
  .addPositionalArgument(CORE)
  .addOption({
    name: "token",
    description: "Required: the ERC-20 token it is priced in",
    defaultValue: "",
  })
  .addOption({
    name: "price",
    description: "Required: the price, in token units",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./list.js"))
  .build();

export const coreDelist = task("core:delist", "Withdraw a core's offer (its holder)")
  .addPositionalArgument(CORE)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./delist.js"))
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
      "Required: the price you accept, in token units: it must equal the offer, so a changed offer is refused",
    defaultValue: "",
  })
  .addOption({
    name: "maxGradeAgeDays",
    description:
      "Buy only if the core carries a grade at most this many days old; any grade, or none, when omitted",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./buy.js"))
  .build();

export const coreShow = task(
  "core:show",
  "Show a core: state, holder, specification, maker, generation, recall, grade, offer, successor",
)
  .addPositionalArgument(CORE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./show.js"))
  .build();

export const coreLineage = task(
  "core:lineage",
  "Show a part's lineage: its predecessors back to the first part of its line, and that part's material batches",
)
  .addPositionalArgument(PART)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./lineage.js"))
  .build();

export const coreRecycle = task(
  "core:recycle",
  "Recycle a core you hold: register a batch of the recycled material against your certified " +
    "capacity, then burn the core, the batch's origin linking back to it (a recycler)",
)
  .addPositionalArgument(CORE)
  .addOption({
    name: "materialFile",
    type: ArgumentType.FILE,
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
  .addOption({
    name: "quantity",
    description: "Required: the batch's quantity, in --unit",
    defaultValue: "",
  })
  .addOption({ name: "unit", description: "The batch's unit, e.g. kg", defaultValue: "" })
  .addOption({
    name: "schemes",
    description: "Comma-separated certification schemes the batch carries, e.g. CF-TI",
    defaultValue: "",
  })
  .addOption({
    name: "certificateFile",
    type: ArgumentType.FILE,
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./recycle.js"))
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
    description:
      "Required: the new part's warranty in days: at least the minimum for the core's outcome",
    defaultValue: "",
  })
  .addOption({
    name: "termsFile",
    type: ArgumentType.FILE,
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./remanufacture.js"))
  .build();

export const chargeRequire = task(
  "charge:require",
  "Require a core deposit from the buyer of a unit, refunded by the returned core's grade (seller)",
)
  .addOption({
    name: "buyer",
    description: "Required: the unit's buyer, who pays the deposit",
    defaultValue: "",
  })
  .addOption({
    name: "unit",
    description:
      "The unit sold: its part id or <maker address>:<serial>; the core must be of its specification",
    defaultValue: "",
  })
  .addOption({
    name: "token",
    description: "Required: the ERC-20 token of the deposit",
    defaultValue: "",
  })
  .addOption({
    name: "amount",
    description: "Required: the deposit, in token units",
    defaultValue: "",
  })
  .addOption({
    name: "returnBy",
    description:
      "Required: the deadline to return a core: 2027-12-31, an ISO date-time or unix seconds",
    defaultValue: "",
  })
  .addOption({
    name: "refunds",
    description: "The percentage refunded for a core of grade 1 to 5, e.g. 100,80,50,20,0",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./charge-require.js"))
  .build();

export const chargePay = task(
  "charge:pay",
  "Pay a core deposit in, approving exactly the deposit first when needed (the buyer)",
)
  .addPositionalArgument(CHARGE)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./charge-pay.js"))
  .build();

export const chargeSettle = task(
  "charge:settle",
  "Hand in a graded core of the unit's specification by the deadline: the refund by its grade is " +
    "credited to you, the rest to the seller, and the core goes to the seller (the buyer)",
)
  .addPositionalArgument(CHARGE)
  .addOption({ ...CORE, defaultValue: "" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./charge-settle.js"))
  .build();

export const chargeForfeit = task(
  "charge:forfeit",
  "Credit a held deposit to the seller once the deadline has passed without a core (anyone)",
)
  .addPositionalArgument(CHARGE)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./charge-forfeit.js"))
  .build();

export const chargeCancel = task(
  "charge:cancel",
  "Withdraw a core charge not yet paid (its seller)",
)
  .addPositionalArgument(CHARGE)
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./charge-cancel.js"))
  .build();

export const chargeWithdraw = task(
  "charge:withdraw",
  "Send what a core charge credited to you (a refund or a kept deposit) to an address",
)
  .addPositionalArgument(CHARGE)
  .addOption({ name: "to", description: "Where to send it; to you when omitted", defaultValue: "" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./charge-withdraw.js"))
  .build();

export const chargeShow = task(
  "charge:show",
  "Show a core charge: parties, deposit, deadline, refund schedule, state and credits",
)
  .addPositionalArgument(CHARGE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./charge-show.js"))
  .build();

export const licenceGrant = task(
  "licence:grant",
  "License a remanufacturer to remake parts of your specification: units per period, until a " +
    "date, an optional fee per unit, on a data package (the specification's owner)",
)
  .addOption(SPEC)
  .addOption({
    name: "remanufacturer",
    description: "Required: the licensed remanufacturer",
    defaultValue: "",
  })
  .addOption({
    name: "units",
    description: "Required: units it may remanufacture per period",
    defaultValue: "",
  })
  .addOption({
    name: "periodDays",
    description: "Required: the length of a period, in days",
    defaultValue: "",
  })
  .addOption({
    name: "until",
    description: "Required: when the licence ends: 2027-12-31, an ISO date-time or unix seconds",
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
    type: ArgumentType.FILE,
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./licence-grant.js"))
  .build();

export const licenceRevoke = task(
  "licence:revoke",
  "Revoke a licence from now on, for a reason (its OEM)",
)
  .addPositionalArgument(LICENCE)
  .addOption(REQUIRED_REASON[0])
  .addOption(REQUIRED_REASON[1])
  .addOption(REQUIRED_REASON[2])
  .addOption(REQUIRED_REASON[3])
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./licence-revoke.js"))
  .build();

export const licenceShow = task(
  "licence:show",
  "Show a licence: its terms, units left this period and when the next period starts",
)
  .addPositionalArgument(LICENCE)
  .addFlag(JSON_FLAG)
  .setAction(() => import("./licence-show.js"))
  .build();

export const warrantySetNewPart = task(
  "warranty:set-new-part",
  "Set the warranty of a new part of your specification, the floor of a remanufactured one (the specification's owner)",
)
  .addOption(SPEC)
  .addOption({ name: "days", description: "Required: the warranty, in days", defaultValue: "" })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./warranty-set-new-part.js"))
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
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./warranty-claim.js"))
  .build();

export const warrantyAnswer = task(
  "warranty:answer",
  "Accept or reject a filed warranty claim, for a reason (the warranty's issuer)",
)
  .addPositionalArgument(CLAIM)
  .addOption({ name: "decision", description: "Required: accept or reject", defaultValue: "" })
  .addOption(REQUIRED_REASON[0])
  .addOption(REQUIRED_REASON[1])
  .addOption(REQUIRED_REASON[2])
  .addOption(REQUIRED_REASON[3])
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./warranty-answer.js"))
  .build();

export const warrantyEscalate = task(
  "warranty:escalate",
  "Take a rejected or unanswered warranty claim to an accredited arbiter (the claimant)",
)
  .addPositionalArgument(CLAIM)
  .addOption({
    name: "arbiter",
    description: "Required: an active arbiter, neither party to the claim",
    defaultValue: "",
  })
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./warranty-escalate.js"))
  .build();

export const warrantyRule = task(
  "warranty:rule",
  "Rule finally on an escalated warranty claim, for a reason (the arbiter named)",
)
  .addPositionalArgument(CLAIM)
  .addOption({
    name: "decision",
    description: "Required: uphold (for the claimant) or dismiss",
    defaultValue: "",
  })
  .addOption(REQUIRED_REASON[0])
  .addOption(REQUIRED_REASON[1])
  .addOption(REQUIRED_REASON[2])
  .addOption(REQUIRED_REASON[3])
  .addFlag(JSON_FLAG)
  .addOption(FROM)
  .setAction(() => import("./warranty-rule.js"))
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
  .setAction(() => import("./warranty-show.js"))
  .build();

/** Every task of this subsystem, in the order `npx hardhat --help` lists them. */
export const circularTasks = [
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
