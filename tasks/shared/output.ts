/**
 * The two outputs of every task from one result: text for a person, or with `--json` one JSON
 * document (see `printJson`) for a script; and the refusal of a thing that does not exist.
 */
import { formatPartId, InputError, InputErrorCode } from "../../src/index.js";
import { printJson } from "./print.js";

/**
 * Prints a task's result: `value` as one JSON document when `json` is set, else the text `text`
 * returns (a line, or lines joined). Only one of the two is computed.
 *
 * @example
 * printResult(args.json, { invoiceId, tx }, () => formatTx(`Invoice ${invoiceId} funded`, tx));
 */
export function printResult(
  json: boolean,
  value: unknown,
  text: () => string | readonly string[],
): void {
  if (json) {
    printJson(value);
    return;
  }
  const lines = text();
  console.log(typeof lines === "string" ? lines : lines.join("\n"));
}

/**
 * The error of a show, verify or check task whose subject does not exist (`There is no invoice
 * 7.`): the task exits 1 with this sentence, the same as any failed check.
 */
export function notFound(sentence: string): InputError {
  return new InputError(InputErrorCode.InvalidId, sentence);
}

/**
 * The parts named on the command line as `<maker address>:<serial>`, by id: what
 * {@link namingParts} writes in a sentence instead of a bare id. `refs` and `ids` are in the same
 * order (the refs as typed, the ids they parsed to); ids typed as numbers are left out.
 */
export function partNames(
  refs: readonly string[],
  ids: readonly bigint[],
): ReadonlyMap<bigint, string> {
  const names = new Map<bigint, string>();
  refs.forEach((ref, i) => {
    const id = ids[i];
    if (id !== undefined && ref.includes(":")) names.set(id, ref.trim());
  });
  return names;
}

/**
 * Runs `body`; an input error whose sentence names a part by its bare id (`0x…` of 64 digits) is
 * thrown again naming it by serial as the user typed it, `<maker>:<serial> (id 0x…)`, with the
 * same code and field.
 */
export async function namingParts<T>(
  names: ReadonlyMap<bigint, string>,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof InputError) || names.size === 0) throw error;
    let sentence = error.shortMessage;
    for (const [id, name] of names) {
      const hex = formatPartId(id);
      sentence = sentence.replaceAll(hex, `${name} (id ${hex})`);
    }
    if (sentence === error.shortMessage) throw error;
    throw new InputError(error.code, sentence, {
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.details === undefined ? {} : { details: error.details }),
      cause: error,
    });
  }
}
