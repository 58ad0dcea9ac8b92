// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title ICoreCharges
 * @notice Core charges, the automotive practice: when a unit is sold, the seller requires a core
 * deposit; the buyer pays it in; when the buyer hands in a graded core of the unit's specification
 * by the deadline, the deposit is split by the refund schedule fixed when it was required (basis
 * points per grade) and the core goes to the seller; past the deadline the whole deposit goes to
 * the seller. Payouts are credited per charge and withdrawn, so no party can block another.
 * @dev States: Required -> Held (paid) | Cancelled; Held -> Settled (core returned) | Forfeited.
 * Conservation, checked by an invariant test: for every token, the contract's balance equals the
 * deposits held plus the credits not yet withdrawn.
 */
interface ICoreCharges {
    /// @notice Where a core charge stands.
    enum ChargeState {
        None,
        Required,
        Held,
        Settled,
        Forfeited,
        Cancelled
    }

    /// @notice A core charge. `refundBps[g - 1]` is the share of the deposit refunded for a core of grade `g`.
    /// Layout: slot 0 = seller; slot 1 = buyer; slot 2 = token (20) + amount (12); slot 3 =
    /// specHash; slot 4 = unitPartId; slot 5 = returnBy (5) + state (1); slot 6 = refundBps
    /// (5 x 2, an array starts its own slot); slot 7 = coreId.
    struct Charge {
        address seller;
        address buyer;
        IERC20 token;
        uint96 amount;
        bytes32 specHash;
        uint256 unitPartId;
        uint40 returnBy;
        ChargeState state;
        uint16[5] refundBps;
        uint256 coreId;
    }

    /// @notice `seller` required a core deposit from `buyer` for unit `unitPartId`.
    event CoreChargeRequired(
        uint256 indexed chargeId,
        address indexed seller,
        address indexed buyer,
        uint256 unitPartId,
        bytes32 specHash,
        IERC20 token,
        uint96 amount,
        uint40 returnBy,
        uint16[5] refundBps
    );

    /// @notice The buyer paid the deposit in.
    event CoreChargePaid(uint256 indexed chargeId, address indexed buyer, uint96 amount);

    /// @notice The seller withdrew a charge not yet paid.
    event CoreChargeCancelled(uint256 indexed chargeId);

    /// @notice The buyer handed in core `coreId`, refunded as grade `grade` (its latest grade, or
    /// the worst for a core of recalled material): `refund` is the buyer's, `kept` the seller's.
    event CoreChargeSettled(
        uint256 indexed chargeId,
        uint256 indexed coreId,
        uint8 grade,
        uint96 refund,
        uint96 kept
    );

    /// @notice The deadline passed without a core: the deposit is the seller's.
    event CoreChargeForfeited(uint256 indexed chargeId, uint96 amount);

    /// @notice `account` withdrew its credit from charge `chargeId` to `to`.
    event Withdrawn(
        uint256 indexed chargeId,
        address indexed account,
        address indexed to,
        IERC20 token,
        uint256 amount
    );

    /// @notice A required address or amount is zero.
    error CoreChargesMissingInput();

    /// @notice `account` is not an active participant.
    error CoreChargesNotAccredited(address account);

    /// @notice The seller cannot require a deposit from itself.
    error CoreChargesSelfCharge(address seller);

    /// @notice `returnBy` is not in the future.
    error CoreChargesDeadlineNotFuture(uint40 returnBy);

    /// @notice Charge `chargeId`'s deadline `returnBy` has passed.
    error CoreChargesDeadlinePassed(uint256 chargeId, uint40 returnBy);

    /// @notice The caller does not hold core `coreId`.
    error CoreChargesNotCoreHolder(uint256 coreId, address caller);

    /// @notice A refund share above 100%.
    error CoreChargesInvalidSchedule(uint16 bps);

    /// @notice No charge `chargeId`.
    error CoreChargesUnknownCharge(uint256 chargeId);

    /// @notice The caller is not the party that may do this to charge `chargeId`.
    error CoreChargesNotParty(uint256 chargeId, address caller);

    /// @notice Charge `chargeId` is in state `current`, and the action needs one of the states
    /// whose bit (`1 << uint8(state)`) is set in `allowedStates`.
    error CoreChargesInvalidState(uint256 chargeId, ChargeState current, uint8 allowedStates);

    /// @notice The token delivered `received`, not the `amount` due (a fee-on-transfer token).
    error CoreChargesShortPayment(uint256 amount, uint256 received);

    /// @notice The deadline `returnBy` has not passed yet.
    error CoreChargesNotYetDue(uint256 chargeId, uint40 returnBy);

    /// @notice Core `coreId` is of `actual`, not of the unit's specification `expected`.
    error CoreChargesSpecMismatch(uint256 coreId, bytes32 expected, bytes32 actual);

    /// @notice Core `coreId` has no grade, so its refund cannot be set.
    error CoreChargesNotGraded(uint256 coreId);

    /// @notice Core `coreId`'s latest grade was given by `grader`, the seller or the buyer of the
    /// charge; another inspector must re-grade it.
    error CoreChargesConflictedGrader(uint256 coreId, address grader);

    /// @notice Nothing is owed to the caller on charge `chargeId`.
    error CoreChargesNothingOwed(uint256 chargeId, address account);

    /**
     * @notice Requires a core deposit from `buyer` for unit `unitPartId` (whose specification the
     * returned core must share).
     * @dev Caller: the seller, an active participant. `returnBy` in the future; every
     * `refundBps` at most 10,000.
     */
    function requireCharge(
        address buyer,
        uint256 unitPartId,
        IERC20 token,
        uint96 amount,
        uint40 returnBy,
        uint16[5] calldata refundBps
    ) external returns (uint256 chargeId);

    /// @notice Withdraws a charge not yet paid. Caller: its seller.
    function cancelCharge(uint256 chargeId) external;

    /**
     * @notice Pays the deposit in. Caller: the buyer, having approved `amount` to this contract,
     * by `returnBy`.
     */
    function payCharge(uint256 chargeId) external;

    /**
     * @notice Hands in core `coreId` against a held charge: the refund by its grade is credited to
     * the buyer, the rest to the seller, and the core goes to the seller. A core of recalled
     * material is refunded as the worst grade (scrap), whatever grade it was given.
     * @dev Caller: the buyer, holding the core and having approved it to this contract, by
     * `returnBy`. The core must be graded, by neither the seller nor the buyer, and of the
     * unit's specification.
     */
    function settleCharge(uint256 chargeId, uint256 coreId) external;

    /// @notice Credits a held deposit to the seller once `returnBy` has passed. Anyone may call.
    function forfeitCharge(uint256 chargeId) external;

    /// @notice Sends the caller's credit on charge `chargeId` to `to`.
    function withdraw(uint256 chargeId, address to) external;

    /// @notice A charge by id; reverts for an unknown id.
    function charge(uint256 chargeId) external view returns (Charge memory);

    /// @notice What charge `chargeId` owes `account`, to withdraw.
    function owed(uint256 chargeId, address account) external view returns (uint256);

    /// @notice Deposits held plus credits not withdrawn, in `token`: the contract's balance of it.
    function liabilities(IERC20 token) external view returns (uint256);
}
