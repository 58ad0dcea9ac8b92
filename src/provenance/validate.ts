/**
 * Input rules of the parts registry: batch inputs, child parts, chip keys and certification
 * schemes, each checked once here for the parts client, the circular client and the command line.
 * Every refusal is an {@link InputError} that names its parameter in `field`.
 */
import { InputError, InputErrorCode } from "../core/errors.js";
import type { Hash } from "../core/hashing.js";
import { forField, nonZeroAddress, toPositiveAmount, toSchemeId } from "../core/validate.js";
import { formatPartId, PART_LIMITS, serialToBytes32, toBatchId, toPartId } from "./encodings.js";

/** A quantity of a batch that each part consumes. */
export type BatchInput = {
  batchId: bigint;
  quantity: bigint;
};

/** An input as callers give it. */
export type BatchInputParameter = {
  batchId: bigint | number | string;
  quantity: bigint | number | string;
};

/** A list of ids or values as callers give them. */
type IdList = readonly (bigint | number | string)[];

/**
 * Checks what each part consumes: at most `PART_LIMITS.maxInputs` batches, each with a positive
 * quantity the registry holds in 64 bits. The registry adds up a batch named twice; with
 * `distinct`, a batch named twice is refused instead (a command line asks for one total per batch).
 */
export function toBatchInputs(
  inputs: readonly BatchInputParameter[],
  field = "inputs",
  options: { distinct?: boolean } = {},
): BatchInput[] {
  requireLength(inputs.length, 0, PART_LIMITS.maxInputs, "input batches", field);
  const checked = inputs.map((input, i) => ({
    batchId: forField(`${field}[${i}].batchId`, () =>
      toBatchId(input.batchId, `batch id of input ${i + 1}`),
    ),
    quantity: forField(`${field}[${i}].quantity`, () =>
      toPositiveAmount(input.quantity, `quantity of input ${i + 1}`, 64),
    ),
  }));
  if (options.distinct === true) {
    checked.forEach((input, i) => {
      if (checked.findIndex((other) => other.batchId === input.batchId) !== i) {
        throw new InputError(
          InputErrorCode.InvalidList,
          `The batch ${input.batchId} is named twice in the inputs; give its total quantity per part once.`,
          { field: `${field}[${i}].batchId` },
        );
      }
    });
  }
  return checked;
}

/** Checks the child parts to build into an assembly: at most 32 part ids, each named once. */
export function toChildren(children: IdList, field = "children"): bigint[] {
  const ids = children.map((child, i) =>
    forField(`${field}[${i}]`, () => toPartId(child, "child part id")),
  );
  requireLength(ids.length, 0, PART_LIMITS.maxChildren, "child parts", field);
  requireDistinct(ids, ids.map(formatPartId), "child part", field);
  return ids;
}

/** Checks the address of a tag chip's key: an address, never the zero address. */
export function toChipKey(value: string, field = "chipKey"): string {
  return forField(field, () => nonZeroAddress(value, "chip key"));
}

/** Checks the chip keys of a production run: one non-zero key per serial, or none at all. */
export function toChipKeys(
  values: readonly string[],
  serialCount: number,
  field = "chipKeys",
): string[] {
  const keys = values.map((key, i) => toChipKey(key, `${field}[${i}]`));
  if (keys.length !== 0 && keys.length !== serialCount) {
    throw new InputError(
      InputErrorCode.InvalidList,
      `Give one chip key per serial (${serialCount}), or none; got ${keys.length}.`,
      { field },
    );
  }
  return keys;
}

/** Checks the certification schemes a batch carries: one to four, each named once. */
export function toSchemeIds(schemes: readonly string[], field = "schemes"): Hash[] {
  const ids = schemes.map((scheme, i) => forField(`${field}[${i}]`, () => toSchemeId(scheme)));
  requireLength(ids.length, 1, PART_LIMITS.maxSchemes, "certification schemes", field);
  if (new Set(ids).size !== ids.length) {
    throw new InputError(
      InputErrorCode.InvalidScheme,
      "A scheme is named twice; name each certification scheme once.",
      { field },
    );
  }
  return ids;
}

/**
 * Checks the serials of a production run: 1 to `PART_LIMITS.maxRun` serials, each one a serial
 * the registry holds (see `serialToBytes32`), none given twice. Returns them as bytes32.
 */
export function toSerials(serials: readonly string[], field = "serials"): Hash[] {
  requireLength(serials.length, 1, PART_LIMITS.maxRun, "serials", field);
  const encoded = serials.map((serial, i) =>
    forField(`${field}[${i}]`, () => serialToBytes32(serial)),
  );
  requireDistinct(encoded, serials, "serial", field);
  return encoded;
}

/** Refuses a list shorter than `min` or longer than `max`. */
export function requireLength(
  length: number,
  min: number,
  max: number,
  what: string,
  field: string,
): void {
  if (length < min || length > max) {
    throw new InputError(
      InputErrorCode.InvalidList,
      min === 0 || length > max
        ? `At most ${max} ${what} are allowed; got ${length}.`
        : `Give at least ${min} of the ${what} (at most ${max}); got none.`,
      { field },
    );
  }
}

/** Refuses a list in which a value comes twice, naming it by its label. */
export function requireDistinct(
  values: readonly (bigint | string)[],
  labels: readonly string[],
  what: string,
  field: string,
): void {
  const seen = new Set<bigint | string>();
  values.forEach((value, i) => {
    if (seen.has(value)) {
      throw new InputError(
        InputErrorCode.InvalidList,
        `The ${what} ${labels[i] ?? String(value)} is given twice.`,
        { field: `${field}[${i}]` },
      );
    }
    seen.add(value);
  });
}
