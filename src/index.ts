/**
 * The SDK of the trusted manufacturing supply-chain suite. Browser-safe: the file-system helpers
 * live in `./node`.
 */
export {
  type AddressBook,
  parseAddressBook,
  SUITE_CONTRACTS,
  type SuiteContractName,
} from "./address-book.js";
export { decodeError, ERROR_SENTENCES, findRevertData } from "./decode.js";
export {
  assertInvariant,
  ContractRevertedError,
  InputError,
  InputErrorCode,
  SupplyChainError,
  TransactionFailedError,
} from "./errors.js";
export { canonicalJson, type Hash, hashDocument, hashJson, verifyDocument } from "./hashing.js";
export {
  type AccreditParameters,
  CAPACITY_CONSUMER_ROLE,
  type Capacity,
  type Certificate,
  type DefineSchemeParameters,
  GOVERNANCE_ROLE,
  type GrantCertificateParameters,
  type Participant,
  ParticipantsClient,
  REGISTRAR_ROLE,
  type RenewParameters,
  type Scheme,
} from "./participants.js";
export {
  ACCREDITATION_STATES,
  type AccreditationState,
  CERTIFICATE_STATES,
  type CertificateState,
  maskToRoles,
  parseRole,
  parseRoles,
  ROLE_NAMES,
  type RoleName,
  rolesToMask,
} from "./roles.js";
export { connectSuite, type Suite } from "./suite.js";
export type { TxResult } from "./tx.js";
export {
  formatDuration,
  formatTime,
  parseDate,
  requireFuture,
  schemeName,
  type Timestamp,
  toAddress,
  toHash,
  toPositiveAmount,
  toSchemeId,
  toUnixSeconds,
} from "./validate.js";
export * from "./typechain/index.js";
