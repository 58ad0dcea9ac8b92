/** Reading the provenance commands' strings (parts, batches, serials, chips, specifications). */
import type { SignerNeed } from "../shared/signer.js";
import {
  type AttestationKindName,
  type BatchInput,
  type Hash,
  InputError,
  InputErrorCode,
  parseAttestationKind,
  parseAttestationKinds,
  parseRetireTarget,
  PART_LIMITS,
  partIdOf,
  type RetireTarget,
  serialToBytes32,
  SimulatedTagChip,
  toAddress,
  toBatchId,
  toBatchInputs,
  toDocumentHash,
  toPartId,
  toPositiveAmount,
  unitToBytes8,
} from "../../src/index.js";
import { hashFile } from "../../src/node/index.js";
import { rememberTypedPart } from "../shared/output.js";
import {
  parseList,
  noReason,
  REASON_WAYS,
  type ReasonOptions,
  resolveDocumentHash,
  resolveReasonHash,
  wholeNumber,
} from "../shared/args.js";

// -----------------------------------------------------------------------------------------------
// Parts and provenance
// -----------------------------------------------------------------------------------------------

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
    const id = partIdOf(maker, named[2] ?? "");
    rememberTypedPart(id, text);
    return id;
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
  return names;
}

/**
 * What each part consumes, such as `--inputs 2:3,5:1`: batch 2, 3 units, and batch 5, 1 unit, per
 * part. Empty when the option is not given. The SDK checks the ids, the quantities, how many, and
 * that each batch is named once (a command line gives one total per batch).
 */
export function parseBatchInputs(value: string, flag = "--inputs"): BatchInput[] {
  if (value.trim() === "") return [];
  const inputs = value.split(",").map((entry) => {
    const match = /^([^:\s]+)\s*:\s*([^:\s]+)$/.exec(entry.trim());
    if (match === null) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The ${flag} entry "${entry.trim()}" is not <batch id>:<quantity per part>; write e.g. ${flag} 2:3,5:1.`,
      );
    }
    const [, batchId = "", quantity = ""] = match;
    if (!/^\d+$/.test(quantity)) {
      throw new InputError(
        InputErrorCode.InvalidAmount,
        `The quantity of batch ${batchId} in ${flag} "${quantity}" is not a whole number.`,
      );
    }
    return { batchId, quantity };
  });
  return toBatchInputs(inputs, "inputs", { distinct: true });
}

/** Child parts to build into an assembly, such as `--children <part>,<part>` (the SDK checks repeats and how many). */
export function parseChildren(value: string): bigint[] {
  return parseList(value).map((child) => parsePartRef(child, "child part"));
}

/**
 * The address of a tag chip's key, such as `--chip 0x…`; undefined when not given (the SDK
 * refuses the zero address).
 */
export function optionalChipAddress(value: string, flag = "--chip"): string | undefined {
  return value.trim() === "" ? undefined : toAddress(value, `chip key address (${flag})`);
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
 * The SDK checks the serials themselves (their length, repeats, how many).
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
  return serials;
}

/** The chip keys of a production run, `--chips a,b,…` (the SDK wants one per serial, or none). */
export function parseChipAddresses(value: string): string[] {
  return parseList(value).map((chip, i) => toAddress(chip, `chip key address ${i + 1} (--chips)`));
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
  if (noReason(given)) {
    throw new InputError(
      InputErrorCode.InvalidHash,
      `The reason is missing: pass ${REASON_WAYS}; it stays in the part's history.`,
    );
  }
  return toDocumentHash(await resolveReasonHash(given), "reason hash");
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

/**
 * The signer a part task needs when `--from` is omitted: `role` (e.g. "the part's owner"), with
 * the address read from the part's `field` (undefined when no such part was made).
 */
export function partSigner(partId: bigint, field: "owner" | "maker", role: string): SignerNeed {
  return { role, holder: async (suite) => (await suite.parts.getPart(partId))?.[field] };
}

/** The signer a batch task needs: its holder, read from the batch. */
export function batchHolder(batchId: bigint): SignerNeed {
  return {
    role: "the batch's holder",
    holder: async (suite) => (await suite.parts.getBatch(batchId))?.owner,
  };
}
