/**
 * Gas per operation, printed as a table and compared with the committed snapshot
 * (gas/snapshot.md). `npm run gas` prints; `npm run gas:snapshot` rewrites the snapshot;
 * `GAS_SNAPSHOT=check` fails when the figures differ from it.
 */
import path from "node:path";
import hre, { network } from "hardhat";
import { measureCircular } from "./gas/circular.js";
import { measureParticipants } from "./gas/participants.js";
import { measureAuctions } from "./gas/procurement.js";
import { measureInvoices } from "./gas/invoicing.js";
import { measureParts } from "./gas/provenance.js";
import { contractSizes, EIP170_LIMIT, sizesToConsole } from "./gas/sizes.js";
import { readSnapshot, toConsole, type GasRow, writeSnapshot } from "./gas/table.js";

// A fixed clock, so that calldata (timestamps) and so gas are the same on every run.
const START = 2_000_000_000;

const { ethers, networkHelpers } = await network.getOrCreate();
await networkHelpers.time.increaseTo(START);

const parts = await measureParts(ethers, START);
const invoices = await measureInvoices(ethers, START);
const auctions = await measureAuctions(ethers, START + 100 * 86_400);
const rows: GasRow[] = [
  ...(await measureParticipants(ethers, START)),
  ...parts.rows,
  ...invoices.rows,
  ...auctions.rows,
];
// Last, as it moves the clock past its charges' deadline.
rows.push(...(await measureCircular(ethers, START + 200 * 86_400)));

const file = path.join(import.meta.dirname, "..", "gas", "snapshot.md");
const snapshot = await readSnapshot(file);
console.log(toConsole(rows, snapshot));
console.log("\nAims");
for (const aim of [...parts.aims, ...invoices.aims, ...auctions.aims])
  console.log(`  ${aim.met ? "met   " : "missed"} ${aim.text}`);

const sizes = await contractSizes(hre.artifacts);
console.log(`\nRuntime code size (EIP-170 limit: ${EIP170_LIMIT.toLocaleString("en-US")} bytes)`);
console.log(sizesToConsole(sizes));
const oversized = sizes.filter((s) => s.margin < 0);
if (oversized.length > 0) {
  console.error(`\nOver the EIP-170 limit: ${oversized.map((s) => s.contract).join(", ")}.`);
  process.exitCode = 1;
}

const mode = process.env.GAS_SNAPSHOT;
if (mode === "write") {
  await writeSnapshot(file, rows);
  console.log(`\nSnapshot written to ${path.relative(process.cwd(), file)}.`);
} else if (mode === "check") {
  const stale = rows.filter((r) => snapshot.get(`${r.section} / ${r.operation}`) !== r.gas);
  if (stale.length > 0 || snapshot.size !== rows.length) {
    console.error(
      "\nThe gas snapshot is out of date: run `npm run gas:snapshot` and commit gas/snapshot.md.",
    );
    process.exitCode = 1;
  }
}
