import { readFile, writeFile } from "node:fs/promises";

/** One measured operation. */
export type GasRow = { section: string; operation: string; gas: bigint };

const HEADER = "| section | operation | gas |";

/** The snapshot as a markdown table (the committed file). */
export function toMarkdown(rows: readonly GasRow[]): string {
  const lines = rows.map(
    (r) => `| ${r.section} | ${r.operation} | ${r.gas.toLocaleString("en-US")} |`,
  );
  return [
    "# Gas snapshot",
    "",
    "Written by `npm run gas:snapshot`; `npm run gas` prints the table and compares it with",
    "this file. Measured on the built-in chain, optimizer on (200 runs), the build profile that",
    "tests and deployments use.",
    "",
    HEADER,
    "| --- | --- | ---: |",
    ...lines,
    "",
  ].join("\n");
}

/** Reads a snapshot written by {@link toMarkdown}; an absent file is an empty snapshot. */
export async function readSnapshot(file: string): Promise<Map<string, bigint>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return new Map();
  }
  const rows = new Map<string, bigint>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length !== 5 || !/^[\d,]+$/.test(cells[3] ?? "")) continue;
    rows.set(`${cells[1]} / ${cells[2]}`, BigInt((cells[3] as string).replace(/,/g, "")));
  }
  return rows;
}

export async function writeSnapshot(file: string, rows: readonly GasRow[]): Promise<void> {
  await writeFile(file, toMarkdown(rows));
}

/** The table printed to the terminal, with the change against the snapshot. */
export function toConsole(rows: readonly GasRow[], snapshot: Map<string, bigint>): string {
  const width = Math.max(...rows.map((r) => r.section.length + r.operation.length + 3), 20);
  const out = [`${"operation".padEnd(width)} ${"gas".padStart(10)} ${"vs snapshot".padStart(12)}`];
  for (const r of rows) {
    const before = snapshot.get(`${r.section} / ${r.operation}`);
    let change = "new";
    if (before !== undefined) {
      const delta = r.gas - before;
      change = delta === 0n ? "=" : `${delta > 0n ? "+" : ""}${delta.toLocaleString("en-US")}`;
    }
    out.push(
      `${`${r.section} / ${r.operation}`.padEnd(width)} ${r.gas.toLocaleString("en-US").padStart(10)} ${change.padStart(12)}`,
    );
  }
  return out.join("\n");
}
