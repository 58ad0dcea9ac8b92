import {
  decodeBytes32String,
  encodeBytes32String,
  getAddress,
  isHexString,
  ZeroAddress,
} from "ethers";
import { InputError, InputErrorCode } from "./errors.js";
import type { Hash } from "./hashing.js";

/** A point in time: unix seconds, or a Date. */
export type Timestamp = bigint | number | Date;

/** Checks and checksums an address. */
export function toAddress(value: string, what = "address"): string {
  try {
    return getAddress(value.trim());
  } catch (cause) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The ${what} "${value}" is not an Ethereum address (0x followed by 40 hex digits).`,
      { cause },
    );
  }
}

/** The last second of the year 9999: later times are taken for milliseconds by mistake. */
export const MAX_TIME = 253_402_300_799n;

/** Unix seconds of a timestamp. */
export function toUnixSeconds(value: Timestamp, what = "time"): bigint {
  let seconds: bigint;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InputError(InputErrorCode.InvalidTime, `The ${what} is not a valid date.`);
    }
    seconds = BigInt(Math.floor(value.getTime() / 1000));
  } else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new InputError(
        InputErrorCode.InvalidTime,
        `The ${what} ${value} is not a whole number of seconds.`,
      );
    }
    seconds = BigInt(value);
  } else {
    seconds = value;
  }
  if (seconds < 0n) {
    throw new InputError(InputErrorCode.InvalidTime, `The ${what} ${seconds} is before 1970.`);
  }
  if (seconds > MAX_TIME) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} ${seconds} is after the year 9999: give unix seconds, not milliseconds.`,
    );
  }
  return seconds;
}

/**
 * Reads a date as people type it: `2027-12-31` (midnight UTC), an ISO 8601 date-time such as
 * `2027-12-31T12:00:00Z` or `2027-12-31T12:00+02:00`, or unix seconds. Impossible dates
 * (`2027-02-30`) and free text are refused, never guessed.
 */
export function parseDate(input: string, what = "date"): Date {
  const text = input.trim();
  const refuse = (): never => {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} "${input}" is not a date; write it as 2027-12-31, 2027-12-31T12:00:00Z or unix seconds.`,
    );
  };
  if (/^\d+$/.test(text)) return new Date(Number(toUnixSeconds(BigInt(text), what)) * 1000);
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(
      text,
    );
  if (match === null) return refuse();
  const [, year, month, day, hour, minute, second] = match.map(Number);
  // The calendar date must exist as written: 2027-02-30 does not roll over into March.
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month! - 1 ||
    calendar.getUTCDate() !== day ||
    (match[4] !== undefined && (hour! > 23 || minute! > 59 || (second ?? 0) > 59))
  ) {
    return refuse();
  }
  const date = new Date(match[4] === undefined ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return refuse();
  return date;
}

/** Refuses a time that is not after `now` (both unix seconds). */
export function requireFuture(seconds: bigint, now: bigint, what = "date"): void {
  if (seconds <= now) {
    throw new InputError(
      InputErrorCode.TimeInPast,
      `The ${what} ${formatTime(seconds)} is not in the future (the chain's time is ${formatTime(now)}).`,
    );
  }
}

/** Checks a 32-byte hash that must not be zero: the hash of a document that must exist. */
export function toDocumentHash(value: string, what = "document hash"): Hash {
  const hash = toHash(value, what);
  if (/^0x0{64}$/.test(hash)) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The ${what} is zero: hash the document (hashDocument, hashFile or hashJson) and pass that.`,
    );
  }
  return hash;
}

/** Checks a 32-byte hash. */
export function toHash(value: string, what = "hash"): Hash {
  if (!isHexString(value, 32)) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The ${what} "${value}" is not a 32-byte hash (0x followed by 64 hex digits).`,
    );
  }
  return value.toLowerCase() as Hash;
}

/**
 * The on-chain id of a certification scheme: its short name (up to 31 bytes, e.g. `AS9100D`)
 * stored as a bytes32 string so that it stays readable on chain, or a bytes32 given as hex.
 */
export function toSchemeId(scheme: string): Hash {
  const name = scheme.trim();
  if (isHexString(name, 32)) return name.toLowerCase() as Hash;
  if (name === "") {
    throw new InputError(InputErrorCode.InvalidScheme, "The scheme name is empty.");
  }
  try {
    return encodeBytes32String(name) as Hash;
  } catch (cause) {
    throw new InputError(
      InputErrorCode.InvalidScheme,
      `The scheme name "${name}" is longer than 31 bytes; use a short name such as AS9100D.`,
      { cause },
    );
  }
}

/** The readable name of a scheme id, or its hex when it is not a bytes32 string. */
export function schemeName(schemeId: string): string {
  try {
    const name = decodeBytes32String(schemeId);
    return /^[\x20-\x7e]+$/.test(name) ? name : schemeId;
  } catch {
    return schemeId;
  }
}

/** Refuses an amount that is not a positive whole number of at most `bits` bits. */
export function toPositiveAmount(
  value: bigint | number | string,
  what = "amount",
  bits = 256,
): bigint {
  let amount: bigint;
  try {
    amount = BigInt(value);
  } catch (cause) {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} "${value}" is not a number.`, {
      cause,
    });
  }
  if (amount <= 0n) {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} must be above zero.`);
  }
  const max = 2n ** BigInt(bits) - 1n;
  if (amount > max) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} ${amount} is too large: the contract holds at most ${max}.`,
    );
  }
  return amount;
}

/** A unix time as an ISO date-time in UTC, for sentences. */
export function formatTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** A duration in seconds as people say it: `365 days`, `8 hours`. */
export function formatDuration(seconds: bigint | number): string {
  const s = Number(seconds);
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? "" : "s"}`;
  if (s % 3600 === 0) return `${s / 3600} hour${s === 3600 ? "" : "s"}`;
  return `${s} second${s === 1 ? "" : "s"}`;
}

/** Checks an address that must not be the zero address (a party, a token, a recipient). */
export function nonZeroAddress(value: string, what = "address"): string {
  const address = toAddress(value, what);
  if (address === ZeroAddress) {
    throw new InputError(InputErrorCode.InvalidAddress, `The ${what} is the zero address.`);
  }
  return address;
}

/** A whole number given as a bigint, a safe integer or a string of digits; undefined otherwise. */
export function wholeOrUndefined(value: bigint | number | string): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value === "string" && /^\s*\d+\s*$/.test(value)) return BigInt(value.trim());
  return undefined;
}

/**
 * Runs the check of one parameter and names it as the `field` of any {@link InputError} the
 * check throws without one, so that a command line can point at its flag.
 *
 * @example
 * const spec = forField("spec", () => toDocumentHash(params.spec, "specification hash"));
 */
export function forField<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InputError && error.field === undefined) {
      throw new InputError(error.code, error.shortMessage, {
        details: error.details,
        cause: error.cause,
        field,
      });
    }
    throw error;
  }
}

/**
 * Reads one of `names` typed in any case, spaces, `_` and `-` aside (`In Service` is
 * `in-service`), refusing anything else with a sentence that lists them:
 * `"lost" is not a part status; the statuses are made, ...`.
 *
 * @example
 * parseName("Funded", ["proposed", "funded"], { one: "an invoice state", many: "states" }); // "funded"
 */
export function parseName<N extends string>(
  input: string,
  names: readonly N[],
  what: { one: string; many: string },
): N {
  const key = (name: string) => name.toLowerCase().replace(/[\s_-]/g, "");
  const name = names.find((each) => key(each) === key(input.trim()));
  if (name === undefined) {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `"${input.trim() || input}" is not ${what.one}; the ${what.many} are ${names.join(", ")}.`,
    );
  }
  return name;
}
