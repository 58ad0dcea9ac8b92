/**
 * The ABI modules of `src/abi/`: each contract's ABI without its creation bytecode, so that the
 * package's browser entry can connect to the suite without shipping the deployable code.
 * Generated from the typechain factories (which the compile regenerates) and committed; the test
 * `abi.test.ts` fails when they differ, and `ABI_SNAPSHOT=write` rewrites them.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as prettier from "prettier";
import type { JsonFragment } from "ethers";
import { SUITE_CONTRACTS, type SuiteContractName } from "../../src/core/address-book.js";
import * as deployable from "../../src/deploy/index.js";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const ABI_DIR = path.join(ROOT, "src", "abi");

/** The ABI of `name` as the compiled contract has it (from its deployable factory). */
export function compiledAbi(name: SuiteContractName): readonly JsonFragment[] {
  return deployable[`${name}__factory`].abi as readonly JsonFragment[];
}

/** The source text of the ABI module of `name`, formatted as the repository formats TS. */
export async function abiModuleSource(name: SuiteContractName): Promise<string> {
  const file = path.join(ABI_DIR, `${name}.ts`);
  const text =
    `// Generated from the compiled ${name} by test/package/abi-modules.ts; do not edit.\n` +
    `// Rewrite with: ABI_SNAPSHOT=write npx hardhat test mocha test/package/abi.test.ts\n` +
    `import type { JsonFragment } from "ethers";\n\n` +
    `/** The ABI of ${name}, without its bytecode. */\n` +
    `export const ${name}Abi: readonly JsonFragment[] = ${JSON.stringify(compiledAbi(name))};\n`;
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/** Rewrites every ABI module from the compiled contracts. */
export async function writeAbiModules(): Promise<void> {
  for (const name of SUITE_CONTRACTS) {
    await writeFile(path.join(ABI_DIR, `${name}.ts`), await abiModuleSource(name));
  }
}
