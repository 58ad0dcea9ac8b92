// Generated from the compiled CoreCharges by test/package/abi-modules.ts; do not edit.
// Rewrite with: ABI_SNAPSHOT=write npx hardhat test mocha test/package/abi.test.ts
import type { JsonFragment } from "ethers";

/** The ABI of CoreCharges, without its bytecode. */
export const CoreChargesAbi: readonly JsonFragment[] = [
  {
    inputs: [
      { internalType: "contract IParticipantRegistry", name: "participants_", type: "address" },
      { internalType: "contract ICoreRegistry", name: "cores_", type: "address" },
    ],
    stateMutability: "nonpayable",
    type: "constructor",
  },
  {
    inputs: [
      { internalType: "uint256", name: "coreId", type: "uint256" },
      { internalType: "address", name: "grader", type: "address" },
    ],
    name: "CoreChargesConflictedGrader",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint40", name: "returnBy", type: "uint40" }],
    name: "CoreChargesDeadlineNotFuture",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "uint40", name: "returnBy", type: "uint40" },
    ],
    name: "CoreChargesDeadlinePassed",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint16", name: "bps", type: "uint16" }],
    name: "CoreChargesInvalidSchedule",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "enum ICoreCharges.ChargeState", name: "current", type: "uint8" },
      { internalType: "uint8", name: "allowedStates", type: "uint8" },
    ],
    name: "CoreChargesInvalidState",
    type: "error",
  },
  { inputs: [], name: "CoreChargesMissingInput", type: "error" },
  {
    inputs: [{ internalType: "address", name: "account", type: "address" }],
    name: "CoreChargesNotAccredited",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "coreId", type: "uint256" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "CoreChargesNotCoreHolder",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "coreId", type: "uint256" }],
    name: "CoreChargesNotGraded",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "address", name: "caller", type: "address" },
    ],
    name: "CoreChargesNotParty",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "uint40", name: "returnBy", type: "uint40" },
    ],
    name: "CoreChargesNotYetDue",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "address", name: "account", type: "address" },
    ],
    name: "CoreChargesNothingOwed",
    type: "error",
  },
  {
    inputs: [{ internalType: "address", name: "seller", type: "address" }],
    name: "CoreChargesSelfCharge",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "amount", type: "uint256" },
      { internalType: "uint256", name: "received", type: "uint256" },
    ],
    name: "CoreChargesShortPayment",
    type: "error",
  },
  {
    inputs: [
      { internalType: "uint256", name: "coreId", type: "uint256" },
      { internalType: "bytes32", name: "expected", type: "bytes32" },
      { internalType: "bytes32", name: "actual", type: "bytes32" },
    ],
    name: "CoreChargesSpecMismatch",
    type: "error",
  },
  {
    inputs: [{ internalType: "uint256", name: "chargeId", type: "uint256" }],
    name: "CoreChargesUnknownCharge",
    type: "error",
  },
  { inputs: [], name: "ReentrancyGuardReentrantCall", type: "error" },
  {
    inputs: [{ internalType: "address", name: "token", type: "address" }],
    name: "SafeERC20FailedOperation",
    type: "error",
  },
  {
    anonymous: false,
    inputs: [{ indexed: true, internalType: "uint256", name: "chargeId", type: "uint256" }],
    name: "CoreChargeCancelled",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "chargeId", type: "uint256" },
      { indexed: false, internalType: "uint96", name: "amount", type: "uint96" },
    ],
    name: "CoreChargeForfeited",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "chargeId", type: "uint256" },
      { indexed: true, internalType: "address", name: "buyer", type: "address" },
      { indexed: false, internalType: "uint96", name: "amount", type: "uint96" },
    ],
    name: "CoreChargePaid",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "chargeId", type: "uint256" },
      { indexed: true, internalType: "address", name: "seller", type: "address" },
      { indexed: true, internalType: "address", name: "buyer", type: "address" },
      { indexed: false, internalType: "uint256", name: "unitPartId", type: "uint256" },
      { indexed: false, internalType: "bytes32", name: "specHash", type: "bytes32" },
      { indexed: false, internalType: "contract IERC20", name: "token", type: "address" },
      { indexed: false, internalType: "uint96", name: "amount", type: "uint96" },
      { indexed: false, internalType: "uint40", name: "returnBy", type: "uint40" },
      { indexed: false, internalType: "uint16[5]", name: "refundBps", type: "uint16[5]" },
    ],
    name: "CoreChargeRequired",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "chargeId", type: "uint256" },
      { indexed: true, internalType: "uint256", name: "coreId", type: "uint256" },
      { indexed: false, internalType: "uint8", name: "grade", type: "uint8" },
      { indexed: false, internalType: "uint96", name: "refund", type: "uint96" },
      { indexed: false, internalType: "uint96", name: "kept", type: "uint96" },
    ],
    name: "CoreChargeSettled",
    type: "event",
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: "uint256", name: "chargeId", type: "uint256" },
      { indexed: true, internalType: "address", name: "account", type: "address" },
      { indexed: true, internalType: "address", name: "to", type: "address" },
      { indexed: false, internalType: "contract IERC20", name: "token", type: "address" },
      { indexed: false, internalType: "uint256", name: "amount", type: "uint256" },
    ],
    name: "Withdrawn",
    type: "event",
  },
  {
    inputs: [],
    name: "MAX_BPS",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "chargeId", type: "uint256" }],
    name: "cancelCharge",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "chargeId", type: "uint256" }],
    name: "charge",
    outputs: [
      {
        components: [
          { internalType: "address", name: "seller", type: "address" },
          { internalType: "address", name: "buyer", type: "address" },
          { internalType: "contract IERC20", name: "token", type: "address" },
          { internalType: "uint96", name: "amount", type: "uint96" },
          { internalType: "bytes32", name: "specHash", type: "bytes32" },
          { internalType: "uint256", name: "unitPartId", type: "uint256" },
          { internalType: "uint40", name: "returnBy", type: "uint40" },
          { internalType: "enum ICoreCharges.ChargeState", name: "state", type: "uint8" },
          { internalType: "uint16[5]", name: "refundBps", type: "uint16[5]" },
          { internalType: "uint256", name: "coreId", type: "uint256" },
        ],
        internalType: "struct ICoreCharges.Charge",
        name: "",
        type: "tuple",
      },
    ],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [],
    name: "cores",
    outputs: [{ internalType: "contract ICoreRegistry", name: "", type: "address" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [{ internalType: "uint256", name: "chargeId", type: "uint256" }],
    name: "forfeitCharge",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [{ internalType: "contract IERC20", name: "token", type: "address" }],
    name: "liabilities",
    outputs: [{ internalType: "uint256", name: "", type: "uint256" }],
    stateMutability: "view",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "address", name: "account", type: "address" },
    ],
    name: "owed",
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
    inputs: [{ internalType: "uint256", name: "chargeId", type: "uint256" }],
    name: "payCharge",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "address", name: "buyer", type: "address" },
      { internalType: "uint256", name: "unitPartId", type: "uint256" },
      { internalType: "contract IERC20", name: "token", type: "address" },
      { internalType: "uint96", name: "amount", type: "uint96" },
      { internalType: "uint40", name: "returnBy", type: "uint40" },
      { internalType: "uint16[5]", name: "refundBps", type: "uint16[5]" },
    ],
    name: "requireCharge",
    outputs: [{ internalType: "uint256", name: "chargeId", type: "uint256" }],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "uint256", name: "coreId", type: "uint256" },
    ],
    name: "settleCharge",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
  {
    inputs: [
      { internalType: "uint256", name: "chargeId", type: "uint256" },
      { internalType: "address", name: "to", type: "address" },
    ],
    name: "withdraw",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function",
  },
];
