// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICoreCharges} from "../interfaces/ICoreCharges.sol";
import {ICoreRegistry} from "../interfaces/ICoreRegistry.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";

/**
 * @title CoreCharges
 * @notice Core deposits locked on chain, refunded by grade against a returned core. See
 * {ICoreCharges} and `docs/circular.md`.
 * @dev Every token movement is `SafeERC20`, after the state it depends on is written, under
 * `nonReentrant`. Payouts are credits withdrawn per charge: a seller or buyer that cannot receive
 * a token (a blocklist) never stops the other side.
 */
contract CoreCharges is ICoreCharges, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice A refund share of 100%, in basis points: the most a schedule's share can be.
    uint256 public constant MAX_BPS = 10_000;
    /// @dev State bitmaps (bit `1 << state`) of {CoreChargesInvalidState}.
    uint8 private constant _REQUIRED = uint8(1 << uint8(ChargeState.Required));
    uint8 private constant _HELD = uint8(1 << uint8(ChargeState.Held));

    IParticipantRegistry public immutable participants;
    ICoreRegistry public immutable cores;

    mapping(uint256 chargeId => Charge) private _charges;
    mapping(uint256 chargeId => mapping(address account => uint256)) private _owed;
    mapping(IERC20 token => uint256) private _liabilities;
    uint256 private _chargeCount;

    constructor(IParticipantRegistry participants_, ICoreRegistry cores_) {
        if (address(participants_) == address(0) || address(cores_) == address(0)) {
            revert CoreChargesMissingInput();
        }
        participants = participants_;
        cores = cores_;
    }

    /// @inheritdoc ICoreCharges
    function requireCharge(
        address buyer,
        uint256 unitPartId,
        IERC20 token,
        uint96 amount,
        uint40 returnBy,
        uint16[5] calldata refundBps
    ) external returns (uint256 chargeId) {
        if (buyer == address(0) || address(token) == address(0) || amount == 0) {
            revert CoreChargesMissingInput();
        }
        if (buyer == msg.sender) revert CoreChargesSelfCharge(msg.sender);
        _requireAccredited(msg.sender);
        if (returnBy <= block.timestamp) revert CoreChargesDeadlineNotFuture(returnBy);
        for (uint256 i; i < refundBps.length; ++i) {
            if (refundBps[i] > MAX_BPS) revert CoreChargesInvalidSchedule(refundBps[i]);
        }
        bytes32 specHash = cores.parts().part(unitPartId).specHash;

        chargeId = ++_chargeCount;
        _charges[chargeId] = Charge({
            seller: msg.sender,
            buyer: buyer,
            token: token,
            amount: amount,
            specHash: specHash,
            unitPartId: unitPartId,
            returnBy: returnBy,
            state: ChargeState.Required,
            refundBps: refundBps,
            coreId: 0
        });
        emit CoreChargeRequired(
            chargeId,
            msg.sender,
            buyer,
            unitPartId,
            specHash,
            token,
            amount,
            returnBy,
            refundBps
        );
    }

    /// @inheritdoc ICoreCharges
    function cancelCharge(uint256 chargeId) external {
        Charge storage c = _existing(chargeId);
        if (msg.sender != c.seller) revert CoreChargesNotParty(chargeId, msg.sender);
        if (c.state != ChargeState.Required) {
            revert CoreChargesInvalidState(chargeId, c.state, _REQUIRED);
        }
        c.state = ChargeState.Cancelled;
        emit CoreChargeCancelled(chargeId);
    }

    /// @inheritdoc ICoreCharges
    function payCharge(uint256 chargeId) external nonReentrant {
        Charge storage c = _existing(chargeId);
        if (msg.sender != c.buyer) revert CoreChargesNotParty(chargeId, msg.sender);
        if (c.state != ChargeState.Required) {
            revert CoreChargesInvalidState(chargeId, c.state, _REQUIRED);
        }
        if (block.timestamp > c.returnBy) revert CoreChargesDeadlinePassed(chargeId, c.returnBy);

        IERC20 token = c.token;
        uint96 amount = c.amount;
        c.state = ChargeState.Held;
        _liabilities[token] += amount;
        emit CoreChargePaid(chargeId, msg.sender, amount);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert CoreChargesShortPayment(amount, received);
    }

    /// @inheritdoc ICoreCharges
    function settleCharge(uint256 chargeId, uint256 coreId) external nonReentrant {
        Charge storage c = _existing(chargeId);
        if (msg.sender != c.buyer) revert CoreChargesNotParty(chargeId, msg.sender);
        if (c.state != ChargeState.Held) revert CoreChargesInvalidState(chargeId, c.state, _HELD);
        if (block.timestamp > c.returnBy) revert CoreChargesDeadlinePassed(chargeId, c.returnBy);
        ICoreRegistry.CoreView memory v = cores.core(coreId);
        if (v.holder != msg.sender) revert CoreChargesNotCoreHolder(coreId, msg.sender);
        if (v.specHash != c.specHash) {
            revert CoreChargesSpecMismatch(coreId, c.specHash, v.specHash);
        }
        if (v.gradeCount == 0) revert CoreChargesNotGraded(coreId);
        // The refund follows the grade: neither party may have given it.
        if (v.grader == c.seller || v.grader == msg.sender) {
            revert CoreChargesConflictedGrader(coreId, v.grader);
        }

        uint96 amount = c.amount;
        // A core of recalled material is refunded as scrap, whatever grade it had before.
        uint8 grade = v.recalled ? uint8(c.refundBps.length) : v.grade;
        // Safe: refundBps <= 10,000, so refund <= amount.
        uint96 refund = uint96((uint256(amount) * c.refundBps[grade - 1]) / MAX_BPS);
        uint96 kept = amount - refund;
        address seller = c.seller;
        c.state = ChargeState.Settled;
        c.coreId = coreId;
        _owed[chargeId][msg.sender] += refund;
        _owed[chargeId][seller] += kept;
        emit CoreChargeSettled(chargeId, coreId, grade, refund, kept);
        IERC721(address(cores)).transferFrom(msg.sender, seller, coreId);
    }

    /// @inheritdoc ICoreCharges
    function forfeitCharge(uint256 chargeId) external {
        Charge storage c = _existing(chargeId);
        if (c.state != ChargeState.Held) revert CoreChargesInvalidState(chargeId, c.state, _HELD);
        if (block.timestamp <= c.returnBy) revert CoreChargesNotYetDue(chargeId, c.returnBy);
        c.state = ChargeState.Forfeited;
        _owed[chargeId][c.seller] += c.amount;
        emit CoreChargeForfeited(chargeId, c.amount);
    }

    /// @inheritdoc ICoreCharges
    function withdraw(uint256 chargeId, address to) external nonReentrant {
        Charge storage c = _existing(chargeId);
        if (to == address(0)) revert CoreChargesMissingInput();
        uint256 amount = _owed[chargeId][msg.sender];
        if (amount == 0) revert CoreChargesNothingOwed(chargeId, msg.sender);
        IERC20 token = c.token;
        _owed[chargeId][msg.sender] = 0;
        _liabilities[token] -= amount;
        emit Withdrawn(chargeId, msg.sender, to, token, amount);
        token.safeTransfer(to, amount);
    }

    /// @inheritdoc ICoreCharges
    function charge(uint256 chargeId) external view returns (Charge memory) {
        return _existing(chargeId);
    }

    /// @inheritdoc ICoreCharges
    function owed(uint256 chargeId, address account) external view returns (uint256) {
        return _owed[chargeId][account];
    }

    /// @inheritdoc ICoreCharges
    function liabilities(IERC20 token) external view returns (uint256) {
        return _liabilities[token];
    }

    function _existing(uint256 chargeId) private view returns (Charge storage c) {
        c = _charges[chargeId];
        if (c.state == ChargeState.None) revert CoreChargesUnknownCharge(chargeId);
    }

    function _requireAccredited(address account) private view {
        if (
            participants.accreditationState(account) !=
            IParticipantRegistry.AccreditationState.Active
        ) revert CoreChargesNotAccredited(account);
    }
}
