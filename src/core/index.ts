/** The core module of the SDK: its public surface, re-exported by the package's main entry. */
export {
  type AddressBook,
  parseAddressBook,
  SUITE_CONTRACTS,
  type SuiteContractName,
} from "./address-book.js";
export {
  type AmountFormat,
  decodeError,
  type ErrorAbis,
  type ErrorSentence,
  ERROR_SENTENCES,
  SMALLEST_UNITS,
  tokenAmounts,
} from "./decode.js";
export {
  assertInvariant,
  ContractRevertedError,
  InputError,
  InputErrorCode,
  isRevertOf,
  type InputErrorOptions,
  SupplyChainError,
  type SupplyChainErrorOptions,
  TransactionFailedError,
} from "./errors.js";
export { canonicalJson, type Hash, hashDocument, hashJson, verifyDocument } from "./hashing.js";
export { type Governance, readGovernance } from "./governance.js";
export type { TxResult } from "./tx.js";
export type {
  ConfirmedTransaction,
  MinedTransaction,
  SentTransaction,
  TransactionOptions,
} from "./transactions.js";
export {
  formatDuration,
  formatTime,
  parseDate,
  schemeName,
  type Timestamp,
  toAddress,
  toDocumentHash,
  toHash,
  toPositiveAmount,
  toSchemeId,
  toUnixSeconds,
} from "./validate.js";
export {
  fillPage,
  LIST_LIMITS,
  type ListSource,
  listProvider,
  type Page,
  type PageParameters,
  startAfter,
  startAfterId,
  toPageLimit,
} from "./paging.js";
