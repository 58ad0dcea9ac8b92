import { InputError, InputErrorCode } from "./errors.js";

/** Public RPC endpoints cap the block range of a log query; ask in pages of this many blocks. */
export const LOG_PAGE_BLOCKS = 10_000;

/** Refuses a block to search logs from that is not a block number (SC106). */
export function checkFromBlock(fromBlock: number): void {
  if (!Number.isSafeInteger(fromBlock) || fromBlock < 0) {
    throw new InputError(
      InputErrorCode.InvalidAmount,
      `The block to search from must be a block number; got ${fromBlock}.`,
    );
  }
}

/** Where an event sits in the chain: its block and its log index within the block. */
export type LogPosition = { blockNumber: number; index: number };

/**
 * Items read from several event queries, put back in chain order (block, then log index), with
 * their position dropped: `position(item)` says where each came from.
 */
export function inLogOrder<T>(items: readonly (T & { position: LogPosition })[]): T[] {
  const sorted = [...items].sort(
    (a, b) =>
      a.position.blockNumber - b.position.blockNumber || a.position.index - b.position.index,
  );
  return sorted.map(({ position: _position, ...item }) => item as unknown as T);
}

/**
 * Runs a log query over `[fromBlock, toBlock]` in pages of at most `pageBlocks` blocks and
 * concatenates the results, in block order.
 */
export async function queryInPages<T>(
  query: (fromBlock: number, toBlock: number) => Promise<T[]>,
  fromBlock: number,
  toBlock: number,
  pageBlocks = LOG_PAGE_BLOCKS,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = fromBlock; start <= toBlock; start += pageBlocks) {
    const end = Math.min(start + pageBlocks - 1, toBlock);
    results.push(...(await query(start, end)));
  }
  return results;
}

/**
 * Runs a log query from `fromBlock` to the chain's head in pages of {@link LOG_PAGE_BLOCKS}: the
 * pages up to `height` (a block number read before), then one last page to `"latest"`. A
 * provider may answer a block number it read a moment ago (ethers keeps identical requests for
 * 250 ms), so the last page never ends at a number: an event mined just now is still found.
 */
export async function queryToLatest<T>(
  query: (fromBlock: number, toBlock: number | "latest") => Promise<T[]>,
  fromBlock: number,
  height: number,
): Promise<T[]> {
  const results: T[] = [];
  let start = fromBlock;
  for (; start + LOG_PAGE_BLOCKS <= height; start += LOG_PAGE_BLOCKS) {
    results.push(...(await query(start, start + LOG_PAGE_BLOCKS - 1)));
  }
  if (start <= height) results.push(...(await query(start, "latest")));
  return results;
}
