/**
 * The parts registry's shapes as the SDK gives and takes them: specifications, batches, parts,
 * and one parameters object per {@link PartsClient} method.
 */
import type { Hash } from "../core/hashing.js";
import type { AttestationKindName, PartStatusName, RetireTarget } from "./encodings.js";
import type { BatchInput, BatchInputParameter } from "./validate.js";

export type { BatchInput, BatchInputParameter };

/** A part type. */
export type Specification = {
  spec: Hash;
  /** The registry's short id of the specification. */
  id: bigint;
  /** The manufacturer that defined it. */
  owner: string;
  /** The attestation kinds a part must pass to count as conforming. */
  requiredKinds: AttestationKindName[];
};

/** A material batch, or a portion of one transferred to another holder. */
export type Batch = {
  id: bigint;
  /** Who holds it now. */
  owner: string;
  /** Who produced the material. */
  producer: string;
  materialSpec: Hash;
  /** What the batch started with, in `unit`. */
  quantity: bigint;
  /** Left to use or transfer. */
  remaining: bigint;
  /** Given to other holders as new batches. */
  transferredOut: bigint;
  /** Gone into parts. */
  consumed: bigint;
  unit: string;
  /** The batch the producer registered; this batch when it is that one. */
  root: bigint;
  /** The batch this portion was transferred out of; undefined for a registered batch. */
  parent: bigint | undefined;
  /** Whether the material (its root batch) was recalled. */
  recalled: boolean;
};

/** A part as the registry reports it now. */
export type Part = {
  id: bigint;
  maker: string;
  /** Who holds it (the registry itself while the part is built into an assembly). */
  owner: string;
  /** The part type. */
  spec: Hash;
  /** The production lot: maker, specification and inputs per part. */
  lot: bigint;
  status: PartStatusName;
  /** The address of its tag chip's key; undefined when it has no chip. */
  chipKey: string | undefined;
  /** Whether a customer activated it with its chip. */
  activated: boolean;
  /** The attestation kinds whose standing result is a pass. */
  passedKinds: AttestationKindName[];
  /** The kinds on which two attesters disagree and no registrar has ruled yet. */
  conflictKinds: AttestationKindName[];
  /** Whether a registrar's hold keeps it quarantined (only a registrar can release it). */
  registrarHold: boolean;
  /** The assembly it is built into; undefined when none. */
  parent: bigint | undefined;
  /**
   * "Is this part fit to use?": it and every part inside it, at any depth, is made or in service,
   * made from no recalled material, has a pass for every kind its specification requires, and no
   * attestation conflict. The escrow's delivery-versus-payment and activation ask the same.
   */
  conforming: boolean;
  /** Whether any material it, or any part inside it, consumed was recalled. */
  recalled: boolean;
};

export type DefineSpecificationParameters = {
  /** The hash of the part type's specification document. */
  spec: string;
  /** Attestation kinds a part must pass to count as conforming (a list or comma-separated). */
  requiredKinds: readonly string[] | string;
};

export type RegisterBatchParameters = {
  /** The hash of the material specification. */
  materialSpec: string;
  quantity: bigint | number | string;
  /** Up to 8 ASCII characters: `kg`, `m`, `pcs`. */
  unit: string;
  /** The certification schemes the batch carries, by name (`AS9100D`) or id; one to four. */
  schemes: readonly string[];
  /** The hash of the material certificate (mill certificate, test report). */
  evidenceHash: string;
};

export type TransferBatchParameters = {
  batchId: bigint | number | string;
  to: string;
  quantity: bigint | number | string;
};

export type MakePartParameters = {
  /** The part type's specification hash. */
  spec: string;
  /** The serial marked on the part, such as `SN-000123` (up to 31 bytes). */
  serial: string;
  /** The address of the tag chip's key; no chip when omitted. */
  chipKey?: string;
  /** The batches and quantities the part consumes (at most 8). */
  inputs: readonly BatchInputParameter[];
  /** Parts the maker holds to build into this one (at most 32). */
  children?: readonly (bigint | number | string)[];
};

export type MakePartsParameters = {
  spec: string;
  /** One serial per part (at most 500, no repeats). */
  serials: readonly string[];
  /** One chip key per serial, or none at all. */
  chipKeys?: readonly string[];
  /** The batches and quantities each part consumes. */
  inputs: readonly BatchInputParameter[];
};

export type AttestParameters = {
  partId: bigint | number | string;
  kind: AttestationKindName | string;
  /** The hash of the data (test report, measurement file). */
  dataHash: string;
  passed: boolean;
};

export type ResolveAttestationParameters = {
  partId: bigint | number | string;
  kind: AttestationKindName | string;
  /** The ruling: whether the part passed. */
  passed: boolean;
  /** The hash of the ruling's grounds (a retest, a review). */
  reasonHash: string;
};

export type RetireParameters = {
  partId: bigint | number | string;
  target: RetireTarget | string;
  evidenceHash: string;
};

export type ActivateParameters = {
  partId: bigint | number | string;
  challenge: string;
  /** The recent block the answer is bound to: one of the 64 before the block that checks it. */
  blockNumber: bigint | number | string;
  /** The chip's 65-byte signature of the challenge's digest. */
  signature: string;
};

export type RebindChipParameters = {
  partId: bigint | number | string;
  newChipKey: string;
  /** The hash of the reason (damage report); required, it stays in history. */
  reasonHash: string;
};

export type RecallBatchParameters = {
  batchId: bigint | number | string;
  /** The hash of the reason (a lab finding); none when omitted. */
  reasonHash?: string;
};

export type LiftRecallParameters = {
  batchId: bigint | number | string;
  /** The hash of the finding that clears the material; required. */
  reasonHash: string;
};

/** A part and an optional reason: for quarantine, release and disassemble (the child part). */
export type ReasonedPartParameters = {
  partId: bigint | number | string;
  /** The hash of the reason; none when omitted. */
  reasonHash?: string;
};

/** A part as read off it: its maker and serial. */
export type FindPartParameters = {
  maker: string;
  serial: string;
};

export type TransferPartParameters = {
  partId: bigint | number | string;
  to: string;
};
