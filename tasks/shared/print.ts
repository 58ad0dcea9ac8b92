/**
 * Printing for every task: one JSON serialiser for every `--json` output, and one error printer
 * that turns an SDK error into the sentence a person reads, prefixed by the flag at fault.
 */
import { InputError, type SupplyChainError } from "../../src/index.js";

/**
 * A value as the JSON every `--json` output prints: bigints as decimal strings, dates as ISO
 * date-times in UTC, missing values (`undefined`) as `null` in arrays and left out of objects.
 *
 * @example
 * toJson({ id: 7n, at: new Date(0) }); // '{\n  "id": "7",\n  "at": "1970-01-01T00:00:00.000Z"\n}'
 */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      // JSON.stringify calls Date#toJSON before the replacer; read the raw value to be explicit.
      const raw = key === "" ? v : this[key];
      if (raw instanceof Date) return raw.toISOString();
      return typeof v === "bigint" ? v.toString() : v;
    },
    2,
  );
}

/** Prints a value as JSON (see {@link toJson}). */
export function printJson(value: unknown): void {
  console.log(toJson(value));
}

/**
 * How a task names the SDK's parameters on its command line: an SDK field (the root of
 * `InputError.field`, e.g. `chipKey` in `chipKey` or `milestones` in `milestones[1].amount`) to
 * the flag or argument that gave it (`--chip`, `<part>`). A field the map does not name has no
 * flag on the command line (the task computed it, or no task of the subsystem takes it), so the
 * sentence is printed alone rather than with a guessed flag.
 */
export type FlagNames = Readonly<Record<string, string>>;

/**
 * The flag that gave an SDK field, by the task's map, keeping the field's path
 * (`milestones[1].amount` is `--milestones[1].amount`); undefined when the map does not name it.
 */
export function flagOf(field: string, flags: FlagNames = {}): string | undefined {
  const root = /^[A-Za-z_$][\w$]*/.exec(field)?.[0] ?? field;
  const flag = Object.hasOwn(flags, root) ? flags[root] : undefined;
  return flag === undefined ? undefined : `${flag}${field.slice(root.length)}`;
}

/**
 * The line printed for an SDK error: `Error SC108: --serials: The serial ... is too long.` for
 * an input error whose field the task's map names, `Error SC1xx: <sentence>` for another input
 * error, `Error: <sentence>` for a decoded contract refusal.
 */
export function errorLine(error: SupplyChainError, flags: FlagNames = {}): string {
  if (!(error instanceof InputError)) return `Error: ${error.shortMessage}`;
  const flag = error.field === undefined ? undefined : flagOf(error.field, flags);
  const where = flag === undefined ? "" : `${flag}: `;
  return `Error ${error.code}: ${where}${error.shortMessage}`;
}
