/**
 * The parts of the SDK that need Node's file system: address books on disk, file hashing and the
 * bid store. Import from `@trustchain/supply-chain-suite/node`; the main entry stays browser-safe.
 */
export { addressBookPath, hashFile, readAddressBook, writeAddressBook } from "./address-book.js";
export { type BidFilter, bidFilePath, bidFileStore, loadBids, saveBid } from "./bid-store.js";
