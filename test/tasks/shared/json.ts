/** Checks of the JSON documents the CLI prints with `--json`. */
import { expect } from "chai";
import type { JsonRpcProvider } from "ethers";

/** A transaction as `--json` prints it: `{ hash, blockNumber, gasUsed }`, gas as a decimal string. */
export type JsonTx = { hash: string; blockNumber: number; gasUsed: string };

/**
 * Asserts that `tx` is exactly a mined transaction's `{ hash, blockNumber, gasUsed }`, checked
 * against its receipt on the node.
 */
export async function expectMinedTx(provider: JsonRpcProvider, tx: unknown): Promise<void> {
  const { hash } = tx as JsonTx;
  expect(hash).to.match(/^0x[0-9a-f]{64}$/);
  const receipt = await provider.getTransactionReceipt(hash);
  expect(receipt, `the receipt of ${hash}`).to.not.equal(null);
  expect(tx).to.deep.equal({
    hash,
    blockNumber: receipt!.blockNumber,
    gasUsed: receipt!.gasUsed.toString(),
  });
}

/** Parses the one JSON document a `--json` command printed on stdout. */
export function parseJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}
