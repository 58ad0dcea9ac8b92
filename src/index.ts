/**
 * The SDK of the trusted manufacturing supply-chain suite, one module per subsystem on a shared
 * core. Browser-safe: the file-system helpers (address books on disk, file hashing, the bid
 * store) live in `./node`.
 */
export * from "./core/index.js";
export * from "./participants/index.js";
export * from "./provenance/index.js";
export * from "./invoicing/index.js";
export * from "./procurement/index.js";
export * from "./circular/index.js";
export {
  checkSuiteChain,
  connectSuite,
  type ConnectSuiteParameters,
  connectSuiteUnchecked,
  type Suite,
} from "./suite.js";
export * from "./contracts.js";
