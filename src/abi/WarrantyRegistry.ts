// Generated from the compiled WarrantyRegistry by test/package/abi-modules.ts; do not edit.
// Rewrite with: ABI_SNAPSHOT=write npx hardhat test mocha test/package/abi.test.ts
import type { JsonFragment } from "ethers";

/** The ABI of WarrantyRegistry, without its bytecode. */
export const WarrantyRegistryAbi: readonly JsonFragment[] = [
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
      { internalType: "uint256", name: "claimId", type: "uint256" },
      { internalType: "uint256", name: "answerBy", type: "uint256" },
    ],
    name: "WarrantyRegistryAwaitingAnswer",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "partId", type: "uint256" }],
    name: "WarrantyRegistryExists",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "partId", type: "uint256" },
      { internalType: "uint256", name: "end", type: "uint256" },
    ],
    name: "WarrantyRegistryExpired",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "arbiter", type: "address" }],
    name: "WarrantyRegistryInvalidArbiter",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "claimId", type: "uint256" },
      { internalType: "enum IWarrantyRegistry.ClaimState", name: "current", type: "uint8" },
      { internalType: "uint8", name: "allowedStates", type: "uint8" },
    ],
    name: "WarrantyRegistryInvalidClaimState",
    type: "error",
  },
  { inputs: [], name: "WarrantyRegistryMissingInput", type: "error" },
  {
    inputs: [{ internalType: "bytes32", name: "specHash", type: "bytes32" }],
    name: "WarrantyRegistryNoNewPartWarranty",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "partId", type: "uint256" }],
    name: "WarrantyRegistryNoWarranty",
    type: "error",
  },
  {
    inputs: [{ internalType: "enum ICoreRegistry.Outcome", name: "outcome", type: "uint8" }],
    name: "WarrantyRegistryNoWarrantyFor",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "account", type: "address" }],
    name: "WarrantyRegistryNotAccredited",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "claimId", type: "uint256" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "WarrantyRegistryNotAllowed",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "caller", type: "address" }],
    name: "WarrantyRegistryNotCoreRegistry",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "partId", type: "uint256" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "WarrantyRegistryNotPartOwner",
    type: "error",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "WarrantyRegistryNotSpecOwner",
    type: "error",
  },
  { inputs: [], name: "WarrantyRegistrySetupClosed", type: "error" },
  {
    inputs: [
      { internalType: "uint32", name: "duration", type: "uint32" },
      { internalType: "uint256", name: "minimum", type: "uint256" },
    ],
    name: "WarrantyRegistryTooShort",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "claimId", type: "uint256" }],
    name: "WarrantyRegistryUnknownClaim",
    type: "error",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "claimId", type: "uint256" },
      { indexed: true, internalType: "uint256", name: "partId", type: "uint256" },
      { indexed: false, internalType: "bool", name: "accepted", type: "bool" },
      { indexed: false, internalType: "bytes32", name: "reasonHash", type: "bytes32" },
    ],
    name: "ClaimAnswered",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "claimId", type: "uint256" },
      { indexed: true, internalType: "uint256", name: "partId", type: "uint256" },
      { indexed: true, internalType: "address", name: "arbiter", type: "address" },
    ],
    name: "ClaimEscalated",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "claimId", type: "uint256" },
      { indexed: true, internalType: "uint256", name: "partId", type: "uint256" },
      { indexed: true, internalType: "address", name: "claimant", type: "address" },
      { indexed: false, internalType: "bytes32", name: "evidenceHash", type: "bytes32" },
    ],
    name: "ClaimFiled",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "claimId", type: "uint256" },
      { indexed: true, internalType: "uint256", name: "partId", type: "uint256" },
      { indexed: true, internalType: "address", name: "arbiter", type: "address" },
      { indexed: false, internalType: "bool", name: "upheld", type: "bool" },
      { indexed: false, internalType: "bytes32", name: "reasonHash", type: "bytes32" },
    ],
    name: "ClaimRuled",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "bytes32", name: "specHash", type: "bytes32" },
      { indexed: true, internalType: "address", name: "owner", type: "address" },
      { indexed: false, internalType: "uint32", name: "duration", type: "uint32" },
    ],
    name: "NewPartWarrantySet",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "partId", type: "uint256" },
      { indexed: true, internalType: "address", name: "issuer", type: "address" },
      {
        indexed: false,
        internalType: "enum ICoreRegistry.Outcome",
        name: "outcome",
        type: "uint8",
      },
      { indexed: false, internalType: "uint40", name: "start", type: "uint40" },
      { indexed: false, internalType: "uint32", name: "duration", type: "uint32" },
      { indexed: false, internalType: "bytes32", name: "termsHash", type: "bytes32" },
    ],
    name: "WarrantyIssued",
    type: "event",
  },
  {
    inputs: [],
    name: "RESPONSE_TIME",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "claimId", type: "uint256" },
      { internalType: "bool", name: "accepted", type: "bool" },
      { internalType: "bytes32", name: "reasonHash", type: "bytes32" },
    ],
    name: "answerClaim",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "claimId", type: "uint256" }],
    name: "claim",
    outputs: [
      {
        components: [
          { internalType: "uint256", name: "partId", type: "uint256" },
          { internalType: "address", name: "claimant", type: "address" },
          { internalType: "uint40", name: "filedAt", type: "uint40" },
          { internalType: "enum IWarrantyRegistry.ClaimState", name: "state", type: "uint8" },
          { internalType: "address", name: "arbiter", type: "address" },
        ],
        internalType: "struct IWarrantyRegistry.Claim",
        name: "",
        type: "tuple",
      },
    ],
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
      { internalType: "uint256", name: "claimId", type: "uint256" },
      { internalType: "address", name: "arbiter", type: "address" },
    ],
    name: "escalateClaim",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "partId", type: "uint256" },
      { internalType: "bytes32", name: "evidenceHash", type: "bytes32" },
    ],
    name: "fileClaim",
    outputs: [{ internalType: "uint256", name: "claimId", type: "uint256" }],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "partId", type: "uint256" },
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "address", name: "issuer", type: "address" },
      { internalType: "enum ICoreRegistry.Outcome", name: "outcome", type: "uint8" },
      { internalType: "uint32", name: "duration", type: "uint32" },
      { internalType: "bytes32", name: "termsHash", type: "bytes32" },
    ],
    name: "issue",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "enum ICoreRegistry.Outcome", name: "outcome", type: "uint8" },
    ],
    name: "minimumWarranty",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [{ internalType: "bytes32", name: "specHash", type: "bytes32" }],
    name: "newPartWarranty",
    outputs: [{ internalType: "uint32", name: "", type: "uint32" }],
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
    inputs: [
      { internalType: "uint256", name: "claimId", type: "uint256" },
      { internalType: "bool", name: "upheld", type: "bool" },
      { internalType: "bytes32", name: "reasonHash", type: "bytes32" },
    ],
    name: "ruleClaim",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "bytes32", name: "specHash", type: "bytes32" },
      { internalType: "uint32", name: "duration", type: "uint32" },
    ],
    name: "setNewPartWarranty",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "partId", type: "uint256" }],
    name: "warranty",
    outputs: [
      {
        components: [
          { internalType: "address", name: "issuer", type: "address" },
          { internalType: "uint40", name: "start", type: "uint40" },
          { internalType: "uint32", name: "duration", type: "uint32" },
          { internalType: "enum ICoreRegistry.Outcome", name: "outcome", type: "uint8" },
          { internalType: "bytes32", name: "termsHash", type: "bytes32" },
        ],
        internalType: "struct IWarrantyRegistry.Warranty",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
];
