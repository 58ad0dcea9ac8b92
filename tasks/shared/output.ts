/**
 * The two outputs of every task from one result: text for a person, or with `--json` one JSON
 * document (see `printJson`) for a script; and the refusal of a thing that does not exist.
 */
import { InputError, InputErrorCode } from "../../src/index.js";
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
