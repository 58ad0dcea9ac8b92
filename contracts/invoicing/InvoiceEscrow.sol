// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IInvoiceEscrow} from "../interfaces/IInvoiceEscrow.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {MilestoneStateLib} from "../libraries/MilestoneStateLib.sol";

/**
 * @title InvoiceEscrow
 * @notice Escrowed invoices with milestones, delivery-versus-payment, disputes, refunds and a
 * financeable receivable. See {IInvoiceEscrow} and `docs/invoicing.md`.
 * @dev Every state change happens before any token moves (checks-effects-interactions), every
 * entry point that moves tokens or parts is `nonReentrant`, and tokens move through
 * `SafeERC20`. For every token, `liabilities(token)` (what is held for invoices plus what is
 * credited to accounts) equals the escrow's balance; the invariant test checks it.
 * Governance (a multisig or timelock) holds `DEFAULT_ADMIN_ROLE` from the constructor on and
 * grants `ORIGINATOR_ROLE`. The deployer is never admin: its one power is {completeSetup}, once.
 * Handing the admin role over (or renouncing it) takes two steps and a delay of 1 to 30 days
 * ({AccessControlDefaultAdminRules}).
 */
contract InvoiceEscrow is IInvoiceEscrow, ERC721, AccessControlDefaultAdminRules, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc IInvoiceEscrow
    bytes32 public constant ORIGINATOR_ROLE = keccak256("ORIGINATOR_ROLE");
    /// @notice At most this many milestones per invoice.
    uint256 public constant MAX_MILESTONES = 8;
    /// @notice At most this many parts per delivery.
    uint256 public constant MAX_DELIVERY = 100;
    /// @notice The largest invoice total (and milestone amount): what a uint128 holds.
    uint256 public constant MAX_TOTAL = type(uint128).max;
    /// @notice The shortest ruling period: nothing depends on the clock finer than minutes.
    uint256 public constant MIN_RULING_PERIOD = 1 hours;

    uint8 private constant _ANY_ROLE = type(uint8).max;
    /// @dev The bounds of the admin hand-over delay.
    uint48 private constant _MIN_ADMIN_DELAY = 1 days;
    uint48 private constant _MAX_ADMIN_DELAY = 30 days;
    /// @dev A lateness penalty is charged per started day.
    uint256 private constant _PENALTY_DAY = 1 days;
    /// @dev State bitmaps (bit `1 << state`) of the errors that name the allowed states.
    uint8 private constant _PROPOSED = uint8(1 << uint8(InvoiceState.Proposed));
    uint8 private constant _FUNDED = uint8(1 << uint8(InvoiceState.Funded));
    uint8 private constant _PENDING = uint8(1 << uint8(MilestoneState.Pending));
    uint8 private constant _DELIVERED = uint8(1 << uint8(MilestoneState.Delivered));
    uint8 private constant _DISPUTED = uint8(1 << uint8(MilestoneState.Disputed));

    IParticipantRegistry public immutable participants;
    IPartRegistry public immutable parts;

    mapping(uint256 invoiceId => Invoice) private _invoices;
    mapping(uint256 invoiceId => mapping(uint256 index => Milestone)) private _milestones;
    /// @dev Credits (payments the token refused to send), per invoice: the token is the invoice's.
    mapping(uint256 invoiceId => mapping(address account => uint256)) private _owed;
    mapping(address token => uint256) private _liabilities;
    uint256 private _invoiceCount;
    /// @dev The account that deployed the escrow: it may call {completeSetup}, once.
    address private immutable _deployer;
    /// @dev The account {completeSetup} wired; zero while setup is open.
    address private _setupAccount;

    /// @param governance the holder of `DEFAULT_ADMIN_ROLE` (a multisig or timelock); neither
    /// the zero address nor the deployer
    /// @param adminDelay how long a hand-over of the admin role waits between its two steps,
    /// 1 to 30 days
    constructor(
        IParticipantRegistry participants_,
        IPartRegistry parts_,
        address governance,
        uint48 adminDelay
    )
        ERC721("Supply Chain Receivable", "RCV")
        AccessControlDefaultAdminRules(_checkAdminDelay(adminDelay), _checkGovernance(governance))
    {
        if (address(participants_) == address(0) || address(parts_) == address(0)) {
            revert InvoiceEscrowZeroAddress();
        }
        participants = participants_;
        parts = parts_;
        _deployer = msg.sender;
    }

    // ------------------------------------------------------------------------------------------
    // Setup
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IInvoiceEscrow
    function completeSetup(address account) external {
        if (msg.sender != _deployer) revert InvoiceEscrowNotDeployer(msg.sender);
        if (_setupAccount != address(0)) revert InvoiceEscrowSetupClosed();
        if (account == address(0) || account == _deployer || account.code.length == 0) {
            revert InvoiceEscrowInvalidSetupAccount(account);
        }
        _setupAccount = account;
        _grantRole(ORIGINATOR_ROLE, account);
        emit SetupCompleted(account);
    }

    /// @inheritdoc IInvoiceEscrow
    function setupAccount() external view returns (address) {
        return _setupAccount;
    }

    // ------------------------------------------------------------------------------------------
    // Invoices
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IInvoiceEscrow
    function proposeInvoice(
        InvoiceTerms calldata terms,
        MilestoneTerms[] calldata milestones
    ) external returns (uint256 invoiceId) {
        _requireActive(msg.sender, _ANY_ROLE);
        invoiceId = _create(msg.sender, terms, milestones);
    }

    /// @inheritdoc IInvoiceEscrow
    function openFundedInvoice(
        address supplier,
        InvoiceTerms calldata terms,
        MilestoneTerms[] calldata milestones
    ) external onlyRole(ORIGINATOR_ROLE) nonReentrant returns (uint256 invoiceId) {
        _requireActive(supplier, _ANY_ROLE);
        invoiceId = _create(supplier, terms, milestones);
        _fund(invoiceId, _invoices[invoiceId]);
    }

    /// @inheritdoc IInvoiceEscrow
    function fund(uint256 invoiceId) external nonReentrant {
        Invoice storage inv = _proposedBy(invoiceId, true);
        _fund(invoiceId, inv);
    }

    /// @inheritdoc IInvoiceEscrow
    function fundWithPermit(
        uint256 invoiceId,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        Invoice storage inv = _proposedBy(invoiceId, true);
        // A permit front-run by someone else has already set the allowance: carry on.
        try
            IERC20Permit(inv.token).permit(msg.sender, address(this), inv.total, deadline, v, r, s)
        {} catch {}
        _fund(invoiceId, inv);
    }

    /// @inheritdoc IInvoiceEscrow
    function cancel(uint256 invoiceId) external nonReentrant {
        Invoice storage inv = _proposedBy(invoiceId, false);
        inv.state = InvoiceState.Cancelled;
        emit InvoiceCancelled(invoiceId, msg.sender);
    }

    // ------------------------------------------------------------------------------------------
    // Milestones
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IInvoiceEscrow
    function approveMilestone(uint256 invoiceId, uint256 index) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        _requireCaller(invoiceId, inv.payer);
        if (m.kind != MilestoneKind.Approval) {
            revert InvoiceEscrowWrongMilestoneKind(invoiceId, index, m.kind);
        }
        _move(invoiceId, index, m, _PENDING, MilestoneState.Released);
        _settle(invoiceId, index, inv, m, m.amount);
    }

    /// @inheritdoc IInvoiceEscrow
    function deliver(
        uint256 invoiceId,
        uint256 index,
        uint256[] calldata partIds
    ) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        _requireCaller(invoiceId, inv.supplier);
        if (m.kind != MilestoneKind.Delivery) {
            revert InvoiceEscrowWrongMilestoneKind(invoiceId, index, m.kind);
        }
        _move(invoiceId, index, m, _PENDING, MilestoneState.Delivered);
        uint256 lastDay = uint256(inv.dueDate) + inv.gracePeriod;
        if (block.timestamp >= lastDay)
            revert InvoiceEscrowDeadline(lastDay, block.timestamp, false);
        if (partIds.length != m.quantity) {
            revert InvoiceEscrowWrongQuantity(partIds.length, m.quantity);
        }

        uint128 penalty = _penalty(inv, m.amount);
        m.penalty = penalty;
        uint48 deadline =
            inv.acceptanceWindow == 0 ? 0 : uint48(block.timestamp + inv.acceptanceWindow);
        m.deadline = deadline;
        emit Delivered(invoiceId, index, partIds, penalty, deadline);

        for (uint256 i; i < partIds.length; ++i) {
            uint256 partId = partIds[i];
            IPartRegistry.PartView memory p = parts.part(partId);
            if (p.owner != msg.sender || p.specHash != m.specHash || !parts.isConforming(partId)) {
                revert InvoiceEscrowPartNotAcceptable(partId);
            }
            IERC721(address(parts)).transferFrom(msg.sender, inv.payer, partId);
        }
        if (deadline == 0) {
            _move(invoiceId, index, m, _DELIVERED, MilestoneState.Released);
            _settle(invoiceId, index, inv, m, m.amount - penalty);
        }
    }

    /// @inheritdoc IInvoiceEscrow
    function acceptDelivery(uint256 invoiceId, uint256 index) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        _requireCaller(invoiceId, inv.payer);
        _move(invoiceId, index, m, _DELIVERED, MilestoneState.Released);
        _settle(invoiceId, index, inv, m, m.amount - m.penalty);
    }

    /// @inheritdoc IInvoiceEscrow
    function rejectDelivery(
        uint256 invoiceId,
        uint256 index,
        bytes32 reasonHash
    ) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        _requireCaller(invoiceId, inv.payer);
        _move(invoiceId, index, m, _DELIVERED, MilestoneState.Disputed);
        if (block.timestamp >= m.deadline) {
            revert InvoiceEscrowDeadline(m.deadline, block.timestamp, false);
        }
        _openDispute(invoiceId, index, inv, m, MilestoneState.Delivered, reasonHash);
    }

    /// @inheritdoc IInvoiceEscrow
    function claim(uint256 invoiceId, uint256 index) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        _move(invoiceId, index, m, _DELIVERED, MilestoneState.Released);
        if (block.timestamp < m.deadline) {
            revert InvoiceEscrowDeadline(m.deadline, block.timestamp, true);
        }
        _settle(invoiceId, index, inv, m, m.amount - m.penalty);
    }

    /// @inheritdoc IInvoiceEscrow
    function dispute(uint256 invoiceId, uint256 index, bytes32 reasonHash) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        // Each party disputes only what the other stalls on, and only while the money can still
        // move otherwise: the payer a delivery within its acceptance window (the supplier cannot
        // cut that window short), the supplier a pending milestone before the payer may reclaim
        // it (the payer's remedy for non-delivery is {reclaim}, never a dispute that locks the
        // supplier out of delivering).
        MilestoneState from = _move(
            invoiceId,
            index,
            m,
            _PENDING | _DELIVERED,
            MilestoneState.Disputed
        );
        (address party, uint256 until) = from == MilestoneState.Delivered
            ? (inv.payer, uint256(m.deadline))
            : (inv.supplier, uint256(inv.dueDate) + inv.gracePeriod);
        _requireCaller(invoiceId, party);
        if (block.timestamp >= until) revert InvoiceEscrowDeadline(until, block.timestamp, false);
        _openDispute(invoiceId, index, inv, m, from, reasonHash);
    }

    /// @inheritdoc IInvoiceEscrow
    function rule(uint256 invoiceId, uint256 index, uint128 toPayee) external nonReentrant {
        (Invoice storage inv, Milestone storage m) = _funded(invoiceId, index);
        if (inv.arbiter == address(0) || msg.sender != inv.arbiter) {
            revert InvoiceEscrowUnauthorized(invoiceId, msg.sender);
        }
        _requireActive(msg.sender, uint8(IParticipantRegistry.Role.Arbiter));
        _move(invoiceId, index, m, _DISPUTED, MilestoneState.Resolved);
        if (block.timestamp >= m.deadline) {
            revert InvoiceEscrowDeadline(m.deadline, block.timestamp, false);
        }
        uint128 atStake = m.amount - m.penalty;
        if (toPayee > atStake) revert InvoiceEscrowRulingTooLarge(toPayee, atStake);
        emit Ruled(invoiceId, index, msg.sender, toPayee);
        _settle(invoiceId, index, inv, m, toPayee);
    }

    /// @inheritdoc IInvoiceEscrow
    function lapseDispute(uint256 invoiceId, uint256 index) external nonReentrant {
        (, Milestone storage m) = _funded(invoiceId, index);
        MilestoneState restored = m.disputedFrom;
        _move(invoiceId, index, m, _DISPUTED, restored);
        if (block.timestamp < m.deadline) {
            revert InvoiceEscrowDeadline(m.deadline, block.timestamp, true);
        }
        // A delivery goes back with its acceptance window over: it can be claimed at once, and
        // neither disputed nor rejected again (both need to be before the deadline).
        m.deadline = restored == MilestoneState.Delivered ? uint48(block.timestamp) : 0;
        emit DisputeLapsed(invoiceId, index, restored);
    }

    /// @inheritdoc IInvoiceEscrow
    function reclaim(uint256 invoiceId) external nonReentrant {
        Invoice storage inv = _existing(invoiceId);
        if (inv.state != InvoiceState.Funded) {
            revert InvoiceEscrowWrongInvoiceState(invoiceId, inv.state, _FUNDED);
        }
        uint256 lastDay = uint256(inv.dueDate) + inv.gracePeriod;
        if (block.timestamp < lastDay) revert InvoiceEscrowDeadline(lastDay, block.timestamp, true);

        uint128 refund;
        uint256 count = inv.milestoneCount;
        for (uint256 i; i < count; ++i) {
            Milestone storage m = _milestones[invoiceId][i];
            if (m.state != MilestoneState.Pending) continue;
            _move(invoiceId, i, m, _PENDING, MilestoneState.Refunded);
            refund += m.amount;
            --inv.openMilestones;
            emit MilestoneRefunded(invoiceId, i, m.amount);
        }
        if (refund == 0) revert InvoiceEscrowNothingToReclaim(invoiceId);
        inv.refunded += refund;
        _closeIfDone(invoiceId, inv);
        _pay(invoiceId, inv.token, inv.payer, refund);
    }

    /// @inheritdoc IInvoiceEscrow
    function withdraw(uint256 invoiceId, address to) external nonReentrant {
        address token = _existing(invoiceId).token;
        uint256 amount = _owed[invoiceId][msg.sender];
        if (amount == 0) revert InvoiceEscrowNothingToWithdraw(invoiceId, msg.sender);
        if (to == address(0)) revert InvoiceEscrowZeroRecipient();
        _owed[invoiceId][msg.sender] = 0;
        _liabilities[token] -= amount;
        emit Withdrawn(invoiceId, token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IInvoiceEscrow
    function invoice(uint256 invoiceId) external view returns (Invoice memory) {
        return _existing(invoiceId);
    }

    /// @inheritdoc IInvoiceEscrow
    function milestone(uint256 invoiceId, uint256 index) external view returns (Milestone memory) {
        Invoice storage inv = _existing(invoiceId);
        if (index >= inv.milestoneCount) {
            revert InvoiceEscrowUnknownMilestone(invoiceId, index, inv.milestoneCount);
        }
        return _milestones[invoiceId][index];
    }

    /// @inheritdoc IInvoiceEscrow
    function owed(uint256 invoiceId, address account) external view returns (uint256) {
        return _owed[invoiceId][account];
    }

    /// @inheritdoc IInvoiceEscrow
    function liabilities(address token) external view returns (uint256) {
        return _liabilities[token];
    }

    /// @dev The receivable cannot be sent to the escrow itself (payments to it would be lost),
    /// nor to the invoice's arbiter (which would then be paid by its own rulings).
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override returns (address) {
        if (to == address(this)) revert ERC721InvalidReceiver(to);
        address arbiter = _invoices[tokenId].arbiter;
        if (to == arbiter && arbiter != address(0)) {
            revert InvoiceEscrowReceivableToArbiter(tokenId, arbiter);
        }
        return super._update(to, tokenId, auth);
    }

    /// @inheritdoc ERC721
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721, AccessControlDefaultAdminRules) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    /// @dev Keeps a changed admin delay within the bounds the constructor enforces.
    function _changeDefaultAdminDelay(uint48 newDelay) internal override {
        _checkAdminDelay(newDelay);
        super._changeDefaultAdminDelay(newDelay);
    }

    /// @dev Refuses a first admin that is the zero address or the deployer.
    function _checkGovernance(address governance) private view returns (address) {
        if (governance == address(0) || governance == msg.sender) {
            revert InvoiceEscrowInvalidGovernance(governance);
        }
        return governance;
    }

    /// @dev Refuses an admin delay outside `[_MIN_ADMIN_DELAY, _MAX_ADMIN_DELAY]`.
    function _checkAdminDelay(uint48 delay) private pure returns (uint48) {
        if (delay < _MIN_ADMIN_DELAY || delay > _MAX_ADMIN_DELAY) {
            revert InvoiceEscrowInvalidAdminDelay(delay, _MIN_ADMIN_DELAY, _MAX_ADMIN_DELAY);
        }
        return delay;
    }

    /// @dev Checks the terms and records a proposed invoice from `supplier`.
    function _create(
        address supplier,
        InvoiceTerms calldata terms,
        MilestoneTerms[] calldata milestones
    ) private returns (uint256 invoiceId) {
        _checkTerms(supplier, terms, milestones.length);
        invoiceId = ++_invoiceCount;
        uint256 total;
        for (uint256 i; i < milestones.length; ++i) {
            MilestoneTerms calldata t = milestones[i];
            _checkMilestone(i, t);
            total += t.amount;
            Milestone storage m = _milestones[invoiceId][i];
            m.amount = t.amount;
            m.kind = t.kind;
            m.state = MilestoneState.Pending;
            m.quantity = t.quantity;
            m.specHash = t.specHash;
            emit MilestoneProposed(invoiceId, i, t.amount, t.kind, t.quantity, t.specHash);
        }
        if (total > MAX_TOTAL) revert InvoiceEscrowTotalTooLarge(total, MAX_TOTAL);

        Invoice storage inv = _invoices[invoiceId];
        inv.payer = terms.payer;
        inv.dueDate = terms.dueDate;
        inv.state = InvoiceState.Proposed;
        // Safe: milestones.length <= MAX_MILESTONES, checked in _checkTerms; total checked above.
        inv.milestoneCount = uint8(milestones.length);
        inv.openMilestones = uint8(milestones.length);
        inv.acceptanceWindow = terms.acceptanceWindow;
        inv.supplier = supplier;
        inv.gracePeriod = terms.gracePeriod;
        inv.rulingPeriod = terms.rulingPeriod;
        inv.token = terms.token;
        inv.penaltyPerDay = terms.penaltyPerDay;
        inv.arbiter = terms.arbiter;
        inv.penaltyCap = terms.penaltyCap;
        inv.total = uint128(total);
        emit InvoiceProposed(invoiceId, supplier, terms.payer, terms, total, milestones.length);
    }

    function _checkTerms(address supplier, InvoiceTerms calldata t, uint256 count) private view {
        if (supplier == address(0) || t.payer == address(0) || t.token == address(0)) {
            revert InvoiceEscrowZeroParty(supplier, t.payer, t.token);
        }
        if (supplier == t.payer) revert InvoiceEscrowPayerIsSupplier(supplier);
        if (t.token.code.length == 0) revert InvoiceEscrowTokenNotContract(t.token);
        if (t.dueDate <= block.timestamp) {
            revert InvoiceEscrowDueDateNotFuture(t.dueDate, block.timestamp);
        }
        if (count == 0 || count > MAX_MILESTONES) {
            revert InvoiceEscrowMilestoneCount(count, MAX_MILESTONES);
        }
        if (t.rulingPeriod < MIN_RULING_PERIOD) {
            revert InvoiceEscrowRulingPeriodTooShort(t.rulingPeriod, MIN_RULING_PERIOD);
        }
        if (t.penaltyPerDay != 0 && t.penaltyCap == 0) {
            revert InvoiceEscrowPenaltyWithoutCap(t.penaltyPerDay);
        }
        if (t.arbiter == supplier || t.arbiter == t.payer) {
            revert InvoiceEscrowArbiterIsParty(t.arbiter);
        }
        _requireActive(t.payer, uint8(IParticipantRegistry.Role.Customer));
        if (t.arbiter != address(0)) {
            _requireActive(t.arbiter, uint8(IParticipantRegistry.Role.Arbiter));
        }
    }

    function _checkMilestone(uint256 index, MilestoneTerms calldata t) private pure {
        if (t.amount == 0) revert InvoiceEscrowZeroMilestoneAmount(index);
        if (t.kind == MilestoneKind.Delivery) {
            if (t.quantity == 0 || t.quantity > MAX_DELIVERY || t.specHash == bytes32(0)) {
                revert InvoiceEscrowInvalidDeliveryMilestone(
                    index,
                    t.quantity,
                    MAX_DELIVERY,
                    t.specHash
                );
            }
        } else if (t.quantity != 0 || t.specHash != bytes32(0)) {
            revert InvoiceEscrowInvalidApprovalMilestone(index, t.quantity, t.specHash);
        }
    }

    /// @dev Pulls the total from the caller, refusing a token that delivers less.
    function _fund(uint256 invoiceId, Invoice storage inv) private {
        inv.state = InvoiceState.Funded;
        inv.fundedAt = uint48(block.timestamp);
        uint256 total = inv.total;
        _liabilities[inv.token] += total;
        _mint(inv.supplier, invoiceId);
        emit InvoiceFunded(invoiceId, msg.sender, total);

        IERC20 token = IERC20(inv.token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != total) revert InvoiceEscrowFundingShortfall(total, received);
    }

    function _openDispute(
        uint256 invoiceId,
        uint256 index,
        Invoice storage inv,
        Milestone storage m,
        MilestoneState from,
        bytes32 reasonHash
    ) private {
        m.disputedFrom = from;
        m.deadline = uint48(block.timestamp + inv.rulingPeriod);
        emit Disputed(invoiceId, index, msg.sender, reasonHash);
    }

    /// @dev Settles milestone `index`, already moved to its final state: `toPayee` to the
    /// receivable holder, the rest to the payer.
    function _settle(
        uint256 invoiceId,
        uint256 index,
        Invoice storage inv,
        Milestone storage m,
        uint128 toPayee
    ) private {
        uint128 toPayer = m.amount - toPayee;
        --inv.openMilestones;
        inv.released += toPayee;
        inv.refunded += toPayer;
        address payee = _ownerOf(invoiceId);
        emit MilestoneReleased(invoiceId, index, payee, toPayee, toPayer);
        _closeIfDone(invoiceId, inv);
        _pay(invoiceId, inv.token, payee, toPayee);
        _pay(invoiceId, inv.token, inv.payer, toPayer);
    }

    function _closeIfDone(uint256 invoiceId, Invoice storage inv) private {
        if (inv.openMilestones != 0) return;
        inv.state = InvoiceState.Settled;
        emit InvoiceSettled(invoiceId, inv.released, inv.refunded);
    }

    /// @dev Sends `amount` of invoice `invoiceId` to `to`, or credits it when the token refuses
    /// (a blocklisted or reverting receiver), so that nobody can block another party's money.
    function _pay(uint256 invoiceId, address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (IERC20(token).trySafeTransfer(to, amount)) {
            _liabilities[token] -= amount;
        } else {
            _owed[invoiceId][to] += amount;
            emit PaymentDeferred(invoiceId, token, to, amount);
        }
    }

    /// @dev The lateness penalty of a delivery now: per started day after the due date, capped;
    /// none when the payer itself funded at or after the due date (it charges no lateness).
    function _penalty(Invoice storage inv, uint128 amount) private view returns (uint128) {
        if (block.timestamp <= inv.dueDate || inv.penaltyPerDay == 0 || inv.fundedAt >= inv.dueDate)
            return 0;
        uint256 daysLate = (block.timestamp - inv.dueDate + _PENALTY_DAY - 1) / _PENALTY_DAY;
        uint256 penalty = daysLate * inv.penaltyPerDay;
        if (penalty > inv.penaltyCap) penalty = inv.penaltyCap;
        if (penalty > amount) penalty = amount;
        // Safe: penalty <= amount, a uint128.
        return uint128(penalty);
    }

    function _existing(uint256 invoiceId) private view returns (Invoice storage inv) {
        inv = _invoices[invoiceId];
        if (inv.state == InvoiceState.None) revert InvoiceEscrowUnknownInvoice(invoiceId);
    }

    /// @dev A proposed invoice; the caller must be its payer (`payerOnly`) or either party.
    function _proposedBy(
        uint256 invoiceId,
        bool payerOnly
    ) private view returns (Invoice storage inv) {
        inv = _existing(invoiceId);
        if (inv.state != InvoiceState.Proposed) {
            revert InvoiceEscrowWrongInvoiceState(invoiceId, inv.state, _PROPOSED);
        }
        bool allowed = msg.sender == inv.payer || (!payerOnly && msg.sender == inv.supplier);
        if (!allowed) revert InvoiceEscrowUnauthorized(invoiceId, msg.sender);
    }

    /// @dev A funded invoice and one of its milestones.
    function _funded(
        uint256 invoiceId,
        uint256 index
    ) private view returns (Invoice storage inv, Milestone storage m) {
        inv = _existing(invoiceId);
        if (inv.state != InvoiceState.Funded) {
            revert InvoiceEscrowWrongInvoiceState(invoiceId, inv.state, _FUNDED);
        }
        if (index >= inv.milestoneCount) {
            revert InvoiceEscrowUnknownMilestone(invoiceId, index, inv.milestoneCount);
        }
        m = _milestones[invoiceId][index];
    }

    /**
     * @dev Moves milestone `index` to `to`, from one of the states in `allowedStates` (the
     * action's), and only along {MilestoneStateLib}'s table. Returns the state it left.
     */
    function _move(
        uint256 invoiceId,
        uint256 index,
        Milestone storage m,
        uint8 allowedStates,
        MilestoneState to
    ) private returns (MilestoneState from) {
        from = m.state;
        if (
            MilestoneStateLib.bit(from) & allowedStates == 0 || !MilestoneStateLib.canMove(from, to)
        ) revert InvoiceEscrowWrongMilestoneState(invoiceId, index, from, allowedStates);
        m.state = to;
    }

    function _requireCaller(uint256 invoiceId, address expected) private view {
        if (msg.sender != expected) revert InvoiceEscrowUnauthorized(invoiceId, msg.sender);
    }

    function _requireActive(address account, uint8 role) private view {
        bool active =
            role == _ANY_ROLE
                ? participants.accreditationState(account) ==
                    IParticipantRegistry.AccreditationState.Active
                : participants.isActive(account, IParticipantRegistry.Role(role));
        if (!active) revert InvoiceEscrowNotAccredited(account, role);
    }
}
