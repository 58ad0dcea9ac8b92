/**
 * What every list task's action shares: the printing of a page, one line per item then how to
 * read the next page, or as one JSON document `{ items, next }`. The paging options themselves
 * (`--limit`, `--after`) are in options.ts, which the task definitions load with the config.
 */
import type { Page } from "../../src/index.js";
import { printJson } from "./print.js";

/** The flags of the paging options, for `runTask`. */
export const PAGE_FLAGS = { limit: "--limit", after: "--after" } as const;

/** A command-line option as the SDK takes it: undefined when not given. */
export function given(value: string): string | undefined {
  return value.trim() === "" ? undefined : value;
}

/**
 * Prints a page: with `json`, `{ items, next }` (next as the `--after` value of the next page,
 * or null); else one line per item by `line`, then `next page: --after <cursor>` when another
 * page follows, or `empty` when there is no item at all.
 */
export async function printPage<T, C>(
  page: Page<T, C>,
  options: {
    json: boolean;
    cursor: (next: C) => string;
    line: (item: T) => string | Promise<string>;
    empty: string;
  },
): Promise<void> {
  const next = page.next === undefined ? null : options.cursor(page.next);
  if (options.json) {
    printJson({ items: page.items, next });
    return;
  }
  if (page.items.length === 0) {
    console.log(options.empty);
    return;
  }
  const lines: string[] = [];
  for (const item of page.items) lines.push(await options.line(item));
  if (next !== null) lines.push(`next page: --after ${next}`);
  console.log(lines.join("\n"));
}
