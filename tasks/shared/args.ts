import { ZeroAddress, ZeroHash } from "ethers";
import {
  type AttestationKindName,
  type BatchInput,
  type Hash,
  hashDocument,
  InputError,
  InputErrorCode,
  parseAttestationKind,
  parseAttestationKinds,
  parseDate,
  parseRetireTarget,
  PART_LIMITS,
  partIdOf,
  type RetireTarget,
  serialToBytes32,
  SimulatedTagChip,
  toAddress,
  toBatchId,
  toPartId,
  toPositiveAmount,
  toSchemeId,
  unitToBytes8,
} from "../../src/index.js";
import { hashFile } from "../../src/node/index.js";
import { toDocumentHash } from "../../src/index.js";
import { resolveDocumentHash } from "./context.js";
import {
  INVOICE_LIMITS,
  type MilestoneKindName,
  type MilestoneParameter,
  parseMilestoneKind,
  parseTokenAmount,
  toInvoiceId,
  toMilestoneIndex,
} from "../../src/index.js";
import { AUCTION_LIMITS, toBidSequence, toHash, toOrderId } from "../../src/index.js";
import {
  CIRCULAR_LIMITS,
  CORE_OUTCOMES,
  type CoreOutcomeName,
  parseOutcome,
} from "../../src/index.js";

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
export type CapacityOptions = {
  capacity: string;
  periodDays: string;
  periodHours: string;
  capacityUnit: string;
};

/** A certificate's capacity from its options; undefined when no capacity is given. */
export function parseCapacity(
  options: CapacityOptions,
): { perPeriod: bigint; periodLength: bigint; unit: string } | undefined {
  const capacity = options.capacity.trim();
  const days = options.periodDays.trim();
  const hours = options.periodHours.trim();
  const unit = options.capacityUnit.trim();
  if (days !== "" && hours !== "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give the capacity period one way only: --period-days or --period-hours.",
    );
  }
  if (capacity === "") {
    if (unit !== "") {
      throw new InputError(
        InputErrorCode.InvalidUnit,
        "A capacity unit was given without a capacity: pass --capacity <units> too, or drop the unit.",
      );
    }
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
  if (unit === "") {
    throw new InputError(
      InputErrorCode.InvalidUnit,
      "A capacity was given without its unit: pass --capacity-unit <unit>, e.g. kg or pcs.",
    );
  }
  const perPeriod = wholeNumber(capacity, "capacity (--capacity)");
  const periodLength =
    days !== ""
      ? wholeNumber(days, "capacity period (--period-days)") * DAY
      : wholeNumber(hours, "capacity period (--period-hours)") * HOUR;
  return { perPeriod, periodLength, unit: unitFromText(unit) };
}

/** A unit as the SDK takes it, checked now so that a bad one is refused before connecting. */
function unitFromText(unit: string): string {
  unitToBytes8(unit);
  return unit;
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

// -----------------------------------------------------------------------------------------------
// Parts and provenance
// -----------------------------------------------------------------------------------------------

/** The items of a comma-separated option, trimmed, without empty items. */
export function parseList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * A part named on the command line: its token id, in decimal or 0x hex, or `<maker
 * address>:<serial>` as read off the part (the id is computed off chain with `partIdOf`). `what`
 * names it in sentences ("part", "child part").
 *
 * @example
 * parsePartRef("0x90F79bf6EB2c4f870365E785982E1f101E93b906:SN-000123");
 */
export function parsePartRef(value: string, what = "part"): bigint {
  const text = value.trim();
  const named = /^(0x[0-9a-fA-F]{40}):(.*)$/s.exec(text);
  if (named !== null) {
    const maker = toAddress(named[1] ?? "", `maker address of the ${what}`);
    return partIdOf(maker, named[2] ?? "");
  }
  if (/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return toPartId(text, `${what} id`);
  const colon = text.indexOf(":");
  if (colon > 0) {
    throw new InputError(
      InputErrorCode.InvalidAddress,
      `The ${what} "${value}" names its maker as "${text.slice(0, colon)}", which is not an ` +
        "Ethereum address; write <maker address>:<serial>, e.g. 0x90F79bf6EB2c4f870365E785982E1f101E93b906:SN-000123.",
    );
  }
  throw new InputError(
    InputErrorCode.InvalidId,
    `The ${what} "${value}" is neither a token id (decimal or 0x hex) nor <maker address>:<serial>.`,
  );
}

/** A batch id typed on the command line. */
export function parseBatchId(value: string, what = "batch id"): bigint {
  return toBatchId(value.trim(), what);
}

/** A required positive quantity that the registry holds in 64 bits, such as `--quantity 200`. */
export function requireQuantity(value: string, flag: string, what: string): bigint {
  if (value.trim() === "") {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} is missing: pass ${flag} <n>.`);
  }
  return toPositiveAmount(wholeNumber(value, `${what} (${flag})`), `${what} (${flag})`, 64);
}

/** A batch's unit, such as `--unit kg`: 1 to 8 ASCII characters. */
export function requireUnit(value: string): string {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidUnit,
      "The unit is missing: pass --unit with a short unit name, such as kg, m or pcs.",
    );
  }
  unitToBytes8(value);
  return value.trim();
}

/** The certification schemes a batch carries, such as `--schemes AS9100D,CF-TI`: one to four. */
export function parseSchemes(value: string): string[] {
  const names = parseList(value);
  if (names.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidScheme,
      "The certification schemes are missing: pass --schemes with one to " +
        `${PART_LIMITS.maxSchemes} scheme names, e.g. --schemes AS9100D,CF-TI.`,
    );
  }
  if (names.length > PART_LIMITS.maxSchemes) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A batch carries at most ${PART_LIMITS.maxSchemes} certification schemes; --schemes names ${names.length}.`,
    );
  }
  const ids = names.map((name) => toSchemeId(name));
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) {
      throw new InputError(
        InputErrorCode.InvalidScheme,
        `The scheme ${names[i] ?? id} is named twice in --schemes; name each scheme once.`,
      );
    }
  });
  return names;
}

/**
 * What each part consumes, such as `--inputs 2:3,5:1`: batch 2, 3 units, and batch 5, 1 unit, per
 * part. Empty when the option is not given; each batch at most once, at most eight batches.
 */
export function parseBatchInputs(value: string, flag = "--inputs"): BatchInput[] {
  if (value.trim() === "") return [];
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.length > PART_LIMITS.maxInputs) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A part consumes at most ${PART_LIMITS.maxInputs} batches; ${flag} names ${entries.length}.`,
    );
  }
  const inputs = entries.map((entry): BatchInput => {
    const match = /^([^:\s]+)\s*:\s*([^:\s]+)$/.exec(entry);
    if (match === null) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The ${flag} entry "${entry}" is not <batch id>:<quantity per part>; write e.g. ${flag} 2:3,5:1.`,
      );
    }
    const batchId = toBatchId(match[1] ?? "", `batch id in ${flag}`);
    const what = `quantity of batch ${batchId} in ${flag}`;
    const quantity = toPositiveAmount(wholeNumber(match[2] ?? "", what), what, 64);
    return { batchId, quantity };
  });
  inputs.forEach((input, i) => {
    if (inputs.findIndex((other) => other.batchId === input.batchId) !== i) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `Batch ${input.batchId} is named twice in ${flag}; give its total quantity per part once.`,
      );
    }
  });
  return inputs;
}

/** Child parts to build into an assembly, such as `--children <part>,<part>`. */
export function parseChildren(value: string): bigint[] {
  const children = parseList(value).map((child) => parsePartRef(child, "child part"));
  if (children.length > PART_LIMITS.maxChildren) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `An assembly takes at most ${PART_LIMITS.maxChildren} child parts; --children names ${children.length}.`,
    );
  }
  children.forEach((child, i) => {
    if (children.indexOf(child) !== i) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The child part ${parseList(value)[i] ?? child} is named twice in --children.`,
      );
    }
  });
  return children;
}

/** An address that must not be zero, such as a recipient or a chip key. */
export function parseNonZeroAddress(value: string, what: string): string {
  const address = toAddress(value, what);
  if (address === ZeroAddress) {
    throw new InputError(InputErrorCode.InvalidAddress, `The ${what} is the zero address.`);
  }
  return address;
}

/** The address of a tag chip's key, such as `--chip 0x…`; undefined when not given. */
export function optionalChipAddress(value: string, flag = "--chip"): string | undefined {
  return value.trim() === "" ? undefined : parseNonZeroAddress(value, `chip key address (${flag})`);
}

/** Three ways to name the serials of a production run. */
export type SerialOptions = {
  serials: string;
  serialPrefix: string;
  count: string;
  start: string;
  digits: string;
};

/**
 * The serials of a production run: `--serials SN-1,SN-2`, or `--serial-prefix SN- --count 100`
 * (SN-1 to SN-100; `--start` moves the first number, `--digits` pads the numbers with zeros).
 * Every serial is checked, and none may repeat.
 */
export function parseSerials(options: SerialOptions): string[] {
  const listed = options.serials.trim() !== "";
  const generated = [options.serialPrefix, options.count, options.start, options.digits].some(
    (value) => value.trim() !== "",
  );
  const how = "--serials SN-1,SN-2 or --serial-prefix SN- --count <n>";
  if (listed && generated) {
    throw new InputError(InputErrorCode.InvalidSerial, `Give the serials one way only: ${how}.`);
  }
  let serials: string[];
  if (listed) {
    serials = parseList(options.serials);
  } else if (generated) {
    if (options.serialPrefix.trim() === "" || options.count.trim() === "") {
      throw new InputError(
        InputErrorCode.InvalidSerial,
        "Generated serials need both --serial-prefix <prefix> and --count <n>.",
      );
    }
    const count = wholeNumber(options.count, "number of parts (--count)");
    if (count > BigInt(PART_LIMITS.maxRun)) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `A production run makes at most ${PART_LIMITS.maxRun} parts; --count is ${count}.`,
      );
    }
    const start = options.start.trim() === "" ? 1n : wholeOrZero(options.start, "--start");
    const digits =
      options.digits.trim() === "" ? 0 : Number(wholeNumber(options.digits, "--digits"));
    serials = Array.from(
      { length: Number(count) },
      (_, i) => `${options.serialPrefix}${String(start + BigInt(i)).padStart(digits, "0")}`,
    );
  } else {
    throw new InputError(InputErrorCode.InvalidSerial, `The serials are missing: pass ${how}.`);
  }
  if (serials.length > PART_LIMITS.maxRun) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A production run makes at most ${PART_LIMITS.maxRun} parts; ${serials.length} serials were given.`,
    );
  }
  const encoded = serials.map(serialToBytes32);
  encoded.forEach((serial, i) => {
    if (encoded.indexOf(serial) !== i) {
      throw new InputError(
        InputErrorCode.InvalidSerial,
        `The serial ${serials[i] ?? serial} is given twice; every part needs its own serial.`,
      );
    }
  });
  return serials;
}

/** The chip keys of a production run, `--chips a,b,…`: one per serial, or none. */
export function parseChipAddresses(value: string, serialCount: number): string[] {
  const chips = parseList(value).map((chip, i) =>
    parseNonZeroAddress(chip, `chip key address ${i + 1} (--chips)`),
  );
  if (chips.length !== 0 && chips.length !== serialCount) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `Give one chip key per serial (${serialCount}) in --chips, or none; got ${chips.length}.`,
    );
  }
  return chips;
}

/** The attestation kind, such as `--kind test`. */
export function requireAttestationKind(value: string): AttestationKindName {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidKind,
      "The attestation kind is missing: pass --kind test (or measurement, inspection, " +
        "calibration, service, repair).",
    );
  }
  return parseAttestationKind(value);
}

/** The attestation kinds a specification requires, `--required test,inspection`; may be none. */
export function parseRequiredKinds(value: string): AttestationKindName[] {
  return parseAttestationKinds(value);
}

/** Whether the part passed: `--result pass` or `--result fail`. */
export function parseResult(value: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === "pass" || text === "passed") return true;
  if (text === "fail" || text === "failed") return false;
  throw new InputError(
    InputErrorCode.InvalidKind,
    text === ""
      ? "Say whether the part passed: pass --result pass or --result fail."
      : `The result "${value}" is neither pass nor fail.`,
  );
}

/** Where a part retires to: `--to returned`, `recycled` or `destroyed`. */
export function requireRetireTarget(value: string): RetireTarget {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidKind,
      "The end-of-life status is missing: pass --to returned, --to recycled or --to destroyed.",
    );
  }
  return parseRetireTarget(value);
}

/**
 * A tag chip simulated from its private key, `--chip-key 0x…`, for local and demo use: on a real
 * deployment the customer's app asks the NFC chip itself to sign.
 */
export function requireChipKey(value: string, flag = "--chip-key"): SimulatedTagChip {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidSignature,
      `The chip key is missing: pass ${flag} with the tag chip's private key (0x followed by 64 hex digits).`,
    );
  }
  return new SimulatedTagChip(value.trim());
}

/**
 * A specification given as its hash (0x + 64 hex digits) or as its document's file, whose bytes
 * are hashed; `flag` names the option in sentences.
 */
export async function resolveSpecHash(value: string, flag = "--spec"): Promise<Hash> {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The specification is missing: pass ${flag} with its hash (0x…) or its document file.`,
    );
  }
  if (/^0x[0-9a-fA-F]*$/.test(text)) return toDocumentHash(text, "specification hash");
  try {
    return await hashFile(text);
  } catch (cause) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The specification "${text}" is neither a hash (0x followed by 64 hex digits) nor a file ` +
        "that can be read.",
      { cause },
    );
  }
}

/** The specification of `spec:define`: a hash or file as the argument, `--spec-file` or `--spec-json`. */
export async function requireSpecDefinition(given: {
  spec: string;
  specFile: string;
  specJson: string;
}): Promise<Hash> {
  const how =
    "pass its hash (0x…) or document file as the argument, --spec-file <path> or --spec-json '<json>'";
  const count = [given.spec, given.specFile, given.specJson].filter((v) => v.trim() !== "").length;
  if (count === 0) {
    throw new InputError(InputErrorCode.InvalidHash, `The specification is missing: ${how}.`);
  }
  if (count > 1) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `Give the specification one way only: ${how}.`,
    );
  }
  if (given.spec.trim() !== "") return resolveSpecHash(given.spec, "the argument");
  const hash = await resolveDocumentHash(
    "specification",
    { file: given.specFile, json: given.specJson },
    true,
  );
  if (hash === undefined) {
    throw new InputError(InputErrorCode.InvalidHash, `The specification is missing: ${how}.`);
  }
  return toDocumentHash(hash, "specification hash");
}

/** A reason that must be given (it stays in the part's history), as text, a file or a hash. */
export async function requireReasonHash(given: ReasonOptions): Promise<Hash> {
  if ([given.reason, given.reasonFile, given.reasonHash].every((v) => v === "")) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      "The reason is missing: pass --reason <text>, --reason-file <path> or --reason-hash 0x…; " +
        "it stays in the part's history.",
    );
  }
  return toDocumentHash(await resolveReasonHash(given), "reason hash");
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

function wholeOrZero(value: string, flag: string): bigint {
  return value.trim() === "0" ? 0n : wholeNumber(value, `first number (${flag})`);
}

/** The serial marked on a part, such as `--serial SN-000123` (up to 31 bytes). */
export function requireSerial(value: string): string {
  if (value === "") {
    throw new InputError(
      InputErrorCode.InvalidSerial,
      "The serial is missing: pass --serial with the serial marked on the part, e.g. --serial SN-000123.",
    );
  }
  serialToBytes32(value);
  return value;
}

// -----------------------------------------------------------------------------------------------
// Invoices
// -----------------------------------------------------------------------------------------------

/** An invoice id typed on the command line: a whole number from 1. */
export function parseInvoiceId(value: string): bigint {
  return toInvoiceId(value.trim(), "invoice id");
}

/** A milestone index typed on the command line: a whole number from 0 to 7. */
export function parseMilestoneIndex(value: string): number {
  return toMilestoneIndex(value.trim(), "milestone index");
}

/**
 * An amount in token units typed on the command line, such as `--to-payee 5000` or `12500.50`:
 * checked for its shape now; the token's decimals are checked once the token is known. Zero is
 * refused unless `allowZero`.
 */
export function requireTokenUnits(
  value: string,
  flag: string,
  what: string,
  allowZero = false,
): string {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The ${what} is missing: pass ${flag} <amount in token units>, e.g. ${flag} 12500.50.`,
    );
  }
  const amount = parseTokenAmount(text, 255, `${what} (${flag})`);
  if (amount === 0n && !allowZero) {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} (${flag}) must be above zero.`);
  }
  return text;
}

/** An optional amount in token units; undefined when not given. */
export function optionalTokenUnits(value: string, flag: string, what: string): string | undefined {
  return value.trim() === "" ? undefined : requireTokenUnits(value, flag, what, true);
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

/** A milestone as typed on the command line, its specification still a hash or a file. */
export type MilestoneEntry =
  | { kind: "approval"; amount: string }
  | { kind: "delivery"; amount: string; quantity: bigint; spec: string };

const MILESTONE_FORMS =
  "approval:<amount> or delivery:<amount>:<quantity>:<specification hash or file>";

/**
 * The milestones of `invoice:create`, in order: as one compact option, `--milestones
 * "approval:5000,delivery:7500.50:3:<spec>"`, or as one argument each (`approval:5000
 * delivery:7500.50:3:<spec>`). Amounts are in token units; a delivery names how many conforming
 * parts of which specification (its hash, or its document's file) release it.
 *
 * @example
 * parseMilestoneEntries("approval:5000,delivery:7500.50:3:spec.pdf", []);
 */
export function parseMilestoneEntries(
  compact: string,
  repeated: readonly string[],
): MilestoneEntry[] {
  const listed = repeated.map((entry) => entry.trim()).filter((entry) => entry !== "");
  if (compact.trim() !== "" && listed.length > 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      "Give the milestones one way only: --milestones with a comma-separated list, or one " +
        "argument per milestone.",
    );
  }
  const entries = compact.trim() !== "" ? parseList(compact) : listed;
  if (entries.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The milestones are missing: pass --milestones "${MILESTONE_FORMS.replace(" or ", ",")}" ` +
        "or one argument per milestone.",
    );
  }
  if (entries.length > INVOICE_LIMITS.maxMilestones) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `An invoice has at most ${INVOICE_LIMITS.maxMilestones} milestones; ${entries.length} were given.`,
    );
  }
  return entries.map((entry, i): MilestoneEntry => {
    const [kindText = "", amountText = "", ...rest] = entry.split(":");
    const kind: MilestoneKindName = parseMilestoneKind(kindText);
    const amount = amountText.trim();
    if (parseTokenAmount(amount, 255, `amount of milestone ${i}`) === 0n) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The amount of milestone ${i} must be above zero.`,
      );
    }
    if (kind === "approval") {
      if (rest.length > 0) {
        throw new InputError(
          InputErrorCode.InvalidList,
          `The milestone "${entry}" is an approval milestone, which takes only an amount: write approval:<amount>.`,
        );
      }
      return { kind, amount };
    }
    const [quantityText = "", ...specParts] = rest;
    const spec = specParts.join(":").trim();
    if (!/^\d+$/.test(quantityText.trim()) || spec === "") {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The milestone "${entry}" is not ${MILESTONE_FORMS.split(" or ")[1]}.`,
      );
    }
    const quantity = BigInt(quantityText.trim());
    if (quantity < 1n || quantity > BigInt(INVOICE_LIMITS.maxDelivery)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The quantity of milestone ${i} is ${quantity}; a delivery is 1 to ${INVOICE_LIMITS.maxDelivery} parts.`,
      );
    }
    return { kind, amount, quantity, spec };
  });
}

/** The milestones with each delivery's specification resolved to its hash (a file is hashed). */
export async function resolveMilestones(
  entries: readonly MilestoneEntry[],
): Promise<MilestoneParameter[]> {
  const resolved: MilestoneParameter[] = [];
  for (const [i, entry] of entries.entries()) {
    resolved.push(
      entry.kind === "approval"
        ? entry
        : { ...entry, spec: await resolveSpecHash(entry.spec, `milestone ${i}`) },
    );
  }
  return resolved;
}

/** The parts of a delivery, `--parts <part>,<part>`: token ids or maker:serial, each once. */
export function parseDeliveryParts(value: string, flag = "--parts"): bigint[] {
  const refs = parseList(value);
  if (refs.length === 0) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The parts are missing: pass ${flag} with comma-separated token ids or <maker address>:<serial>.`,
    );
  }
  if (refs.length > INVOICE_LIMITS.maxDelivery) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `A delivery takes at most ${INVOICE_LIMITS.maxDelivery} parts; ${flag} names ${refs.length}.`,
    );
  }
  const ids = refs.map((ref) => parsePartRef(ref));
  ids.forEach((partId, i) => {
    if (ids.indexOf(partId) !== i) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The part ${refs[i] ?? partId} is named twice in ${flag}.`,
      );
    }
  });
  return ids;
}

/**
 * The reason of a rejection or dispute, which the arbiter reads: `--reason <text>`,
 * `--reason-file <path>` or `--reason-hash 0x…`; required.
 */
export async function requireDisputeReason(given: ReasonOptions): Promise<Hash> {
  if ([given.reason, given.reasonFile, given.reasonHash].every((v) => v === "")) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      "The reason is missing: pass --reason <text>, --reason-file <path> or --reason-hash 0x…; " +
        "the arbiter rules on it.",
    );
  }
  return toDocumentHash(await resolveReasonHash(given), "reason hash");
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

// -----------------------------------------------------------------------------------------------
// Procurement auctions
// -----------------------------------------------------------------------------------------------

/** An order id typed on the command line: a whole number from 1. */
export function parseOrderId(value: string): bigint {
  return toOrderId(value.trim(), "order id");
}

/** A sealed bid's sequence number, such as `--sequence 2`; undefined when not given. */
export function optionalSequence(value: string, flag = "--sequence"): number | undefined {
  return value.trim() === "" ? undefined : toBidSequence(value.trim(), `bid sequence (${flag})`);
}

/** The number of parts an order asks for, such as `--quantity 3`: 1 to 100. */
export function requirePartCount(value: string, flag = "--quantity"): number {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The number of parts is missing: pass ${flag} <1 to ${AUCTION_LIMITS.maxQuantity}>.`,
    );
  }
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > AUCTION_LIMITS.maxQuantity) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The number of parts (${flag}) "${value}" is not a whole number from 1 to ` +
        `${AUCTION_LIMITS.maxQuantity}.`,
    );
  }
  return Number(text);
}

/** A bid's salt, such as `--salt 0x…` (32 bytes, not zero); undefined when not given. */
export function optionalSalt(value: string, flag = "--salt"): string | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const salt = toHash(text, `salt (${flag})`);
  if (salt === ZeroHash) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The salt (${flag}) is zero, which hides nothing: give 32 random bytes, or omit it to ` +
        "derive it from the bidder's key.",
    );
  }
  return salt;
}

/**
 * Another account of the network, such as `--committer 11` or `--committer 0x…`: an account
 * index or an address; undefined when not given.
 */
export function optionalAccount(value: string, flag: string): string | undefined {
  const choice = value.trim();
  if (choice === "") return undefined;
  if (/^\d+$/.test(choice)) return choice;
  return toAddress(choice, `${flag} address`);
}

/**
 * The timeline of an order, checked before anything connects: revealing ends at least one hour
 * after bidding, and the latest delivery at least one hour after revealing. Whether bidding ends
 * in the future is checked against the chain's clock by the SDK.
 */
export function requireOrderTimeline(given: {
  biddingEnds: string;
  revealEnds: string;
  deliverBy: string;
}): { biddingEnds: Date; revealEnds: Date; deliveryBy: Date } {
  const biddingEnds = requireDate(given.biddingEnds, "--bidding-ends", "end of bidding");
  const revealEnds = requireDate(given.revealEnds, "--reveal-ends", "end of revealing");
  const deliveryBy = requireDate(given.deliverBy, "--deliver-by", "latest delivery date");
  const hour = Number(AUCTION_LIMITS.minPhase) * 1000;
  const iso = (date: Date) => date.toISOString().replace(".000Z", "Z");
  if (revealEnds.getTime() < biddingEnds.getTime() + hour) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `Revealing (--reveal-ends ${iso(revealEnds)}) must end at least one hour after bidding ` +
        `(--bidding-ends ${iso(biddingEnds)}).`,
    );
  }
  if (deliveryBy.getTime() < revealEnds.getTime() + hour) {
    throw new InputError(
      InputErrorCode.InvalidTime,
      `The latest delivery date (--deliver-by ${iso(deliveryBy)}) must be at least one hour ` +
        `after revealing ends (--reveal-ends ${iso(revealEnds)}).`,
    );
  }
  return { biddingEnds, revealEnds, deliveryBy };
}

/**
 * The price and delivery date of a bid to reveal without its saved file: both (`--price` and
 * `--delivery`) or neither (the saved reveal data is used).
 */
export function optionalBidValues(
  price: string,
  delivery: string,
): { unitPrice: string; deliveryDate: Date } | undefined {
  if (price.trim() === "" && delivery.trim() === "") return undefined;
  if (price.trim() === "" || delivery.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give both --price and --delivery exactly as sealed (to reveal a bid whose file is lost), " +
        "or neither (to reveal the bids saved on this machine).",
    );
  }
  return {
    unitPrice: requireTokenUnits(price, "--price", "unit price"),
    deliveryDate: requireDate(delivery, "--delivery", "delivery date"),
  };
}

// -----------------------------------------------------------------------------------------------
// Circular economy
// -----------------------------------------------------------------------------------------------

/**
 * A core named on the command line: its id, which is its part's id (decimal or 0x hex), or the
 * part's `<maker address>:<serial>`.
 */
export function parseCoreRef(value: string): bigint {
  return parsePartRef(value, "core");
}

/** An id of a charge, licence or claim typed on the command line: a whole number from 1. */
export function parseRecordId(value: string, what: string): bigint {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new InputError(
      InputErrorCode.InvalidId,
      `The ${what} "${value}" is not an id: write a whole number from 1, e.g. 3.`,
    );
  }
  if (BigInt(text) === 0n) {
    throw new InputError(InputErrorCode.InvalidId, `The ${what} is 0; ids start at 1.`);
  }
  return BigInt(text);
}

/**
 * What an inspection finds a core fit for, `--outcome remanufacture` (or recondition, repair,
 * recycle-only), read by the SDK's `parseOutcome`: `recycle_only` and `RecycleOnly` alike.
 */
export function requireOutcome(value: string, flag = "--outcome"): CoreOutcomeName {
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidKind,
      `The outcome is missing: pass ${flag} with one of ${CORE_OUTCOMES.join(", ")}.`,
    );
  }
  return parseOutcome(value);
}

/** A core's grade, `--grade 2`: a whole number from 1 (as new) to 5 (scrap). */
export function requireGrade(value: string, flag = "--grade"): number {
  const text = value.trim();
  if (text === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The grade is missing: pass ${flag} with 1 (as new) to ${CIRCULAR_LIMITS.maxGrade} (scrap).`,
    );
  }
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > CIRCULAR_LIMITS.maxGrade) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The grade (${flag}) "${value}" is not a whole number from 1 (as new) to ` +
        `${CIRCULAR_LIMITS.maxGrade} (scrap).`,
    );
  }
  return Number(text);
}

/** An optional number of days as seconds, such as `--max-grade-age-days 30`; 0 when omitted. */
export function optionalDays(value: string, flag: string, what: string): bigint {
  return value.trim() === "" ? 0n : requireDays(value, flag, what);
}

/** A required positive count the contract holds in 32 bits, such as `--units 2`. */
export function requireCount(value: string, flag: string, what: string): bigint {
  if (value.trim() === "") {
    throw new InputError(InputErrorCode.InvalidAmount, `The ${what} is missing: pass ${flag} <n>.`);
  }
  return toPositiveAmount(wholeNumber(value, `${what} (${flag})`), `${what} (${flag})`, 32);
}

/** A refund schedule: the share of the deposit refunded for a core of grade 1 to 5, in basis points. */
export type RefundSchedule = [number, number, number, number, number];

/**
 * The refund schedule of a core charge, `--refunds 100,80,50,20,0`: the percentage of the
 * deposit refunded for a returned core of grade 1 (as new) to 5 (scrap), each from 0 to 100 with
 * at most two decimals; returned in basis points.
 */
export function requireRefundSchedule(value: string, flag = "--refunds"): RefundSchedule {
  const example = `${flag} 100,80,50,20,0`;
  if (value.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The refund schedule is missing: pass ${example} (the percentage refunded for a core of ` +
        `grade 1 to ${CIRCULAR_LIMITS.maxGrade}).`,
    );
  }
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.length !== CIRCULAR_LIMITS.maxGrade) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `The refund schedule (${flag}) gives ${entries.length} percentages; give one per grade, ` +
        `${CIRCULAR_LIMITS.maxGrade} in all, e.g. ${example}.`,
    );
  }
  return entries.map((entry, i) => {
    const match = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(entry);
    const bps =
      match === null ? NaN : Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (!(bps <= 10_000)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The refund for grade ${i + 1} in ${flag}, "${entry}", is not a percentage from 0 to 100 ` +
          "with at most two decimals.",
      );
    }
    return bps;
  }) as RefundSchedule;
}

/** A licence's fee per unit: both `--fee-token` and `--fee`, or neither (no fee). */
export function optionalLicenceFee(
  feeToken: string,
  fee: string,
): { feeToken: string; feePerUnit: string } | undefined {
  if (feeToken.trim() === "" && fee.trim() === "") return undefined;
  if (feeToken.trim() === "" || fee.trim() === "") {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      "Give both --fee-token <address> and --fee <amount in token units> for a fee per unit, " +
        "or neither for a licence without a fee.",
    );
  }
  return {
    feeToken: requireAddressOption(feeToken, "--fee-token", "fee token"),
    feePerUnit: requireTokenUnits(fee, "--fee", "fee per unit"),
  };
}

/** A reason that must be given, as text, a file or a hash; `where` says who reads it. */
export async function requireReasonFor(given: ReasonOptions, where: string): Promise<Hash> {
  if ([given.reason, given.reasonFile, given.reasonHash].every((v) => v === "")) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      "The reason is missing: pass --reason <text>, --reason-file <path> or --reason-hash 0x…; " +
        `${where}.`,
    );
  }
  return toDocumentHash(await resolveReasonHash(given), "reason hash");
}

/**
 * A yes-or-no decision typed as one of two words, such as `--decision accept` or `--decision
 * reject`: true for `yes`, false for `no`.
 */
export function requireDecision(
  value: string,
  yes: string,
  no: string,
  flag = "--decision",
): boolean {
  const text = value.trim().toLowerCase();
  if (text === yes) return true;
  if (text === no) return false;
  throw new InputError(
    InputErrorCode.InvalidKind,
    text === ""
      ? `The decision is missing: pass ${flag} ${yes} or ${flag} ${no}.`
      : `The decision (${flag}) "${value.trim()}" is neither ${yes} nor ${no}.`,
  );
}
