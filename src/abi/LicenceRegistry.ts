// Generated from the compiled LicenceRegistry by test/package/abi-modules.ts; do not edit.
// Rewrite with: ABI_SNAPSHOT=write npx hardhat test mocha test/package/abi.test.ts
import type { JsonFragment } from "ethers";

/** The ABI of LicenceRegistry, without its bytecode. */
export const LicenceRegistryAbi: readonly JsonFragment[] = [
  {
    inputs: [
      { internalType: "contract IParticipantRegistry", name: "participants_", type: "address" },
      { internalType: "contract IPartRegistry", name: "parts_", type: "address" },
    ],
    stateMutability: "nonpayable",
    type: "constructor",
  },
  {
    inputs: [
      { internalType: "uint256", name: "licenceId", type: "uint256" },
      { internalType: "uint40", name: "validUntil", type: "uint40" },
    ],
    name: "LicenceRegistryExpired",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint40", name: "validUntil", type: "uint40" }],
    name: "LicenceRegistryExpiryPassed",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    name: "LicenceRegistryLicenceExists",
    type: "error",
  },
  { inputs: [], name: "LicenceRegistryMissingInput", type: "error" },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "remanufacturer", type: "address" },
    ],
    name: "LicenceRegistryNoLicence",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "account", type: "address" }],
    name: "LicenceRegistryNotAccredited",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "caller", type: "address" }],
    name: "LicenceRegistryNotCoreRegistry",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "licenceId", type: "uint256" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "LicenceRegistryNotOem",
    type: "error",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "LicenceRegistryNotSpecOwner",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint32", name: "periodLength", type: "uint32" },
      { internalType: "uint256", name: "minPeriod", type: "uint256" },
    ],
    name: "LicenceRegistryPeriodTooShort",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "licenceId", type: "uint256" },
      { internalType: "uint32", name: "remaining", type: "uint32" },
      { internalType: "uint256", name: "nextPeriodStart", type: "uint256" },
    ],
    name: "LicenceRegistryQuotaExhausted",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    name: "LicenceRegistryRevoked",
    type: "error",
  },
  { inputs: [], name: "LicenceRegistrySetupClosed", type: "error" },
  {
    inputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    name: "LicenceRegistryUnknownLicence",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "token", type: "address" }],
    name: "SafeERC20FailedOperation",
    type: "error",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "licenceId", type: "uint256" },
      { indexed: false, internalType: "uint32", name: "period", type: "uint32" },
      { indexed: false, internalType: "uint32", name: "used", type: "uint32" },
      { indexed: false, internalType: "uint96", name: "fee", type: "uint96" },
    ],
    name: "LicenceDrawn",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "licenceId", type: "uint256" },
      { indexed: true, internalType: "bytes32", name: "specHash", type: "bytes32" },
      { indexed: true, internalType: "address", name: "remanufacturer", type: "address" },
      {
        components: [
          { internalType: "bytes32", name: "specHash", type: "bytes32" },
          { internalType: "address", name: "oem", type: "address" },
          { internalType: "address", name: "remanufacturer", type: "address" },
          { internalType: "uint32", name: "unitsPerPeriod", type: "uint32" },
          { internalType: "uint32", name: "periodLength", type: "uint32" },
          { internalType: "uint40", name: "start", type: "uint40" },
          { internalType: "uint40", name: "validUntil", type: "uint40" },
          { internalType: "bool", name: "revoked", type: "bool" },
          { internalType: "contract IERC20", name: "feeToken", type: "address" },
          { internalType: "uint96", name: "feePerUnit", type: "uint96" },
          { internalType: "bytes32", name: "dataHash", type: "bytes32" },
          { internalType: "uint32", name: "period", type: "uint32" },
          { internalType: "uint32", name: "used", type: "uint32" },
        ],
        indexed: false,
        internalType: "struct ILicenceRegistry.Licence",
        name: "terms",
        type: "tuple",
      },
    ],
    name: "LicenceGranted",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "licenceId", type: "uint256" },
      { indexed: true, internalType: "address", name: "oem", type: "address" },
      { indexed: false, internalType: "bytes32", name: "reasonHash", type: "bytes32" },
    ],
    name: "LicenceRevoked",
    type: "event",
  },
  {
    inputs: [],
    name: "MIN_PERIOD",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [{ internalType: "address", name: "coreRegistry_", type: "address" }],
    name: "completeSetup",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [],
    name: "coreRegistry",
    outputs: [{ internalType: "address", name: "", type: "address" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "remanufacturer", type: "address" },
    ],
    name: "draw",
    outputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "remanufacturer", type: "address" },
      { internalType: "uint32", name: "unitsPerPeriod", type: "uint32" },
      { internalType: "uint32", name: "periodLength", type: "uint32" },
      { internalType: "uint40", name: "validUntil", type: "uint40" },
      { internalType: "contract IERC20", name: "feeToken", type: "address" },
      { internalType: "uint96", name: "feePerUnit", type: "uint96" },
      { internalType: "bytes32", name: "dataHash", type: "bytes32" },
    ],
    name: "grantLicence",
    outputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    name: "licence",
    outputs: [
      {
        components: [
          { internalType: "bytes32", name: "specHash", type: "bytes32" },
          { internalType: "address", name: "oem", type: "address" },
          { internalType: "address", name: "remanufacturer", type: "address" },
          { internalType: "uint32", name: "unitsPerPeriod", type: "uint32" },
          { internalType: "uint32", name: "periodLength", type: "uint32" },
          { internalType: "uint40", name: "start", type: "uint40" },
          { internalType: "uint40", name: "validUntil", type: "uint40" },
          { internalType: "bool", name: "revoked", type: "bool" },
          { internalType: "contract IERC20", name: "feeToken", type: "address" },
          { internalType: "uint96", name: "feePerUnit", type: "uint96" },
          { internalType: "bytes32", name: "dataHash", type: "bytes32" },
          { internalType: "uint32", name: "period", type: "uint32" },
          { internalType: "uint32", name: "used", type: "uint32" },
        ],
        internalType: "struct ILicenceRegistry.Licence",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "remanufacturer", type: "address" },
    ],
    name: "licenceOf",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "participants",
    outputs: [{ internalType: "contract IParticipantRegistry", name: "", type: "address" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "parts",
    outputs: [{ internalType: "contract IPartRegistry", name: "", type: "address" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "licenceId", type: "uint256" }],
    name: "quota",
    outputs: [
      { internalType: "uint32", name: "remaining", type: "uint32" },
      { internalType: "uint256", name: "periodStart", type: "uint256" },
      { internalType: "uint256", name: "nextPeriodStart", type: "uint256" },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "licenceId", type: "uint256" },
      { internalType: "bytes32", name: "reasonHash", type: "bytes32" },
    ],
    name: "revokeLicence",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
];
