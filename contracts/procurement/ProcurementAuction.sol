// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IInvoiceEscrow} from "../interfaces/IInvoiceEscrow.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IProcurementAuction} from "../interfaces/IProcurementAuction.sol";

/**
 * @title ProcurementAuction
 * @notice Sealed-bid procurement auctions that award into escrowed invoices. See
 * {IProcurementAuction} and `docs/procurement.md`.
 * @dev No loop over bids anywhere: the best and second-best valid prices are kept as reveals
 * arrive, and the bonds of unrevealed bids are counted, not listed. Settlement costs the same
 * whatever the number of bids. Bond refunds that a token refuses are credited and withdrawn
 * later, so one bidder can never block another's reveal. An order is stored as the hash of what
 * was posted plus three slots of running state; its terms travel in calldata. The escrow is
 * approved once per token for good (it pulls only what the auction asks it to fund), or for each
 * invoice's total in a token that refuses so large an approval.
 */
contract ProcurementAuction is IProcurementAuction, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    bytes32 private constant _BID_TYPEHASH = keccak256(
        "Bid(uint256 orderId,address bidder,uint128 unitPrice,uint48 deliveryDate,bytes32 salt)"
    );
    /// @notice Revealing and delivery windows are at least this long.
    uint256 public constant MIN_PHASE = 1 hours;
    /// @notice The shortest ruling period of the invoice an award opens.
    uint256 public constant MIN_RULING_PERIOD = 1 hours;
    /// @notice At most this many parts per order (one delivery of the invoice to come).
    uint256 public constant MAX_QUANTITY = 100;
    /// @notice The largest budget: what an invoice holds (uint128).
    uint256 public constant MAX_BUDGET = type(uint128).max;
    /// @dev The size of an encoded {Order}: fifteen words, all static.
    uint256 private constant _ORDER_SIZE = 15 * 32;
    /// @dev The {BidRevealed} reasons: why a revealed bid does not count (0: it does).
    uint8 private constant _REASON_VALID = 0;
    uint8 private constant _REASON_NOT_MANUFACTURER = 1;
    uint8 private constant _REASON_NOT_CERTIFIED = 2;
    uint8 private constant _REASON_PRICE = 3;
    uint8 private constant _REASON_LATE = 4;
    uint8 private constant _REASON_CANCELLED = 5;

    IParticipantRegistry public immutable participants;
    IInvoiceEscrow public immutable escrow;

    mapping(uint256 orderId => OrderRecord) private _orders;
    mapping(uint256 orderId => mapping(bytes32 commitment => Bid)) private _bids;
    mapping(uint256 orderId => mapping(address account => uint256)) private _owed;
    /// @dev The next order's id. Starts at one in the constructor, so that the first order does
    /// not pay for a fresh slot.
    uint256 private _nextOrderId = 1;

    constructor(
        IParticipantRegistry participants_,
        IInvoiceEscrow escrow_
    ) EIP712("ProcurementAuction", "1") {
        if (address(participants_) == address(0) || address(escrow_) == address(0)) {
            revert ProcurementAuctionZeroAddress();
        }
        participants = participants_;
        escrow = escrow_;
    }

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IProcurementAuction
    function postOrder(OrderTerms calldata terms) external nonReentrant returns (uint256 orderId) {
        _requireRole(msg.sender, IParticipantRegistry.Role.Customer);
        _checkTerms(terms);
        orderId = _nextOrderId;
        ++_nextOrderId;
        OrderRecord storage o = _orders[orderId];
        // The hash of Order(msg.sender, terms): every field is static, so the encodings match.
        o.termsHash = keccak256(abi.encode(msg.sender, terms));
        o.state = OrderState.Bidding;
        uint256 budget = uint256(terms.maxUnitPrice) * terms.quantity;
        emit OrderPosted(orderId, msg.sender, terms, budget);
        _pull(terms.token, budget);
    }

    /// @inheritdoc IProcurementAuction
    function cancel(uint256 orderId, Order calldata order) external nonReentrant {
        OrderRecord storage o = _inPhase(orderId, order, OrderState.Bidding);
        // Commitments do not stop a cancellation: their bidders reveal them for their bonds,
        // and the bonds of those never revealed are forfeited (see {settle}).
        if (msg.sender != order.customer)
            revert ProcurementAuctionUnauthorized(orderId, msg.sender);
        o.state = OrderState.Cancelled;
        uint256 budget = _budget(order.terms);
        emit OrderCancelled(orderId, budget);
        _pay(orderId, order.terms.token, order.customer, budget);
    }

    /// @inheritdoc IProcurementAuction
    function commit(
        uint256 orderId,
        Order calldata order,
        bytes32 commitment
    ) external nonReentrant returns (uint32 sequence) {
        OrderRecord storage o = _inPhase(orderId, order, OrderState.Bidding);
        if (commitment == bytes32(0)) revert ProcurementAuctionZeroCommitment(orderId);
        Bid storage b = _bids[orderId][commitment];
        if (b.committer != address(0)) {
            revert ProcurementAuctionDuplicateCommitment(orderId, commitment);
        }
        sequence = ++o.commitments;
        b.committer = msg.sender;
        b.sequence = sequence;
        emit BidCommitted(orderId, sequence, commitment);
        _pull(order.terms.token, order.terms.bond);
    }

    /// @inheritdoc IProcurementAuction
    function reveal(
        uint256 orderId,
        Order calldata order,
        uint128 unitPrice,
        uint48 deliveryDate,
        bytes32 salt
    ) external nonReentrant {
        OrderTerms calldata t = order.terms;
        OrderRecord storage o = _revealable(orderId, order);
        (address committer, uint32 sequence) = _openBid(
            orderId,
            order,
            unitPrice,
            deliveryDate,
            salt
        );
        ++o.revealed;

        uint8 reason =
            o.state == OrderState.Cancelled
                ? _REASON_CANCELLED
                : _invalidity(t, msg.sender, unitPrice, deliveryDate);
        emit BidRevealed(
            orderId,
            sequence,
            msg.sender,
            unitPrice,
            deliveryDate,
            reason == _REASON_VALID,
            reason
        );
        // Nor may the customer or the arbiter back a bid with its bond (the arbiter would decide
        // by its own ruling whether the bond comes back to it): such a bond is forfeited to the
        // customer now, and the bid counts without one. A customer that copies a bidder's
        // commitment ahead of it (the bidder's own is then refused as a duplicate) strips the
        // bid of its security, which was the customer's to have, but cannot void it.
        bool conflictedBond = committer == order.customer || committer == t.arbiter;
        address refundTo = conflictedBond ? address(0) : committer;
        if (reason == _REASON_VALID) {
            refundTo = _rank(o, sequence, msg.sender, refundTo, unitPrice);
        }
        if (conflictedBond) {
            emit BondPaid(orderId, order.customer, t.bond, true);
            _pay(orderId, t.token, order.customer, t.bond);
        }
        if (refundTo != address(0)) {
            emit BondPaid(orderId, refundTo, t.bond, false);
            _pay(orderId, t.token, refundTo, t.bond);
        }
    }

    /// @inheritdoc IProcurementAuction
    function settle(uint256 orderId, Order calldata order) external nonReentrant {
        OrderRecord storage o = _checked(orderId, order);
        if (o.state == OrderState.Cancelled) {
            _settleCancelled(orderId, order, o);
            return;
        }
        OrderTerms calldata t = order.terms;
        _requirePhase(orderId, _phase(o.state, t), OrderState.Settling);
        uint256 budget = _budget(t);
        uint256 forfeited = uint256(o.commitments - o.revealed) * t.bond;

        uint256 total;
        bool awarded;
        address winner = o.winner;
        if (winner != address(0) && block.timestamp < t.deliveryBy) {
            uint128 price = t.secondPrice && o.secondPrice != 0 ? o.secondPrice : o.bestPrice;
            total = uint256(price) * t.quantity;
            uint256 invoiceId;
            (awarded, invoiceId) = _openInvoice(order, winner, total);
            if (awarded) {
                o.state = OrderState.Awarded;
                // A winning bid whose bond was forfeited at its reveal holds none to release.
                if (o.winnerCommitter == address(0)) o.bondReleased = true;
                // Safe: invoice ids count up from one transaction at a time.
                o.invoiceId = uint64(invoiceId);
                emit OrderAwarded(orderId, winner, price, invoiceId, total, budget - total);
            }
        }
        if (!awarded) {
            // No valid bid, too late to deliver, or the invoice could not open (a party lost
            // its accreditation): nobody is awarded, and nothing stays locked.
            o.state = OrderState.Closed;
            total = 0;
            emit OrderClosed(orderId, budget);
            address committer = o.winnerCommitter;
            if (committer != address(0)) {
                emit BondPaid(orderId, committer, t.bond, false);
                _pay(orderId, t.token, committer, t.bond);
            }
        }
        if (forfeited != 0) {
            emit BondPaid(orderId, order.customer, forfeited, true);
            _pay(orderId, t.token, order.customer, forfeited);
        }
        _pay(orderId, t.token, order.customer, budget - total);
    }

    /// @inheritdoc IProcurementAuction
    function releaseWinnerBond(uint256 orderId, Order calldata order) external nonReentrant {
        OrderRecord storage o = _checked(orderId, order);
        OrderState current = _phase(o.state, order.terms);
        _requirePhase(orderId, current, OrderState.Awarded);
        if (o.bondReleased) revert ProcurementAuctionBondReleased(orderId);
        IInvoiceEscrow.InvoiceRecord memory inv = escrow.invoiceRecord(o.invoiceId);
        if (inv.state != IInvoiceEscrow.InvoiceState.Settled) {
            revert ProcurementAuctionInvoiceOpen(o.invoiceId);
        }
        o.bondReleased = true;
        // The winner performed when it was paid for its delivery (released, or a share ruled by
        // the arbiter). The escrow lets only the supplier dispute a pending milestone, so no
        // customer's dispute can keep the winner from delivering on time; a milestone refunded by
        // `reclaim` means the winner let the last day pass. The bond is forfeited then, or when
        // the arbiter ruled it nothing.
        bool forfeited = !inv.payeePaid;
        address to = forfeited ? order.customer : o.winnerCommitter;
        uint128 bond = order.terms.bond;
        emit BondPaid(orderId, to, bond, forfeited);
        _pay(orderId, order.terms.token, to, bond);
    }

    /// @inheritdoc IProcurementAuction
    function withdraw(uint256 orderId, Order calldata order, address to) external nonReentrant {
        _checked(orderId, order);
        address token = order.terms.token;
        uint256 amount = _owed[orderId][msg.sender];
        if (amount == 0) revert ProcurementAuctionNothingToWithdraw(orderId, msg.sender);
        if (to == address(0)) revert ProcurementAuctionZeroRecipient();
        _owed[orderId][msg.sender] = 0;
        emit Withdrawn(orderId, token, msg.sender, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IProcurementAuction
    function commitmentOf(
        uint256 orderId,
        address bidder,
        uint128 unitPrice,
        uint48 deliveryDate,
        bytes32 salt
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(_BID_TYPEHASH, orderId, bidder, unitPrice, deliveryDate, salt))
            );
    }

    /// @inheritdoc IProcurementAuction
    function orderRecord(uint256 orderId) external view returns (OrderRecord memory) {
        return _existing(orderId);
    }

    /// @inheritdoc IProcurementAuction
    function phase(uint256 orderId, Order calldata order) external view returns (OrderState) {
        return _phase(_checked(orderId, order).state, order.terms);
    }

    /// @inheritdoc IProcurementAuction
    function bid(uint256 orderId, bytes32 commitment) external view returns (Bid memory) {
        return _bids[orderId][commitment];
    }

    /// @inheritdoc IProcurementAuction
    function hashOrder(Order calldata order) external pure returns (bytes32) {
        return keccak256(abi.encode(order));
    }

    /// @inheritdoc IProcurementAuction
    function owed(uint256 orderId, address account) external view returns (uint256) {
        return _owed[orderId][account];
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _checkTerms(OrderTerms calldata t) private view {
        if (t.token.code.length == 0) revert ProcurementAuctionTokenNotContract(t.token);
        if (t.specHash == bytes32(0) || t.quantity == 0 || t.quantity > MAX_QUANTITY) {
            revert ProcurementAuctionInvalidParts(t.specHash, t.quantity, MAX_QUANTITY);
        }
        if (t.maxUnitPrice == 0 || t.bond == 0) {
            revert ProcurementAuctionZeroAmount(t.maxUnitPrice, t.bond);
        }
        // The budget bounds every invoice total, which the escrow holds in a uint128.
        uint256 budget = uint256(t.maxUnitPrice) * t.quantity;
        if (budget > MAX_BUDGET) revert ProcurementAuctionBudgetTooLarge(budget, MAX_BUDGET);
        if (t.biddingEnds <= block.timestamp) {
            revert ProcurementAuctionBiddingEndsNotFuture(t.biddingEnds, block.timestamp);
        }
        if (t.revealEnds < uint256(t.biddingEnds) + MIN_PHASE) {
            revert ProcurementAuctionWindowTooShort(t.biddingEnds, t.revealEnds, MIN_PHASE);
        }
        if (t.deliveryBy < uint256(t.revealEnds) + MIN_PHASE) {
            revert ProcurementAuctionWindowTooShort(t.revealEnds, t.deliveryBy, MIN_PHASE);
        }
        if (t.rulingPeriod < MIN_RULING_PERIOD) {
            revert ProcurementAuctionRulingPeriodTooShort(t.rulingPeriod, MIN_RULING_PERIOD);
        }
        if (t.arbiter == msg.sender) revert ProcurementAuctionArbiterIsCustomer(t.arbiter);
        if (t.arbiter != address(0)) _requireRole(t.arbiter, IParticipantRegistry.Role.Arbiter);
    }

    /**
     * @dev The caller's sealed bid of `unitPrice`, `deliveryDate` and `salt` on order `orderId`,
     * marked revealed: who posted its bond and its sequence. Refuses a bid never committed, one
     * already revealed, and a bidder that is the order's customer or arbiter (nobody may bid on
     * an order it pays for or judges: the bond stays unrevealed, forfeited at settlement).
     */
    function _openBid(
        uint256 orderId,
        Order calldata order,
        uint128 unitPrice,
        uint48 deliveryDate,
        bytes32 salt
    ) private returns (address committer, uint32 sequence) {
        bytes32 hash = commitmentOf(orderId, msg.sender, unitPrice, deliveryDate, salt);
        Bid storage b = _bids[orderId][hash];
        committer = b.committer;
        if (committer == address(0)) revert ProcurementAuctionUnknownBid(orderId, hash);
        sequence = b.sequence;
        if (b.revealed) revert ProcurementAuctionBadReveal(orderId, sequence);
        if (msg.sender == order.customer || msg.sender == order.terms.arbiter) {
            revert ProcurementAuctionConflictedBidder(orderId, msg.sender);
        }
        b.revealed = true;
    }

    /**
     * @dev Ranks a valid bid against the best so far: a lower price wins, the earlier
     * commitment among equal prices. The second-best price is the lowest valid price of a bidder
     * other than the best one: a bidder's own bids never set its price. (When a new bidder takes
     * the lead, the old best price is its second: it is below every other bidder's.) Returns who
     * gets a bond back now: the bid's own committer when the bid is not the best, else the
     * committer of the bid it displaces (zero when there was none). A `committer` of zero is a
     * bid without a bond (forfeited at its reveal): none comes back for it, now or later.
     */
    function _rank(
        OrderRecord storage o,
        uint32 sequence,
        address bidder,
        address committer,
        uint128 unitPrice
    ) private returns (address refundTo) {
        address winner = o.winner;
        uint128 bestPrice = o.bestPrice;
        bool best =
            winner == address(0) ||
                unitPrice < bestPrice ||
                (unitPrice == bestPrice && sequence < o.winnerSequence);
        if (!best) {
            uint128 second = o.secondPrice;
            if (bidder != winner && (second == 0 || unitPrice < second)) {
                o.secondPrice = unitPrice;
            }
            return committer;
        }
        if (winner != address(0)) {
            if (bidder != winner) o.secondPrice = bestPrice;
            refundTo = o.winnerCommitter;
        }
        o.winner = bidder;
        o.winnerSequence = sequence;
        o.winnerCommitter = committer;
        o.bestPrice = unitPrice;
    }

    /**
     * @dev After revealing ends, forfeits the bonds of a cancelled order's commitments that were
     * never revealed to the customer, once. Reverts while bidders may still reveal, and when
     * there is nothing (left) to forfeit.
     */
    function _settleCancelled(
        uint256 orderId,
        Order calldata order,
        OrderRecord storage o
    ) private {
        OrderTerms calldata t = order.terms;
        uint256 forfeited = uint256(o.commitments - o.revealed) * t.bond;
        if (block.timestamp < t.revealEnds || forfeited == 0 || o.cancelledBondsPaid)
            revert ProcurementAuctionWrongPhase(
                orderId,
                OrderState.Cancelled,
                _phaseBit(OrderState.Settling)
            );
        o.cancelledBondsPaid = true;
        emit BondPaid(orderId, order.customer, forfeited, true);
        _pay(orderId, t.token, order.customer, forfeited);
    }

    /// @dev 0 when the bid counts, else why not (see {BidRevealed}).
    function _invalidity(
        OrderTerms calldata t,
        address bidder,
        uint128 unitPrice,
        uint48 deliveryDate
    ) private view returns (uint8) {
        if (!participants.isActive(bidder, IParticipantRegistry.Role.Manufacturer)) {
            return _REASON_NOT_MANUFACTURER;
        }
        if (t.requiredScheme != bytes32(0) && !participants.isCertified(bidder, t.requiredScheme)) {
            return _REASON_NOT_CERTIFIED;
        }
        if (unitPrice == 0 || unitPrice > t.maxUnitPrice) return _REASON_PRICE;
        if (deliveryDate > t.deliveryBy) return _REASON_LATE;
        return _REASON_VALID;
    }

    /// @dev Opens the winner's funded invoice; false (and nothing moved) if the escrow refuses.
    function _openInvoice(
        Order calldata order,
        address winner,
        uint256 total
    ) private returns (bool, uint256) {
        OrderTerms calldata t = order.terms;
        IInvoiceEscrow.MilestoneTerms[] memory milestones = new IInvoiceEscrow.MilestoneTerms[](1);
        milestones[0] = IInvoiceEscrow.MilestoneTerms({
            // Safe: total <= budget <= type(uint128).max, checked at posting.
            amount: uint128(total),
            kind: IInvoiceEscrow.MilestoneKind.Delivery,
            quantity: t.quantity,
            specHash: t.specHash
        });
        IInvoiceEscrow.Invoice memory invoice = IInvoiceEscrow.Invoice({
            supplier: winner,
            terms: IInvoiceEscrow.InvoiceTerms({
                payer: order.customer,
                token: t.token,
                dueDate: t.deliveryBy,
                acceptanceWindow: t.acceptanceWindow,
                gracePeriod: t.gracePeriod,
                rulingPeriod: t.rulingPeriod,
                arbiter: t.arbiter,
                penaltyPerDay: 0,
                penaltyCap: 0
            }),
            milestones: milestones
        });
        // A token that refuses every approval closes the order, as a refused invoice does.
        if (!_approveEscrow(t.token, total)) return (false, 0);
        try escrow.openFundedInvoice(invoice) returns (uint256 invoiceId) {
            return (true, invoiceId);
        } catch {
            return (false, 0);
        }
    }

    /**
     * @dev Makes sure the escrow may pull `total` of `token` from here. The escrow pulls only
     * what the auction asks it to fund, so it is approved once per token, for good; a token that
     * refuses so large an approval (allowances kept in 96 bits) is approved for `total`. A
     * non-zero allowance is set to zero first, for tokens that refuse to change one non-zero
     * allowance to another. False, and nothing approved, when the token refuses every approval.
     */
    function _approveEscrow(address token, uint256 total) private returns (bool) {
        uint256 current = IERC20(token).allowance(address(this), address(escrow));
        if (current >= total) return true;
        // A token that refuses this refuses the approvals below too, or does not need it.
        if (current != 0) _tryApprove(token, 0);
        return _tryApprove(token, type(uint256).max) || _tryApprove(token, total);
    }

    /// @dev `approve(escrow, amount)` on `token`, refused without reverting: whether it took.
    function _tryApprove(address token, uint256 amount) private returns (bool) {
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, bytes memory data) = token.call(
            abi.encodeCall(IERC20.approve, (address(escrow), amount))
        );
        return
            success &&
            (data.length == 0 || (data.length >= 32 && abi.decode(data, (uint256)) == 1));
    }

    /// @dev Pulls `amount` from the caller, refusing a token that delivers less.
    function _pull(address token, uint256 amount) private {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert ProcurementAuctionFundingShortfall(amount, received);
    }

    /// @dev Sends `amount` of order `orderId` to `to`, or credits it when the token refuses.
    function _pay(uint256 orderId, address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (!IERC20(token).trySafeTransfer(to, amount)) {
            _owed[orderId][to] += amount;
            emit PaymentDeferred(orderId, token, to, amount);
        }
    }

    function _budget(OrderTerms calldata t) private pure returns (uint256) {
        return uint256(t.maxUnitPrice) * t.quantity;
    }

    function _phase(OrderState stored, OrderTerms calldata t) private view returns (OrderState) {
        if (stored != OrderState.Bidding) return stored;
        if (block.timestamp < t.biddingEnds) return OrderState.Bidding;
        if (block.timestamp < t.revealEnds) return OrderState.Revealing;
        return OrderState.Settling;
    }

    function _existing(uint256 orderId) private view returns (OrderRecord storage o) {
        o = _orders[orderId];
        if (o.state == OrderState.None) revert ProcurementAuctionUnknownOrder(orderId);
    }

    /// @dev An order that exists, whose stored hash `order` matches.
    function _checked(
        uint256 orderId,
        Order calldata order
    ) private view returns (OrderRecord storage o) {
        o = _existing(orderId);
        // Every field of an order is static: its calldata bytes are its encoding, hashed as they
        // are (dirty bits hash differently from the canonical bytes stored at posting).
        bytes32 given;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, order, _ORDER_SIZE)
            given := keccak256(ptr, _ORDER_SIZE)
        }
        if (given != o.termsHash) revert ProcurementAuctionWrongTerms(orderId, o.termsHash, given);
    }

    /// @dev An order open to reveals: revealing, or cancelled and within its revealing window.
    function _revealable(
        uint256 orderId,
        Order calldata order
    ) private view returns (OrderRecord storage o) {
        o = _checked(orderId, order);
        OrderTerms calldata t = order.terms;
        if (o.state != OrderState.Cancelled) {
            _requirePhase(orderId, _phase(o.state, t), OrderState.Revealing);
        } else if (block.timestamp < t.biddingEnds || block.timestamp >= t.revealEnds) {
            revert ProcurementAuctionWrongPhase(
                orderId,
                OrderState.Cancelled,
                _phaseBit(OrderState.Revealing)
            );
        }
    }

    function _inPhase(
        uint256 orderId,
        Order calldata order,
        OrderState expected
    ) private view returns (OrderRecord storage o) {
        o = _checked(orderId, order);
        _requirePhase(orderId, _phase(o.state, order.terms), expected);
    }

    function _requirePhase(uint256 orderId, OrderState current, OrderState expected) private pure {
        if (current != expected) {
            revert ProcurementAuctionWrongPhase(orderId, current, _phaseBit(expected));
        }
    }

    /// @dev The bit of `phase` in a bitmap of phases: `1 << phase`.
    function _phaseBit(OrderState phase_) private pure returns (uint8) {
        return uint8(1 << uint8(phase_));
    }

    function _requireRole(address account, IParticipantRegistry.Role role) private view {
        if (!participants.isActive(account, role)) {
            revert ProcurementAuctionNotAccredited(account, uint8(role));
        }
    }
}
