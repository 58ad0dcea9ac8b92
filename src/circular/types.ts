/** The circular client's parameter and result types: what callers give and get back. */
import type { Hash } from "../core/hashing.js";
import type { TxResult } from "../core/tx.js";
import type { Timestamp } from "../core/validate.js";
import type { BatchInput, BatchInputParameter } from "../provenance/validate.js";
import type { AttestationKindName } from "../provenance/encodings.js";
import type {
  AttestationConflictEntry,
  AttestationResolvedEntry,
  AttestedEntry,
  MadeEntry,
  StatusChangedEntry,
  TimelineEntry,
} from "../provenance/history.js";
import type {
  ChargeStateName,
  ClaimStateName,
  CoreOutcomeName,
  CoreStateName,
} from "./encodings.js";

/** An id of a core (the part's id), a part, a licence, a claim or a charge, as callers give it. */
export type IdParameter = bigint | number | string;

/**
 * An amount of a token: a bigint in the token's smallest unit, or a string in token units
 * (`"12.50"`), which the client scales by the token's `decimals()`.
 */
export type CircularTokenAmount = bigint | string;

/** The addresses of the circular-economy contracts (the part registry's is read when omitted). */
export type CircularAddresses = {
  coreRegistry: string;
  licenceRegistry: string;
  warrantyRegistry: string;
  coreCharges: string;
  /** The part registry; read from the core registry (`parts()`) when omitted. */
  partRegistry?: string;
  /** Where event queries start by default (an address book's `startBlock`); 0 when omitted. */
  startBlock?: number;
};

export type ReturnCoreParameters = {
  /** The part at end of life, held by the signer. */
  partId: IdParameter;
  /** The hash of the return paperwork (removal record, condition photos). */
  evidenceHash: string;
};

export type GradeParameters = {
  coreId: IdParameter;
  outcome: CoreOutcomeName | string;
  /** 1 (as new) to 5 (scrap). */
  grade: bigint | number | string;
  /** The hash of the inspection data. */
  evidenceHash: string;
};

export type ListParameters = {
  coreId: IdParameter;
  /** The ERC-20 token the price is in. */
  token: string;
  /** Above zero; a string is in token units. */
  price: CircularTokenAmount;
};

export type BuyParameters = {
  coreId: IdParameter;
  /**
   * The offer the buyer accepts: when given, the client refuses a listing in another token or at
   * another price (in the token's smallest unit, or a string in token units). When omitted, the
   * listing as it stands is bought; the contract still refuses one that changes before the
   * transaction is mined.
   */
  token?: string;
  price?: CircularTokenAmount;
  /** Seconds: the core must carry a grade no older than this; no requirement when omitted. */
  maxGradeAge?: bigint | number;
};

export type RequireChargeParameters = {
  /** Who pays the deposit: an accredited participant other than the signer (the seller). */
  buyer: string;
  /** The unit sold, whose specification the returned core must share. */
  unitPartId: IdParameter;
  token: string;
  /** The deposit, above zero; a string is in token units. */
  amount: CircularTokenAmount;
  /** When the core must be returned by: in the future. */
  returnBy: Timestamp;
  /** The share refunded for a core of grade 1..5, in basis points (0..10,000): five entries. */
  refundBps: readonly (number | bigint)[];
};

export type SettleChargeParameters = {
  chargeId: IdParameter;
  /** A graded core of the unit's specification, held by the signer (the buyer). */
  coreId: IdParameter;
};

export type WithdrawChargeParameters = {
  chargeId: IdParameter;
  /** Where to send the credit; the signer when omitted. */
  to?: string;
};

export type GrantLicenceParameters = {
  /** The specification, owned by the signer. */
  spec: string;
  /** An active remanufacturer other than the signer. */
  remanufacturer: string;
  /** Units per period, from 1. */
  unitsPerPeriod: bigint | number;
  /** Seconds, at least the registry's `MIN_PERIOD` (one day). */
  periodLength: bigint | number;
  /** When the licence ends: in the future. */
  validUntil: Timestamp;
  /** The token the fee is paid in; required with a fee. */
  feeToken?: string;
  /** The fee per unit, paid by the remanufacturer to the OEM at remanufacture; none when omitted. */
  feePerUnit?: CircularTokenAmount;
  /** The hash of the data package (specification and performance data) licensed. */
  dataHash: string;
};

export type RevokeLicenceParameters = {
  licenceId: IdParameter;
  reasonHash: string;
};

export type SetNewPartWarrantyParameters = {
  /** The specification, owned by the signer. */
  spec: string;
  /** Seconds, above zero. */
  duration: bigint | number;
};

export type RemanufactureParameters = {
  /** A graded core held by the signer, fit for remanufacture, recondition or repair. */
  coreId: IdParameter;
  /** The new part's serial (up to 31 bytes), new for the signer. */
  serial: string;
  /** The address of the new part's tag chip key; no chip when omitted. */
  chipKey?: string;
  /** New material the new part consumes, from batches the signer holds (at most 8). */
  inputs?: readonly BatchInputParameter[];
  /** Seconds, at least the minimum for the core's outcome (`minimumWarranty`). */
  warrantyDuration: bigint | number;
  /** The hash of the warranty's terms. */
  warrantyTermsHash: string;
};

export type RecycleParameters = {
  /** A core held by the signer, an accredited recycler. */
  coreId: IdParameter;
  /** The recycled material's specification hash. */
  materialSpec: string;
  /** The batch's quantity, drawn from the signer's certified capacity under every scheme. */
  quantity: bigint | number | string;
  /** Up to 8 ASCII characters: `kg`. */
  unit: string;
  /** The certification schemes the batch carries, by name or id; one to four. */
  schemes: readonly string[];
  /** The hash of the material certificate of the batch. */
  batchEvidenceHash: string;
  /** The hash of the recycling record. */
  evidenceHash: string;
};

export type FileClaimParameters = {
  /** A part with a warranty, owned by the signer. */
  partId: IdParameter;
  evidenceHash: string;
};

export type AnswerClaimParameters = {
  claimId: IdParameter;
  accepted: boolean;
  reasonHash: string;
};

export type EscalateClaimParameters = {
  claimId: IdParameter;
  /** An active arbiter, neither the claimant nor the issuer. */
  arbiter: string;
};

export type RuleClaimParameters = {
  claimId: IdParameter;
  /** For the claimant. */
  upheld: boolean;
  reasonHash: string;
};

/** A charge and the account it owes (the signer by default). */
export type OwedParameters = {
  chargeId: IdParameter;
  /** The account; the signer when omitted. */
  account?: string;
};

/** A specification and the outcome a core of it was graded. */
export type MinimumWarrantyParameters = {
  spec: string;
  outcome: CoreOutcomeName | string;
};

/** Where event queries start: a block number (an address book's `startBlock`). */
export type CircularRange = { fromBlock?: number };

// Results

/** A core's latest grade. */
export type CoreGrade = {
  outcome: CoreOutcomeName;
  /** 1 (as new) to 5 (scrap). */
  grade: number;
  grader: string;
  /** Unix seconds. */
  gradedAt: bigint;
};

/** A core offered for sale. */
export type CoreListing = {
  token: string;
  /** In the token's smallest unit. */
  price: bigint;
};

/** A core as the core registry reports it now. */
export type Core = {
  id: bigint;
  state: CoreStateName;
  /** The core's holder while held; undefined after. */
  holder: string | undefined;
  spec: Hash;
  maker: string;
  /** How many times the part's line was remanufactured before this part. */
  generation: number;
  /** Whether the part, anything inside it or any predecessor is made of recalled material. */
  recalled: boolean;
  passedKinds: AttestationKindName[];
  conflictKinds: AttestationKindName[];
  /** Parts built into it (an assembly returned whole). */
  children: bigint;
  /** Unix seconds. */
  returnedAt: bigint;
  /** Undefined before the first grade. */
  grade: CoreGrade | undefined;
  gradeCount: number;
  /** What the core became: the new part's id, or the recycled batch's id; undefined while held. */
  successor: bigint | undefined;
  /** Undefined when not listed. */
  listing: CoreListing | undefined;
};

/** One grade of a core, from its `CoreGraded` event. */
export type CoreGradeEntry = CoreGrade & {
  evidenceHash: Hash;
  blockNumber: number;
  transactionHash: string;
};

/** A core with what a buyer prices it on from the part registry's and the core registry's events. */
export type CoreDetails = Core & {
  /** When the part was made (unix seconds); undefined when made before the range searched. */
  madeAt: bigint | undefined;
  made: MadeEntry | undefined;
  /** Attestations, conflicts and rulings, in chain order. */
  attestations: (AttestedEntry | AttestationConflictEntry | AttestationResolvedEntry)[];
  /** Every status change of the part, in chain order. */
  statusHistory: StatusChangedEntry[];
  /** Every grade, oldest first (the latest counts). */
  grades: CoreGradeEntry[];
  /** The part's whole timeline: the part registry's events, and its life as a core and its warranty. */
  history: TimelineEntry[];
};

/** An OEM licence to remanufacture. */
export type Licence = {
  id: bigint;
  spec: Hash;
  oem: string;
  remanufacturer: string;
  unitsPerPeriod: number;
  /** Seconds. */
  periodLength: bigint;
  /** Unix seconds. */
  start: bigint;
  validUntil: bigint;
  revoked: boolean;
  /** Undefined without a fee. */
  feeToken: string | undefined;
  feePerUnit: bigint;
  dataHash: Hash;
};

/** What is left of a licence now. */
export type LicenceQuota = {
  /** Units left in the current period (zero when revoked or expired). */
  remaining: number;
  /** Unix seconds. */
  periodStart: bigint;
  /** Unix seconds; 0 when the licence ends before another period starts. */
  nextPeriodStart: bigint;
};

/** A remanufactured part's warranty. */
export type Warranty = {
  partId: bigint;
  issuer: string;
  /** Unix seconds. */
  start: bigint;
  /** Seconds. */
  duration: bigint;
  /** Unix seconds: claims are filed until then. */
  end: bigint;
  outcome: CoreOutcomeName;
  termsHash: Hash;
};

/** A warranty claim. */
export type WarrantyClaim = {
  id: bigint;
  partId: bigint;
  claimant: string;
  /** Unix seconds. */
  filedAt: bigint;
  state: ClaimStateName;
  /** Undefined until escalated. */
  arbiter: string | undefined;
};

/** A core charge. */
export type CoreCharge = {
  id: bigint;
  seller: string;
  buyer: string;
  token: string;
  amount: bigint;
  spec: Hash;
  unitPartId: bigint;
  /** Unix seconds. */
  returnBy: bigint;
  state: ChargeStateName;
  /** Basis points refunded for a core of grade 1..5. */
  refundBps: number[];
  /** The core handed in; undefined before settlement. */
  coreId: bigint | undefined;
};

/** One step back in a part's lineage. */
export type LineageStep = {
  partId: bigint;
  /** How many remanufactures led to it (0 for the first part). */
  generation: number;
  /** The outcome it was remanufactured with; undefined for the first part. */
  outcome: CoreOutcomeName | undefined;
};

/** A material batch the first part of a line consumed. */
export type LineageInput = BatchInput & {
  /** The core the batch's material was recycled from; undefined for virgin material. */
  recycledFrom: bigint | undefined;
};

/** A part's line: back to the first part and that part's material batches. */
export type Lineage = {
  partId: bigint;
  generation: number;
  outcome: CoreOutcomeName | undefined;
  /** The predecessors, newest first, ending with the first part of the line. */
  predecessors: LineageStep[];
  firstPart: bigint;
  /** The batches the first part's lot consumed. */
  inputs: LineageInput[];
  /** Whether the part or any predecessor is made of recalled material. */
  recalled: boolean;
  /** Conforming, and no recalled material anywhere in its lineage. */
  fit: boolean;
};

/** Approvals a payment sent first (see `ensureAllowance`); both undefined when none was needed. */
export type PaymentApprovals = {
  approval: TxResult | undefined;
  allowanceReset: TxResult | undefined;
};
