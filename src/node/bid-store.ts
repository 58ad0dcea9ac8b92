/**
 * The reveal data of sealed bids in local files (Node only; re-exported from `./node`). One file
 * per bid, `<dir>/bid-<chainId>-<auction>-<orderId>-<commitment>.json`, written atomically (a
 * temporary file, flushed to disk, then renamed over the old one) and readable by its owner only:
 * it holds the bid's salt.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { BidStore } from "../procurement/client.js";
import { InputError, InputErrorCode } from "../core/errors.js";
import {
  type BidContext,
  type BidRecord,
  bidRecordToJson,
  parseBidRecord,
  toOrderId,
} from "../procurement/encodings.js";
import { toAddress } from "../core/validate.js";

/** The file of a bid's reveal data in `dir`. */
export function bidFilePath(dir: string, bid: BidContext & { commitment: string }): string {
  const auction = toAddress(bid.auction, "auction address").toLowerCase();
  const orderId = toOrderId(bid.orderId);
  return path.join(
    dir,
    `bid-${BigInt(bid.chainId)}-${auction}-${orderId}-${bid.commitment.toLowerCase()}.json`,
  );
}

/**
 * Writes a bid's reveal data to `dir` atomically and durably: a crash leaves either the old file
 * or the new one, never half a file, and the data is on disk when the promise resolves. Returns
 * the file's path.
 */
export async function saveBid(dir: string, record: BidRecord): Promise<string> {
  const file = bidFilePath(dir, record);
  const text = `${JSON.stringify(bidRecordToJson(record), null, 2)}\n`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      const handle = await open(tmp, "wx", 0o600);
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await syncDirectory(dir);
  } catch (cause) {
    throw new InputError(
      InputErrorCode.BidStoreFailure,
      `The bid's reveal data could not be written to ${file}: ` +
        `${cause instanceof Error ? cause.message : String(cause)}.`,
      { cause },
    );
  }
  return file;
}

/** Which bids {@link loadBids} reads: all of them, or those of one chain, auction, order, bidder. */
export type BidFilter = {
  chainId?: bigint | number;
  auction?: string;
  orderId?: bigint | number | string;
  bidder?: string;
};

/**
 * The reveal data saved in `dir` that matches `filter`, each record checked (its contents must
 * give its commitment), ordered by chain, order and sequence. An empty list when `dir` does not
 * exist.
 */
export async function loadBids(dir: string, filter: BidFilter = {}): Promise<BidRecord[]> {
  const auction =
    filter.auction === undefined ? undefined : toAddress(filter.auction, "auction address");
  const orderId = filter.orderId === undefined ? undefined : toOrderId(filter.orderId);
  const bidder = filter.bidder === undefined ? undefined : toAddress(filter.bidder, "bidder");
  const chainId = filter.chainId === undefined ? undefined : BigInt(filter.chainId);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new InputError(
      InputErrorCode.BidStoreFailure,
      `The folder of saved bids ${dir} cannot be read.`,
      { cause },
    );
  }
  const prefix = [
    "bid-",
    chainId === undefined ? "" : `${chainId}-`,
    chainId !== undefined && auction !== undefined ? `${auction.toLowerCase()}-` : "",
    chainId !== undefined && auction !== undefined && orderId !== undefined ? `${orderId}-` : "",
  ].join("");
  const records: BidRecord[] = [];
  for (const name of names.sort()) {
    if (!name.startsWith(prefix) || !/^bid-.*\.json$/.test(name)) continue;
    const file = path.join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, "utf8"));
    } catch (cause) {
      throw new InputError(
        InputErrorCode.BidStoreFailure,
        `The saved bid ${file} cannot be read as JSON.`,
        { cause },
      );
    }
    const record = parseBidRecord(json, file);
    if (bidFilePath(dir, record) !== file) {
      throw new InputError(
        InputErrorCode.BidStoreFailure,
        `The saved bid ${file} records another bid than its name says (it was renamed or edited).`,
      );
    }
    if (chainId !== undefined && record.chainId !== chainId) continue;
    if (auction !== undefined && record.auction !== auction) continue;
    if (orderId !== undefined && record.orderId !== orderId) continue;
    if (bidder !== undefined && record.bidder !== bidder) continue;
    records.push(record);
  }
  const key = (r: BidRecord) => [r.chainId, r.orderId, BigInt(r.sequence ?? 2 ** 32)] as const;
  return records.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < x.length; i++) {
      if (x[i]! !== y[i]!) return x[i]! < y[i]! ? -1 : 1;
    }
    return 0;
  });
}

/**
 * A {@link BidStore} that keeps each bid in its own file in `dir` (created when missing), for
 * `AuctionsClient.commitBid`.
 *
 * @example
 * await auctions.commitBid({ orderId, unitPrice: "80", deliveryDate, store: bidFileStore("bids") });
 */
export function bidFileStore(dir: string): BidStore {
  return {
    async save(record: BidRecord): Promise<void> {
      await saveBid(dir, record);
    },
  };
}

/** Flushes a folder's entries (the rename) to disk; skipped where folders cannot be opened. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
