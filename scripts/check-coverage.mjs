// Fails unless every line of every contract (mocks aside) is covered, as measured by
// `hardhat test --coverage` into coverage/lcov.info: in `npm test`, by the contracts' own mocha
// tests (test/<subsystem>/, not test/sdk/ or test/tasks/). Runs on any Node version.
import { readFileSync } from "node:fs";

const LCOV = "coverage/lcov.info";
let text;
try {
  text = readFileSync(LCOV, "utf8");
} catch {
  console.error(`No coverage report at ${LCOV}: run \`hardhat test --coverage\` first.`);
  process.exit(1);
}

const files = [];
for (const record of text.split("end_of_record")) {
  const source = /^SF:(.+)$/m.exec(record)?.[1]?.trim();
  if (!source) continue;
  const relative = source.slice(source.indexOf("contracts/"));
  if (!relative.startsWith("contracts/") || relative.startsWith("contracts/mocks/")) continue;
  const uncovered = [...record.matchAll(/^DA:(\d+),(\d+)/gm)]
    .filter((m) => m[2] === "0")
    .map((m) => Number(m[1]));
  const found = Number(/^LF:(\d+)$/m.exec(record)?.[1] ?? 0);
  files.push({ relative, found, uncovered });
}

if (files.length === 0) {
  console.error(`${LCOV} lists no contract: the coverage run measured nothing.`);
  process.exit(1);
}
let failed = false;
for (const f of files) {
  const pct = f.found === 0 ? 100 : (100 * (f.found - f.uncovered.length)) / f.found;
  const mark = f.uncovered.length === 0 ? "ok " : "LOW";
  console.log(`${mark} ${pct.toFixed(1).padStart(5)}%  ${f.relative}`);
  if (f.uncovered.length > 0) {
    failed = true;
    console.log(`      uncovered lines: ${f.uncovered.join(", ")}`);
  }
}
if (failed) {
  console.error(
    "Line coverage of the contracts must be 100%, by the contracts' own tests (test/<subsystem>/).",
  );
  process.exit(1);
}
console.log(`Line coverage 100% in ${files.length} contract files.`);
