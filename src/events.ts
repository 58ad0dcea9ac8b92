/** Public RPC endpoints cap the block range of a log query; ask in pages of this many blocks. */
export const LOG_PAGE_BLOCKS = 10_000;

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
