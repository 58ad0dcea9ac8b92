/** Address books on disk, one file per chain, and hashing a document file (Node only). */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AddressBook, parseAddressBook } from "../core/address-book.js";
import { InputError, InputErrorCode } from "../core/errors.js";
import { type Hash, hashDocument } from "../core/hashing.js";

/** The file of a chain's address book in a deployments folder. */
export function addressBookPath(dir: string, chainId: number | bigint): string {
  return path.join(dir, `chain-${chainId}.json`);
}

/** Reads the address book of `chainId` from `dir`, or says how to create it. */
export async function readAddressBook(dir: string, chainId: number | bigint): Promise<AddressBook> {
  const file = addressBookPath(dir, chainId);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new InputError(
      InputErrorCode.MissingDeployment,
      `The suite is not deployed on chain ${chainId}: ${file} does not exist. ` +
        "Deploy it first with `npx hardhat suite:deploy --network <network>`.",
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InputError(InputErrorCode.InvalidAddressBook, `${file} is not valid JSON.`, {
      cause,
    });
  }
  const book = parseAddressBook(json, file);
  if (BigInt(book.chainId) !== BigInt(chainId)) {
    throw new InputError(
      InputErrorCode.InvalidAddressBook,
      `${file} is for chain ${book.chainId}, not chain ${chainId}.`,
    );
  }
  return book;
}

/** Writes an address book atomically (a crash never leaves half a file). */
export async function writeAddressBook(dir: string, book: AddressBook): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = addressBookPath(dir, book.chainId);
  const tmp = `${file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(book, null, 2)}\n`);
  await rename(tmp, file);
  return file;
}

/** Hashes a file's bytes, as {@link hashDocument} does. */
export async function hashFile(file: string): Promise<Hash> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new InputError(InputErrorCode.InvalidHash, `Cannot read the document ${file}.`, {
      cause,
    });
  }
  return hashDocument(bytes);
}
