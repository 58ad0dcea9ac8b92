/**
 * Pure values and encodings of the parts registry: status and attestation-kind names, serials,
 * units, part ids and batch ids. No contract calls, so that sentences, tasks and off-chain checks
 * share them.
 */
import {
  AbiCoder,
  decodeBytes32String,
  encodeBytes32String,
  isHexString,
  keccak256,
  toUtf8Bytes,
} from "ethers";
import { InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { toAddress } from "../core/validate.js";

/** Where a part is in its life, in the order of the contract's `PartStatus` enum. */
export const PART_STATUSES = [
  "made",
  "in-service",
  "quarantined",
  "returned",
  "recycled",
  "destroyed",
] as const;
export type PartStatusName = (typeof PART_STATUSES)[number];

/** The end-of-life statuses an owner can retire a part to. */
export const RETIRE_TARGETS = ["returned", "recycled", "destroyed"] as const;
export type RetireTarget = (typeof RETIRE_TARGETS)[number];

/** What an attestation records, in the order of the contract's `AttestationKind` enum. */
export const ATTESTATION_KINDS = [
  "test",
  "measurement",
  "inspection",
  "calibration",
  "service",
  "repair",
] as const;
export type AttestationKindName = (typeof ATTESTATION_KINDS)[number];

/** Limits of the contract, mirrored so that the SDK refuses before sending. */
export const PART_LIMITS = {
  /** Batches feeding one part. */
  maxInputs: 8,
  /** Certification schemes of one batch. */
  maxSchemes: 4,
  /** Children in one assembly. */
  maxChildren: 32,
  /** Parts in one production run. */
  maxRun: 500,
  /** How many blocks back a chip's answer may be bound: one of the 64 before the current. */
  maxChallengeAge: 64n,
} as const;

const MAX_UINT32 = 2n ** 32n - 1n;
const MAX_UINT256 = 2n ** 256n - 1n;

/** `test-lab`, `Test_Lab` and `testlab` alike. */
function nameKey(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, "");
}

/** The contract's enum value of a status name. */
export function statusIndex(status: PartStatusName): number {
  return PART_STATUSES.indexOf(status);
}

/** The name of a status enum value, or `status #n` when the contract has more than the SDK. */
export function statusName(value: number | bigint): string {
  return PART_STATUSES[Number(value)] ?? `status #${value}`;
}

/** Reads a retire target: `returned`, `recycled` or `destroyed`. */
export function parseRetireTarget(input: string): RetireTarget {
  const target = RETIRE_TARGETS.find((name) => name === nameKey(input));
  if (target === undefined) {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `"${input.trim() || input}" is not an end-of-life status; use ${RETIRE_TARGETS.join(", ")}.`,
    );
  }
  return target;
}

/** Reads an attestation kind, in any case. */
export function parseAttestationKind(input: string): AttestationKindName {
  const kind = ATTESTATION_KINDS.find((name) => name === nameKey(input));
  if (kind === undefined) {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `"${input.trim() || input}" is not an attestation kind; the kinds are ` +
        `${ATTESTATION_KINDS.join(", ")}.`,
    );
  }
  return kind;
}

/** Reads a list of attestation kinds (or a comma-separated string); an empty list is allowed. */
export function parseAttestationKinds(input: string | readonly string[]): AttestationKindName[] {
  const parts = typeof input === "string" ? input.split(",") : [...input];
  const kinds = parts.filter((part) => part.trim() !== "").map(parseAttestationKind);
  return ATTESTATION_KINDS.filter((kind) => kinds.includes(kind));
}

/** The contract's enum value of an attestation kind. */
export function attestationKindIndex(kind: AttestationKindName): number {
  return ATTESTATION_KINDS.indexOf(kind);
}

/** The name of an attestation kind enum value, or `kind #n` when unknown to the SDK. */
export function attestationKindName(value: number | bigint): string {
  return ATTESTATION_KINDS[Number(value)] ?? `kind #${value}`;
}

/** The bitmask the contract stores for a set of attestation kinds (bit `1 << kind`). */
export function kindsToMask(kinds: readonly AttestationKindName[]): number {
  return kinds.reduce((mask, kind) => mask | (1 << attestationKindIndex(kind)), 0);
}

/** The attestation kinds named by a bitmask, in enum order; unknown bits are ignored. */
export function maskToKinds(mask: number | bigint): AttestationKindName[] {
  const bits = Number(mask);
  return ATTESTATION_KINDS.filter((_, i) => (bits & (1 << i)) !== 0);
}

/**
 * A part's serial as the contract stores it: the text as a bytes32 string (up to 31 bytes of
 * UTF-8), so that it stays readable on chain. A bytes32 given as hex is taken as it is.
 *
 * @example
 * serialToBytes32("SN-000123"); // 0x534e2d3030303132330000…
 */
export function serialToBytes32(serial: string): Hash {
  if (isHexString(serial, 32)) return serial.toLowerCase() as Hash;
  const text = serial.trim();
  if (text === "") {
    throw new InputError(InputErrorCode.InvalidSerial, "The serial is empty.");
  }
  if (text !== serial) {
    throw new InputError(
      InputErrorCode.InvalidSerial,
      `The serial "${serial}" has white space at its start or end; write it exactly as it is ` +
        "marked on the part.",
    );
  }
  const bytes = toUtf8Bytes(serial).length;
  if (bytes > 31) {
    throw new InputError(
      InputErrorCode.InvalidSerial,
      `The serial "${serial}" is ${bytes} bytes long; the registry holds serials of at most 31 bytes.`,
    );
  }
  return encodeBytes32String(serial) as Hash;
}

/** The text of a stored serial, or its hex when it is not a readable bytes32 string. */
export function serialFromBytes32(serial: string): string {
  try {
    const text = decodeBytes32String(serial);
    return text !== "" && /^[^\p{Cc}]+$/u.test(text) ? text : serial.toLowerCase();
  } catch {
    return serial.toLowerCase();
  }
}

/**
 * A batch's unit as the contract stores it: up to 8 printable ASCII characters (`kg`, `m`,
 * `pcs`), right-padded with zero bytes into a bytes8.
 */
export function unitToBytes8(unit: string): string {
  const text = unit.trim();
  if (text === "" || !/^[\x21-\x7e]{1,8}$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidUnit,
      `The unit "${unit}" is not a short unit name: use 1 to 8 ASCII letters or symbols, such as kg, m or pcs.`,
    );
  }
  return encodeBytes32String(text).slice(0, 18);
}

/** The text of a stored unit. */
export function unitFromBytes8(unit: string): string {
  const hex = unit.slice(2).replace(/(00)+$/, "");
  const bytes = hex.match(/../g) ?? [];
  return bytes.map((byte) => String.fromCharCode(parseInt(byte, 16))).join("");
}

/**
 * The token id of the part `maker` made with `serial`: `keccak256(abi.encode(maker, serial))`,
 * computed off chain, so that whoever reads the serial off a part finds its token without a call.
 *
 * @example
 * const id = partIdOf(makerAddress, "SN-000123");
 * const part = await parts.getPart(id);
 */
export function partIdOf(maker: string, serial: string): bigint {
  const who = toAddress(maker, "maker address");
  return BigInt(
    keccak256(
      AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [who, serialToBytes32(serial)]),
    ),
  );
}

/** Checks a part id: a bigint, a safe integer, or a decimal or 0x-hex string. */
export function toPartId(value: bigint | number | string, what = "part id"): bigint {
  return toId(value, what, MAX_UINT256);
}

/** Checks a batch id: a whole number from 1 to 2^32 - 1. */
export function toBatchId(value: bigint | number | string, what = "batch id"): bigint {
  return toId(value, what, MAX_UINT32);
}

function toId(value: bigint | number | string, what: string, max: bigint): bigint {
  let id: bigint | undefined;
  if (typeof value === "bigint") id = value;
  else if (typeof value === "number") id = Number.isSafeInteger(value) ? BigInt(value) : undefined;
  else if (/^\s*(0x[0-9a-fA-F]+|\d+)\s*$/.test(value)) id = BigInt(value.trim());
  if (id === undefined || id <= 0n || id > max) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${String(value)}" is not an id: a whole number from 1 to ${max === MAX_UINT32 ? max : "2^256 - 1"}.`,
    );
  }
  return id;
}

/** A part id as people compare it: 0x and 64 hex digits. */
export function formatPartId(partId: bigint | number): string {
  return `0x${BigInt(partId).toString(16).padStart(64, "0")}`;
}
