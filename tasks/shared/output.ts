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

/** The parts the running command's arguments named as `<maker address>:<serial>`, by id. */
const typedParts = new Map<bigint, string>();

/**
 * Remembers that the running command named part `id` as `ref` (`<maker address>:<serial>`), so
 * that its error sentence names the part that way (see {@link namingTypedParts}). Called by the
 * parsers of part arguments; `runTask` forgets them when the next command starts.
 */
export function rememberTypedPart(id: bigint, ref: string): void {
  typedParts.set(id, ref.trim());
}

/** Forgets the parts named by the last command. */
export function forgetTypedParts(): void {
  typedParts.clear();
}

/**
 * `line` (an error sentence) with each part the command named by serial written as the user typed
 * it, `<maker>:<serial> (id 0x…)`, where it shows the bare id (`0x…` of 64 digits): in input
 * errors and in the contracts' decoded refusals alike. An id already shown as `(id 0x…)` is left
 * as it is.
 */
export function namingTypedParts(line: string): string {
  let named = line;
  for (const [id, ref] of typedParts) {
    const hex = formatPartId(id);
    // The id alone: not already named, not the start of a longer hex string. A function replacer,
    // since a serial is free text and may hold a `$`.
    const bare = new RegExp(`(?<!\\(id )${hex}(?![0-9a-fA-F])`, "g");
    named = named.replace(bare, () => `${ref} (id ${hex})`);
  }
  return named;
}
