// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IInvoiceEscrow} from "../interfaces/IInvoiceEscrow.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {MilestoneStateLib} from "../libraries/MilestoneStateLib.sol";

/**
 * @title InvoiceEscrow
 * @notice Escrowed invoices with milestones, delivery-versus-payment, disputes, refunds and a
 * financeable receivable. See {IInvoiceEscrow} and `docs/invoicing.md`.
 * @dev An invoice is stored as the hash of what was agreed plus one slot of state
 * ({InvoiceRecord}); a held delivery or an open dispute adds one slot for that milestone. The
 * agreement travels in calldata and is checked against the hash on every call. Every state
 * change happens before any token moves (checks-effects-interactions), every entry point that
 * moves tokens or parts is `nonReentrant` (a transient-storage guard), and tokens move through
 * `SafeERC20`. For every token, what is held for invoices plus what is credited to accounts
 * equals the escrow's balance; the invariant test checks it.
 * Governance (a multisig or timelock) holds `DEFAULT_ADMIN_ROLE` from the constructor on and
 * grants `ORIGINATOR_ROLE`. The deployer is never admin: its one power is {completeSetup}, once.
 * Handing the admin role over (or renouncing it) takes two steps and a delay of 1 to 30 days
 * ({AccessControlDefaultAdminRules}).
 */
contract InvoiceEscrow is
    IInvoiceEscrow,
    ERC721,
    AccessControlDefaultAdminRules,
    ReentrancyGuardTransient
{
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
    /// @dev Four bits per milestone in {InvoiceRecord-milestoneStates}.
    uint256 private constant _STATE_BITS = 4;
    uint256 private constant _STATE_MASK = 0xF;

    /// @dev What a held delivery or an open dispute needs beyond the milestone's state: one slot.
    struct Hold {
        uint128 penalty;
        uint48 deadline;
        MilestoneState disputedFrom;
    }

    IParticipantRegistry public immutable participants;
    IPartRegistry public immutable parts;

    mapping(uint256 invoiceId => InvoiceRecord) private _records;
    mapping(uint256 invoiceId => mapping(uint256 index => Hold)) private _holds;
    /// @dev Credits (payments the token refused to send), per invoice: the token is the invoice's.
    mapping(uint256 invoiceId => mapping(address account => uint256)) private _owed;
    /// @dev The arbiter of an invoice whose receivable was assigned (when it has one): the
    /// receivable may never reach it.
    mapping(uint256 invoiceId => address) private _receivableArbiters;
    /// @dev The next invoice's id. Starts at one in the constructor, so that the first invoice
    /// does not pay for a fresh slot.
    uint256 private _nextInvoiceId = 1;
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
    function proposeInvoice(Invoice calldata invoice) external returns (uint256 invoiceId) {
        if (invoice.supplier != msg.sender) {
            revert InvoiceEscrowSupplierNotCaller(invoice.supplier, msg.sender);
        }
        _requireActive(msg.sender, _ANY_ROLE);
        (invoiceId, ) = _create(invoice);
    }

    /// @inheritdoc IInvoiceEscrow
    function openFundedInvoice(
        Invoice calldata invoice
    ) external onlyRole(ORIGINATOR_ROLE) nonReentrant returns (uint256 invoiceId) {
        _requireActive(invoice.supplier, _ANY_ROLE);
        uint256 total;
        (invoiceId, total) = _create(invoice);
        _fund(invoiceId, invoice, _records[invoiceId], total);
    }

    /// @inheritdoc IInvoiceEscrow
    function fund(uint256 invoiceId, Invoice calldata invoice) external nonReentrant {
        InvoiceRecord storage rec = _proposedBy(invoiceId, invoice, true);
        _fund(invoiceId, invoice, rec, _total(invoice.milestones));
    }

    /// @inheritdoc IInvoiceEscrow
    function fundWithPermit(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        InvoiceRecord storage rec = _proposedBy(invoiceId, invoice, true);
        uint256 total = _total(invoice.milestones);
        // A permit front-run by someone else has already set the allowance: carry on.
        try
            IERC20Permit(invoice.terms.token).permit(
                msg.sender,
                address(this),
                total,
                deadline,
                v,
                r,
                s
            )
        {} catch {}
        _fund(invoiceId, invoice, rec, total);
    }

    /// @inheritdoc IInvoiceEscrow
    function cancel(uint256 invoiceId, Invoice calldata invoice) external nonReentrant {
        InvoiceRecord storage rec = _proposedBy(invoiceId, invoice, false);
        rec.state = InvoiceState.Cancelled;
        emit InvoiceCancelled(invoiceId, msg.sender);
    }

    /// @inheritdoc IInvoiceEscrow
    function assignReceivable(
        uint256 invoiceId,
        Invoice calldata invoice,
        address holder
    ) external nonReentrant {
        InvoiceRecord storage rec = _fundedRecord(invoiceId, invoice);
        _requireCaller(invoiceId, invoice.supplier);
        if (rec.assigned) revert InvoiceEscrowReceivableAssigned(invoiceId, _ownerOf(invoiceId));
        address arbiter = invoice.terms.arbiter;
        if (arbiter != address(0)) _receivableArbiters[invoiceId] = arbiter;
        rec.assigned = true;
        emit ReceivableAssigned(invoiceId, holder);
        _safeMint(holder, invoiceId);
    }

    // ------------------------------------------------------------------------------------------
    // Milestones
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IInvoiceEscrow
    function approveMilestone(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index
    ) external nonReentrant {
        (InvoiceRecord storage rec, MilestoneTerms calldata m) = _funded(invoiceId, invoice, index);
        _requireCaller(invoiceId, invoice.terms.payer);
        if (m.kind != MilestoneKind.Approval) {
            revert InvoiceEscrowWrongMilestoneKind(invoiceId, index, m.kind);
        }
        _move(invoiceId, index, rec, _PENDING, MilestoneState.Released);
        _settle(invoiceId, invoice, index, rec, m.amount, m.amount);
    }

    /// @inheritdoc IInvoiceEscrow
    function deliver(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        uint256[] calldata partIds
    ) external nonReentrant {
        (InvoiceRecord storage rec, MilestoneTerms calldata m) = _funded(invoiceId, invoice, index);
        InvoiceTerms calldata t = invoice.terms;
        _requireCaller(invoiceId, invoice.supplier);
        if (m.kind != MilestoneKind.Delivery) {
            revert InvoiceEscrowWrongMilestoneKind(invoiceId, index, m.kind);
        }
        uint48 deadline =
            t.acceptanceWindow == 0 ? 0 : uint48(block.timestamp + t.acceptanceWindow);
        _move(
            invoiceId,
            index,
            rec,
            _PENDING,
            deadline == 0 ? MilestoneState.Released : MilestoneState.Delivered
        );
        uint256 lastDay = uint256(t.dueDate) + t.gracePeriod;
        if (block.timestamp >= lastDay)
            revert InvoiceEscrowDeadline(lastDay, block.timestamp, false);
        if (partIds.length != m.quantity) {
            revert InvoiceEscrowWrongQuantity(partIds.length, m.quantity);
        }

        uint128 penalty = _penalty(t, rec.fundedLate, m.amount);
        if (deadline != 0) {
            _holds[invoiceId][index] = Hold({
                penalty: penalty,
                deadline: deadline,
                disputedFrom: MilestoneState.None
            });
        }
        emit Delivered(invoiceId, index, partIds, penalty, deadline);

        for (uint256 i; i < partIds.length; ++i) {
            uint256 partId = partIds[i];
            if (!parts.isDeliverable(partId, msg.sender, m.specHash)) {
                revert InvoiceEscrowPartNotAcceptable(partId);
            }
            IERC721(address(parts)).transferFrom(msg.sender, t.payer, partId);
        }
        if (deadline == 0) _settle(invoiceId, invoice, index, rec, m.amount, m.amount - penalty);
    }

    /// @inheritdoc IInvoiceEscrow
    function acceptDelivery(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index
    ) external nonReentrant {
        (InvoiceRecord storage rec, MilestoneTerms calldata m) = _funded(invoiceId, invoice, index);
        _requireCaller(invoiceId, invoice.terms.payer);
        _move(invoiceId, index, rec, _DELIVERED, MilestoneState.Released);
        _settle(
            invoiceId,
            invoice,
            index,
            rec,
            m.amount,
            m.amount - _holds[invoiceId][index].penalty
        );
    }

    /// @inheritdoc IInvoiceEscrow
    function rejectDelivery(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        bytes32 reasonHash
    ) external nonReentrant {
        (InvoiceRecord storage rec, ) = _funded(invoiceId, invoice, index);
        _requireCaller(invoiceId, invoice.terms.payer);
        _move(invoiceId, index, rec, _DELIVERED, MilestoneState.Disputed);
        Hold storage h = _holds[invoiceId][index];
        if (block.timestamp >= h.deadline) {
            revert InvoiceEscrowDeadline(h.deadline, block.timestamp, false);
        }
        _openDispute(invoiceId, index, invoice.terms, h, MilestoneState.Delivered, reasonHash);
    }

    /// @inheritdoc IInvoiceEscrow
    function claim(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index
    ) external nonReentrant {
        (InvoiceRecord storage rec, MilestoneTerms calldata m) = _funded(invoiceId, invoice, index);
        _move(invoiceId, index, rec, _DELIVERED, MilestoneState.Released);
        Hold storage h = _holds[invoiceId][index];
        if (block.timestamp < h.deadline) {
            revert InvoiceEscrowDeadline(h.deadline, block.timestamp, true);
        }
        _settle(invoiceId, invoice, index, rec, m.amount, m.amount - h.penalty);
    }

    /// @inheritdoc IInvoiceEscrow
    function dispute(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        bytes32 reasonHash
    ) external nonReentrant {
        (InvoiceRecord storage rec, ) = _funded(invoiceId, invoice, index);
        InvoiceTerms calldata t = invoice.terms;
        // Each party disputes only what the other stalls on, and only while the money can still
        // move otherwise: the payer a delivery within its acceptance window (the supplier cannot
        // cut that window short), the supplier a pending milestone before the payer may reclaim
        // it (the payer's remedy for non-delivery is {reclaim}, never a dispute that locks the
        // supplier out of delivering).
        MilestoneState from = _move(
            invoiceId,
            index,
            rec,
            _PENDING | _DELIVERED,
            MilestoneState.Disputed
        );
        Hold storage h = _holds[invoiceId][index];
        (address party, uint256 until) = from == MilestoneState.Delivered
            ? (t.payer, uint256(h.deadline))
            : (invoice.supplier, uint256(t.dueDate) + t.gracePeriod);
        _requireCaller(invoiceId, party);
        if (block.timestamp >= until) revert InvoiceEscrowDeadline(until, block.timestamp, false);
        _openDispute(invoiceId, index, t, h, from, reasonHash);
    }

    /// @inheritdoc IInvoiceEscrow
    function rule(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        uint128 toPayee
    ) external nonReentrant {
        (InvoiceRecord storage rec, MilestoneTerms calldata m) = _funded(invoiceId, invoice, index);
        address arbiter = invoice.terms.arbiter;
        if (arbiter == address(0) || msg.sender != arbiter) {
            revert InvoiceEscrowUnauthorized(invoiceId, msg.sender);
        }
        _requireActive(msg.sender, uint8(IParticipantRegistry.Role.Arbiter));
        _move(invoiceId, index, rec, _DISPUTED, MilestoneState.Resolved);
        Hold storage h = _holds[invoiceId][index];
        if (block.timestamp >= h.deadline) {
            revert InvoiceEscrowDeadline(h.deadline, block.timestamp, false);
        }
        uint128 atStake = m.amount - h.penalty;
        if (toPayee > atStake) revert InvoiceEscrowRulingTooLarge(toPayee, atStake);
        emit Ruled(invoiceId, index, msg.sender, toPayee);
        _settle(invoiceId, invoice, index, rec, m.amount, toPayee);
    }

    /// @inheritdoc IInvoiceEscrow
    function lapseDispute(uint256 invoiceId, uint256 index) external nonReentrant {
        InvoiceRecord storage rec = _existing(invoiceId);
        if (rec.state != InvoiceState.Funded) {
            revert InvoiceEscrowWrongInvoiceState(invoiceId, rec.state, _FUNDED);
        }
        _requireMilestone(invoiceId, index, rec.milestoneStates);
        Hold storage h = _holds[invoiceId][index];
        MilestoneState restored = h.disputedFrom;
        _move(invoiceId, index, rec, _DISPUTED, restored);
        if (block.timestamp < h.deadline) {
            revert InvoiceEscrowDeadline(h.deadline, block.timestamp, true);
        }
        // A delivery goes back with its acceptance window over: it can be claimed at once, and
        // neither disputed nor rejected again (both need to be before the deadline).
        h.deadline = restored == MilestoneState.Delivered ? uint48(block.timestamp) : 0;
        emit DisputeLapsed(invoiceId, index, restored);
    }

    /// @inheritdoc IInvoiceEscrow
    function reclaim(uint256 invoiceId, Invoice calldata invoice) external nonReentrant {
        InvoiceRecord storage rec = _fundedRecord(invoiceId, invoice);
        InvoiceTerms calldata t = invoice.terms;
        uint256 lastDay = uint256(t.dueDate) + t.gracePeriod;
        if (block.timestamp < lastDay) revert InvoiceEscrowDeadline(lastDay, block.timestamp, true);

        uint256 refund;
        uint256 states = rec.milestoneStates;
        uint256 open = rec.openMilestones;
        uint256 count = invoice.milestones.length;
        for (uint256 i; i < count; ++i) {
            if (_stateAt(states, i) != MilestoneState.Pending) continue;
            // Pending to Refunded is in the table ({MilestoneStateLib}); every bit is rewritten.
            states = _withState(states, i, MilestoneState.Refunded);
            uint128 amount = invoice.milestones[i].amount;
            refund += amount;
            --open;
            emit MilestoneRefunded(invoiceId, i, amount);
        }
        if (refund == 0) revert InvoiceEscrowNothingToReclaim(invoiceId);
        // Safe: the states are 4-bit values of at most eight milestones; open <= count <= 8.
        rec.milestoneStates = uint32(states);
        rec.openMilestones = uint8(open);
        _closeIfDone(invoiceId, rec);
        _pay(invoiceId, t.token, t.payer, refund);
    }

    /// @inheritdoc IInvoiceEscrow
    function withdraw(
        uint256 invoiceId,
        Invoice calldata invoice,
        address to
    ) external nonReentrant {
        _checked(invoiceId, invoice);
        address token = invoice.terms.token;
        uint256 amount = _owed[invoiceId][msg.sender];
        if (amount == 0) revert InvoiceEscrowNothingToWithdraw(invoiceId, msg.sender);
        if (to == address(0)) revert InvoiceEscrowZeroRecipient();
        _owed[invoiceId][msg.sender] = 0;
        emit Withdrawn(invoiceId, token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IInvoiceEscrow
    function invoiceRecord(uint256 invoiceId) external view returns (InvoiceRecord memory) {
        return _existing(invoiceId);
    }

    /// @inheritdoc IInvoiceEscrow
    function milestone(
        uint256 invoiceId,
        uint256 index
    ) external view returns (MilestoneStatus memory) {
        uint256 states = _existing(invoiceId).milestoneStates;
        _requireMilestone(invoiceId, index, states);
        Hold storage h = _holds[invoiceId][index];
        return
            MilestoneStatus({
                state: _stateAt(states, index),
                disputedFrom: h.disputedFrom,
                deadline: h.deadline,
                penalty: h.penalty
            });
    }

    /// @inheritdoc IInvoiceEscrow
    function payee(uint256 invoiceId) external view returns (address) {
        return _payee(invoiceId, _existing(invoiceId));
    }

    /// @inheritdoc IInvoiceEscrow
    function hashInvoice(Invoice calldata invoice) external pure returns (bytes32) {
        return _hash(invoice);
    }

    /// @inheritdoc IInvoiceEscrow
    function owed(uint256 invoiceId, address account) external view returns (uint256) {
        return _owed[invoiceId][account];
    }

    /// @dev The receivable cannot be sent to the escrow itself (payments to it would be lost),
    /// nor to the invoice's arbiter (which would then be paid by its own rulings).
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override returns (address) {
        if (to == address(this)) revert ERC721InvalidReceiver(to);
        address arbiter = _receivableArbiters[tokenId];
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

    /// @dev Checks `invoice` and records it as proposed; returns its id and total.
    function _create(Invoice calldata invoice) private returns (uint256 invoiceId, uint256 total) {
        MilestoneTerms[] calldata milestones = invoice.milestones;
        uint256 count = milestones.length;
        _checkTerms(invoice.supplier, invoice.terms, count);
        uint256 states;
        for (uint256 i; i < count; ++i) {
            MilestoneTerms calldata t = milestones[i];
            _checkMilestone(i, t);
            total += t.amount;
            states = _withState(states, i, MilestoneState.Pending);
        }
        if (total > MAX_TOTAL) revert InvoiceEscrowTotalTooLarge(total, MAX_TOTAL);

        invoiceId = _nextInvoiceId;
        ++_nextInvoiceId;
        // Safe: count <= MAX_MILESTONES (checked in _checkTerms), so the states fit 32 bits.
        _records[invoiceId] = InvoiceRecord({
            termsHash: _hash(invoice),
            supplier: invoice.supplier,
            state: InvoiceState.Proposed,
            openMilestones: uint8(count),
            fundedLate: false,
            payeePaid: false,
            assigned: false,
            milestoneStates: uint32(states)
        });
        emit InvoiceProposed(invoiceId, invoice.supplier, invoice.terms.payer, invoice, total);
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
    function _fund(
        uint256 invoiceId,
        Invoice calldata invoice,
        InvoiceRecord storage rec,
        uint256 total
    ) private {
        rec.state = InvoiceState.Funded;
        if (block.timestamp >= invoice.terms.dueDate) rec.fundedLate = true;
        emit InvoiceFunded(invoiceId, msg.sender, total);

        IERC20 token = IERC20(invoice.terms.token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != total) revert InvoiceEscrowFundingShortfall(total, received);
    }

    function _openDispute(
        uint256 invoiceId,
        uint256 index,
        InvoiceTerms calldata t,
        Hold storage h,
        MilestoneState from,
        bytes32 reasonHash
    ) private {
        h.disputedFrom = from;
        h.deadline = uint48(block.timestamp + t.rulingPeriod);
        emit Disputed(invoiceId, index, msg.sender, reasonHash);
    }

    /// @dev Settles milestone `index` of `amount`, already moved to its final state: `toPayee`
    /// to the payee, the rest to the payer.
    function _settle(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        InvoiceRecord storage rec,
        uint128 amount,
        uint128 toPayee
    ) private {
        uint128 toPayer = amount - toPayee;
        --rec.openMilestones;
        if (toPayee != 0 && !rec.payeePaid) rec.payeePaid = true;
        address payee_ = _payee(invoiceId, rec);
        emit MilestoneReleased(invoiceId, index, payee_, toPayee, toPayer);
        _closeIfDone(invoiceId, rec);
        address token = invoice.terms.token;
        _pay(invoiceId, token, payee_, toPayee);
        _pay(invoiceId, token, invoice.terms.payer, toPayer);
    }

    function _closeIfDone(uint256 invoiceId, InvoiceRecord storage rec) private {
        if (rec.openMilestones != 0) return;
        rec.state = InvoiceState.Settled;
        emit InvoiceSettled(invoiceId);
    }

    /// @dev Sends `amount` of invoice `invoiceId` to `to`, or credits it when the token refuses
    /// (a blocklisted or reverting receiver), so that nobody can block another party's money.
    function _pay(uint256 invoiceId, address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (!IERC20(token).trySafeTransfer(to, amount)) {
            _owed[invoiceId][to] += amount;
            emit PaymentDeferred(invoiceId, token, to, amount);
        }
    }

    /// @dev The lateness penalty of a delivery now: per started day after the due date, capped;
    /// none when the payer itself funded at or after the due date (it charges no lateness).
    function _penalty(
        InvoiceTerms calldata t,
        bool fundedLate,
        uint128 amount
    ) private view returns (uint128) {
        if (block.timestamp <= t.dueDate || t.penaltyPerDay == 0 || fundedLate) return 0;
        uint256 daysLate = (block.timestamp - t.dueDate + _PENALTY_DAY - 1) / _PENALTY_DAY;
        uint256 penalty = daysLate * t.penaltyPerDay;
        if (penalty > t.penaltyCap) penalty = t.penaltyCap;
        if (penalty > amount) penalty = amount;
        // Safe: penalty <= amount, a uint128.
        return uint128(penalty);
    }

    /// @dev The payee: the receivable's holder once assigned, else the supplier (without
    /// reading the receivable's owner).
    function _payee(uint256 invoiceId, InvoiceRecord storage rec) private view returns (address) {
        return rec.assigned ? _ownerOf(invoiceId) : rec.supplier;
    }

    function _total(MilestoneTerms[] calldata milestones) private pure returns (uint256 total) {
        for (uint256 i; i < milestones.length; ++i) total += milestones[i].amount;
    }

    function _hash(Invoice calldata invoice) private pure returns (bytes32) {
        return keccak256(abi.encode(invoice));
    }

    /**
     * @dev {_hash} of an invoice passed back, from its calldata bytes as they are: the same
     * hash when they are the canonical encoding (an offset of 0x20, then the tuple: eleven head
     * words, the milestones' offset 0x160, their count, four words each), without re-encoding
     * it field by field. Any other encoding is hashed the slow way. Dirty bits hash differently
     * from the canonical bytes stored at proposal, so they are refused as the wrong terms. The
     * hashed range is every byte the invoice is read from: its milestones' offset is fixed.
     */
    function _hashPassed(Invoice calldata invoice) private pure returns (bytes32 hash) {
        bool canonical;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let start := invoice
            if eq(calldataload(add(start, 0x140)), 0x160) {
                let count := calldataload(add(start, 0x160))
                if lt(count, 0x100) {
                    let length := add(0x180, mul(count, 0x80))
                    if iszero(gt(add(start, length), calldatasize())) {
                        let ptr := mload(0x40)
                        mstore(ptr, 0x20)
                        calldatacopy(add(ptr, 0x20), start, length)
                        hash := keccak256(ptr, add(length, 0x20))
                        canonical := true
                    }
                }
            }
        }
        if (!canonical) hash = _hash(invoice);
    }

    function _existing(uint256 invoiceId) private view returns (InvoiceRecord storage rec) {
        rec = _records[invoiceId];
        if (rec.state == InvoiceState.None) revert InvoiceEscrowUnknownInvoice(invoiceId);
    }

    /// @dev An invoice that exists, whose stored hash `invoice` matches.
    function _checked(
        uint256 invoiceId,
        Invoice calldata invoice
    ) private view returns (InvoiceRecord storage rec) {
        rec = _existing(invoiceId);
        bytes32 given = _hashPassed(invoice);
        if (given != rec.termsHash) revert InvoiceEscrowWrongTerms(invoiceId, rec.termsHash, given);
    }

    /// @dev A proposed invoice; the caller must be its payer (`payerOnly`) or either party.
    function _proposedBy(
        uint256 invoiceId,
        Invoice calldata invoice,
        bool payerOnly
    ) private view returns (InvoiceRecord storage rec) {
        rec = _checked(invoiceId, invoice);
        if (rec.state != InvoiceState.Proposed) {
            revert InvoiceEscrowWrongInvoiceState(invoiceId, rec.state, _PROPOSED);
        }
        bool allowed =
            msg.sender == invoice.terms.payer || (!payerOnly && msg.sender == invoice.supplier);
        if (!allowed) revert InvoiceEscrowUnauthorized(invoiceId, msg.sender);
    }

    /// @dev A funded invoice whose stored hash `invoice` matches.
    function _fundedRecord(
        uint256 invoiceId,
        Invoice calldata invoice
    ) private view returns (InvoiceRecord storage rec) {
        rec = _checked(invoiceId, invoice);
        if (rec.state != InvoiceState.Funded) {
            revert InvoiceEscrowWrongInvoiceState(invoiceId, rec.state, _FUNDED);
        }
    }

    /// @dev A funded invoice and the terms of one of its milestones.
    function _funded(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index
    ) private view returns (InvoiceRecord storage rec, MilestoneTerms calldata m) {
        rec = _fundedRecord(invoiceId, invoice);
        if (index >= invoice.milestones.length) {
            revert InvoiceEscrowUnknownMilestone(invoiceId, index, invoice.milestones.length);
        }
        m = invoice.milestones[index];
    }

    /// @dev Refuses an index past the invoice's last milestone (whose state is None).
    function _requireMilestone(uint256 invoiceId, uint256 index, uint256 states) private pure {
        if (index >= MAX_MILESTONES || _stateAt(states, index) == MilestoneState.None) {
            uint256 count;
            while (count < MAX_MILESTONES && _stateAt(states, count) != MilestoneState.None) {
                ++count;
            }
            revert InvoiceEscrowUnknownMilestone(invoiceId, index, count);
        }
    }

    /**
     * @dev Moves milestone `index` to `to`, from one of the states in `allowedStates` (the
     * action's), and only along {MilestoneStateLib}'s table. Returns the state it left.
     */
    function _move(
        uint256 invoiceId,
        uint256 index,
        InvoiceRecord storage rec,
        uint8 allowedStates,
        MilestoneState to
    ) private returns (MilestoneState from) {
        uint256 states = rec.milestoneStates;
        from = _stateAt(states, index);
        if (
            MilestoneStateLib.bit(from) & allowedStates == 0 || !MilestoneStateLib.canMove(from, to)
        ) revert InvoiceEscrowWrongMilestoneState(invoiceId, index, from, allowedStates);
        // Safe: index < MAX_MILESTONES, so the states still fit 32 bits.
        rec.milestoneStates = uint32(_withState(states, index, to));
    }

    function _stateAt(uint256 states, uint256 index) private pure returns (MilestoneState) {
        return MilestoneState((states >> (index * _STATE_BITS)) & _STATE_MASK);
    }

    function _withState(
        uint256 states,
        uint256 index,
        MilestoneState state
    ) private pure returns (uint256) {
        uint256 shift = index * _STATE_BITS;
        return (states & ~(_STATE_MASK << shift)) | (uint256(state) << shift);
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
