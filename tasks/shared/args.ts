/**
 * Reading command-line strings into typed values every subsystem uses (numbers, dates, days,
 * addresses, token amounts, documents given as a file, JSON or a hash), before anything connects to
 * a chain. Each function refuses bad input with an `InputError` sentence that names the option.
 */
import {
  type Hash,
  hashDocument,
  hashJson,
  InputError,
  InputErrorCode,
  parseDate,
  parseTokenAmount,
  toAddress,
  toHash,
  toPositiveAmount,
} from "../../src/index.js";
import { hashFile } from "../../src/node/index.js";
import { ZeroAddress, ZeroHash } from "ethers";

export const DAY = 86_400n;

export const HOUR = 3_600n;

/** A positive whole number typed on the command line, such as `--capacity 1000`. */
export function wholeNumber(value: string, what: string): bigint {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} "${value}" is not a whole number.`,
    );
  }
  return toPositiveAmount(text, what);
}

/** Checks `--from` (empty, an account index or an address) before connecting. */
export function parseFrom(from: string): string {
  return parseAccount(from, "--from");
}

/**
 * An account of the network as typed after `flag`: empty, an account index, or an address
 * (checksummed). The one check of `--from` and of the options that name another account.
 */
export function parseAccount(value: string, flag: string): string {
  const choice = value.trim();
  if (choice === "" || /^\d+$/.test(choice)) return choice;
  return toAddress(choice, `${flag} address`);
}

/** A required date option, such as `--until 2027-12-31`. */
export function requireDate(value: string, flag: string, what: string): Date {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} is missing: pass ${flag} (e.g. ${flag} 2027-12-31).`,
    );
  }
  return parseDate(value, what);
}

/** An optional date option; undefined when not given. */
export function optionalDate(value: string, what: string): Date | undefined {
  return value.trim() === "" ? undefined : parseDate(value, what);
}

/** A required number of days, as seconds. */
export function requireDays(value: string, flag: string, what: string): bigint {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} is missing: pass ${flag} <days>.`,
    );
  }
  return wholeNumber(value, `${what} (${flag})`) * DAY;
}

/** Three ways to give a document: `--<prefix>-file`, `--<prefix>-json`, `--<prefix>-hash`. */
export type DocumentOptions = { file: string; json: string; hash: string };

/**
 * The hash of a required document given as exactly one of `--<prefix>-file <path>`,
 * `--<prefix>-json '<json>'` or `--<prefix>-hash 0x…`.
 */
export async function requireDocumentHash(
  what: string,
  prefix: string,
  given: DocumentOptions,
): Promise<Hash> {
  const flags = `--${prefix}-file <path>, --${prefix}-json '<json>' or --${prefix}-hash 0x…`;
  const count = [given.file, given.json, given.hash].filter((v) => v !== "").length;
  if (count === 0) {
    throw new InputError(InputErrorCode.InvalidHash, `The ${what} is missing: pass ${flags}.`);
  }
  if (count > 1) {
    throw new InputError(InputErrorCode.InvalidHash, `Give the ${what} one way only: ${flags}.`);
  }
  const hash = await resolveDocumentHash(what, given, true);
  if (hash === undefined) {
    throw new InputError(InputErrorCode.InvalidHash, `The ${what} is missing: pass ${flags}.`);
  }
  return hash;
}

/** The evidence options of an accreditation, a renewal or a certificate. */
export type EvidenceOptions = { evidenceFile: string; evidenceJson: string; evidenceHash: string };

/**
 * The hash of the required evidence, given as exactly one of `--evidence-file <path>`,
 * `--evidence-json '<json>'` or `--evidence-hash 0x…`; `what` names it in sentences.
 */
export function requireEvidenceHash(what: string, given: EvidenceOptions): Promise<Hash> {
  return requireDocumentHash(what, "evidence", {
    file: given.evidenceFile,
    json: given.evidenceJson,
    hash: given.evidenceHash,
  });
}

/**
 * The reason options of a suspension, revocation, dispute...: text, a file, JSON or a hash
 * (`--reason-json` is optional in the type, as a task may not offer it).
 */
export type ReasonOptions = {
  reason: string;
  reasonFile: string;
  reasonJson?: string;
  reasonHash: string;
};

/** The ways to give a reason, as sentences name them. */
export const REASON_WAYS =
  "--reason <text>, --reason-file <path>, --reason-json '<json>' or --reason-hash 0x…";

/** Whether no reason was given at all. */
export function noReason(given: ReasonOptions): boolean {
  return [given.reason, given.reasonFile, given.reasonJson ?? "", given.reasonHash].every(
    (v) => v === "",
  );
}

/**
 * The hash of an optional reason: `--reason <text>` (hashed as its UTF-8 bytes), `--reason-file
 * <path>` or `--reason-hash 0x…`; the zero hash when none is given.
 */
export async function resolveReasonHash(given: ReasonOptions): Promise<Hash> {
  const ways = [given.reason, given.reasonFile, given.reasonJson ?? "", given.reasonHash];
  const count = ways.filter((v) => v !== "").length;
  if (count > 1) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `Give the reason one way only: ${REASON_WAYS}.`,
    );
  }
  if (given.reason !== "") return hashDocument(given.reason);
  const hash = await resolveDocumentHash(
    "reason",
    { file: given.reasonFile, json: given.reasonJson ?? "", hash: given.reasonHash },
    false,
  );
  return hash ?? (ZeroHash as Hash);
}

/** The items of a comma-separated option, trimmed, without empty items. */
export function parseList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** An address that must not be zero, such as a recipient or a chip key. */
export function parseNonZeroAddress(value: string, what: string): string {
  const address = toAddress(value, what);
  if (address === ZeroAddress) {
    throw new InputError(InputErrorCode.InvalidAddress, `The ${what} is the zero address.`);
  }
  return address;
}

/** Optional evidence, as a file, JSON or a hash; the zero hash when none is given. */
export async function optionalEvidenceHash(given: EvidenceOptions): Promise<Hash> {
  const hash = await resolveDocumentHash(
    "evidence",
    { file: given.evidenceFile, json: given.evidenceJson, hash: given.evidenceHash },
    false,
  );
  return hash ?? (ZeroHash as Hash);
}

/**
 * An amount in token units typed on the command line, such as `--to-payee 5000` or `12500.50`:
 * checked for its shape now; the token's decimals, and whether zero is allowed there, are the
 * SDK's to check once the token is known.
 */
export function requireTokenUnits(value: string, flag: string, what: string): string {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} is missing: pass ${flag} <amount in token units>, e.g. ${flag} 12500.50.`,
    );
  }
  parseTokenAmount(text, 255, `${what} (${flag})`);
  return text;
}

/** An optional amount in token units; undefined when not given. */
export function optionalTokenUnits(value: string, flag: string, what: string): string | undefined {
  return value.trim() === "" ? undefined : requireTokenUnits(value, flag, what);
}

/** A number of days as seconds; `fallback` days when the option is not given (`0` is allowed). */
export function daysOption(value: string, flag: string, what: string, fallback?: bigint): bigint {
  const text = value.trim();
  if (text === "") {
    if (fallback !== undefined) return fallback * DAY;
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} is missing: pass ${flag} <days>.`,
    );
  }
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The ${what} (${flag}) "${value}" is not a whole number of days.`,
    );
  }
  return BigInt(text) * DAY;
}

/** A required address option, such as `--payer 0x…`, which must not be the zero address. */
export function requireAddressOption(value: string, flag: string, what: string): string {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The ${what} is missing: pass ${flag} <address>.`,
    );
  }
  return parseNonZeroAddress(value, `${what} (${flag})`);
}

/**
 * Another account of the network, such as `--committer 11` or `--committer 0x…`: an account
 * index or an address; undefined when not given.
 */
export function optionalAccount(value: string, flag: string): string | undefined {
  return value.trim() === "" ? undefined : parseAccount(value, flag);
}

/** An optional number of days as seconds, such as `--max-grade-age-days 30`; 0 when omitted. */
export function optionalDays(value: string, flag: string, what: string): bigint {
  return value.trim() === "" ? 0n : requireDays(value, flag, what);
}

/**
 * The hash of a document given in one of three ways: a file (`--x-file`), a JSON value
 * (`--x-json`, canonicalised), or a hash (`--x-hash`). Exactly one when `required`.
 */
export async function resolveDocumentHash(
  what: string,
  given: { file?: string; json?: string; hash?: string },
  required: boolean,
): Promise<Hash | undefined> {
  const sources = Object.entries(given).filter(([, value]) => value !== undefined && value !== "");
  if (sources.length > 1) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `Give the ${what} one way only: as a file, as JSON, or as a hash.`,
    );
  }
  if (given.file) return hashFile(given.file);
  if (given.json) {
    let value: unknown;
    try {
      value = JSON.parse(given.json);
    } catch (cause) {
      throw new InputError(InputErrorCode.InvalidJson, `The ${what} is not valid JSON.`, { cause });
    }
    return hashJson(value);
  }
  if (given.hash) return toHash(given.hash, `${what} hash`);
  if (required) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The ${what} is missing: give a file, a JSON document or its hash.`,
    );
  }
  return undefined;
}
