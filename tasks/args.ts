import { ZeroHash } from "ethers";
import {
  type Hash,
  hashDocument,
  InputError,
  InputErrorCode,
  parseDate,
  toAddress,
  toPositiveAmount,
} from "../src/index.js";
import { resolveDocumentHash } from "./context.js";

/**
 * Reading command-line strings into SDK parameters, with the SDK's validators, before anything
 * connects to a chain. Each function refuses bad input with an `InputError` sentence that names
 * the option to fix.
 */

const DAY = 86_400n;
const HOUR = 3_600n;

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
  const choice = from.trim();
  if (choice === "" || /^\d+$/.test(choice)) return choice;
  return toAddress(choice, "--from address");
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

/** The capacity options of a certificate: `--capacity` with one of the period options, or none. */
export type CapacityOptions = { capacity: string; periodDays: string; periodHours: string };

/** A certificate's capacity from its options; undefined when no capacity is given. */
export function parseCapacity(
  options: CapacityOptions,
): { perPeriod: bigint; periodLength: bigint } | undefined {
  const capacity = options.capacity.trim();
  const days = options.periodDays.trim();
  const hours = options.periodHours.trim();
  if (days !== "" && hours !== "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give the capacity period one way only: --period-days or --period-hours.",
    );
  }
  if (capacity === "") {
    if (days !== "" || hours !== "") {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        "A capacity period was given without a capacity: pass --capacity <units> too, or drop the period.",
      );
    }
    return undefined;
  }
  if (days === "" && hours === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "A capacity was given without a period: pass --period-days <n> or --period-hours <n>.",
    );
  }
  const perPeriod = wholeNumber(capacity, "capacity (--capacity)");
  const periodLength =
    days !== ""
      ? wholeNumber(days, "capacity period (--period-days)") * DAY
      : wholeNumber(hours, "capacity period (--period-hours)") * HOUR;
  return { perPeriod, periodLength };
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

/** The reason options of a suspension or revocation: text, a file, or a hash; all optional. */
export type ReasonOptions = { reason: string; reasonFile: string; reasonHash: string };

/**
 * The hash of an optional reason: `--reason <text>` (hashed as its UTF-8 bytes), `--reason-file
 * <path>` or `--reason-hash 0x…`; the zero hash when none is given.
 */
export async function resolveReasonHash(given: ReasonOptions): Promise<Hash> {
  const count = [given.reason, given.reasonFile, given.reasonHash].filter((v) => v !== "").length;
  if (count > 1) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      "Give the reason one way only: --reason <text>, --reason-file <path> or --reason-hash 0x….",
    );
  }
  if (given.reason !== "") return hashDocument(given.reason);
  const hash = await resolveDocumentHash(
    "reason",
    { file: given.reasonFile, hash: given.reasonHash },
    false,
  );
  return hash ?? (ZeroHash as Hash);
}
