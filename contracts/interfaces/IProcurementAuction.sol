// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IProcurementAuction
 * @notice Sealed-bid procurement: a customer posts a funded order; suppliers commit sealed bids
 * from any address, with a bond; after bidding closes, bidders reveal; the best valid bid wins
 * (the lowest unit price, the earliest commitment among equals); settlement opens the winner's
 * invoice in the escrow, funded from the locked budget. See `docs/procurement.md`.
 * @dev A commitment is the EIP-712 hash of `Bid(uint256 orderId, address bidder, uint128
 * unitPrice, uint48 deliveryDate, bytes32 salt)` under this contract's domain: it binds the
 * bidder, who alone can reveal it, but does not show who bids while bidding is open. The best
 * and second-best valid prices are kept as reveals arrive: nothing loops over bids.
 * The auction stores an order as the hash of its {Order} (the customer and the terms) and its
 * running state ({OrderRecord}); the order travels in calldata ({OrderPosted} carries it) and
 * every call passes it back, refused with {ProcurementAuctionWrongTerms} when it does not hash
 * to what was stored. A sealed bid is one slot, keyed by its commitment ({Bid}).
 */
interface IProcurementAuction {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Where an order stands. Bidding and Revealing are derived from the clock.
     *
     *   Open (bidding) ──biddingEnds──▶ Revealing ──revealEnds──▶ (settle) ──▶ Awarded / Closed
     *   Open (bidding) ──cancel──▶ Cancelled (its bids still reveal for their bonds until
     *   revealEnds; then `settle` forfeits the bonds never revealed)
     */
    enum OrderState {
        None,
        Bidding,
        Revealing,
        Settling,
        Awarded,
        Closed,
        Cancelled
    }

    /**
     * @notice What a customer asks for, and the rules of its auction.
     * Layout (six slots): slot 0 = specHash; slot 1 = requiredScheme; slot 2 = token (20) +
     * biddingEnds (6) + revealEnds (6); slot 3 = deliveryBy (6) + quantity (2) + secondPrice (1);
     * slot 4 = maxUnitPrice (16) + bond (16); slot 5 = arbiter (20) + acceptanceWindow (4) +
     * gracePeriod (4) + rulingPeriod (4).
     */
    struct OrderTerms {
        bytes32 specHash;
        bytes32 requiredScheme;
        address token;
        uint48 biddingEnds;
        uint48 revealEnds;
        uint48 deliveryBy;
        uint16 quantity;
        bool secondPrice;
        uint128 maxUnitPrice;
        uint128 bond;
        address arbiter;
        uint32 acceptanceWindow;
        uint32 gracePeriod;
        uint32 rulingPeriod;
    }

    /// @notice An order as posted: its customer and its terms. The auction keeps its hash.
    struct Order {
        address customer;
        OrderTerms terms;
    }

    /**
     * @notice An order as stored: the hash of its {Order} and its running auction. `state` is
     * the stored state (Bidding until settled or cancelled: {phase} derives Revealing and
     * Settling from the clock). `winnerCommitter` posted the best bid's bond.
     * Layout: slot 0 = termsHash; slot 1 = state (1) + commitments (4) + revealed (4) +
     * bondReleased (1) + cancelledBondsPaid (1) + winnerCommitter (20); slot 2 = winner (20) +
     * winnerSequence (4) + invoiceId (8); slot 3 = bestPrice (16) + secondPrice (16).
     */
    struct OrderRecord {
        bytes32 termsHash;
        OrderState state;
        uint32 commitments;
        uint32 revealed;
        bool bondReleased;
        bool cancelledBondsPaid;
        address winnerCommitter;
        address winner;
        uint32 winnerSequence;
        uint64 invoiceId;
        uint128 bestPrice;
        uint128 secondPrice;
    }

    /// @notice A sealed bid, one slot keyed by its commitment: who posted its bond, its number
    /// in order of arrival, and whether it was revealed.
    struct Bid {
        address committer;
        uint32 sequence;
        bool revealed;
    }

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /// @notice `customer` posted order `orderId`, locking `budget` of `terms.token`. The
    /// order (`customer`, `terms`) is what every later call passes back.
    event OrderPosted(
        uint256 indexed orderId,
        address indexed customer,
        OrderTerms terms,
        uint256 budget
    );

    /// @notice The customer cancelled order `orderId` while bidding was open; the budget,
    /// `refund`, went back. Its commitments reveal for their bonds (reason 5).
    event OrderCancelled(uint256 indexed orderId, uint256 refund);

    /// @notice A sealed bid `commitment` arrived as number `sequence` of order `orderId`, with
    /// its bond. Nothing here says who bids or at what price.
    event BidCommitted(uint256 indexed orderId, uint32 indexed sequence, bytes32 commitment);

    /// @notice `bidder` revealed bid `sequence`: `unitPrice`, delivery by `deliveryDate`;
    /// `valid` says whether it counts (`reason` names why not: 0 valid, 1 not an active
    /// manufacturer, 2 not certified, 3 above the maximum price, 4 delivery too late, 5 the
    /// order was cancelled).
    event BidRevealed(
        uint256 indexed orderId,
        uint32 indexed sequence,
        address indexed bidder,
        uint128 unitPrice,
        uint48 deliveryDate,
        bool valid,
        uint8 reason
    );

    /// @notice Order `orderId` was awarded to `winner` at `unitPrice`; invoice `invoiceId`
    /// opened with `total`; `refund` of the budget went back to the customer.
    event OrderAwarded(
        uint256 indexed orderId,
        address indexed winner,
        uint128 unitPrice,
        uint256 invoiceId,
        uint256 total,
        uint256 refund
    );

    /// @notice Order `orderId` closed without a valid bid; the budget went back.
    event OrderClosed(uint256 indexed orderId, uint256 refund);

    /// @notice `amount` of bonds of order `orderId` went to `to`: a bond refunded at its reveal
    /// (an invalid bid, a valid one not the best, the best it displaced, or any bid of a
    /// cancelled order), the winner's bond when the order closes unawarded or its invoice
    /// settles, or (`forfeited`) the bonds of bids never revealed (at settlement, also of a
    /// cancelled order), or of a winner who did not deliver.
    event BondPaid(uint256 indexed orderId, address indexed to, uint256 amount, bool forfeited);

    /// @notice A payment of order `orderId` (a budget refund or a bond): `amount` of `token`
    /// could not be sent to `account` (the token refused: a blocklisted or reverting receiver)
    /// and is credited to it under that order, to {withdraw}.
    event PaymentDeferred(
        uint256 indexed orderId,
        address indexed token,
        address indexed account,
        uint256 amount
    );

    /// @notice `account` withdrew `amount` of `token` credited to it under order `orderId` (the
    /// sum of that order's {PaymentDeferred} to it), to `to`.
    event Withdrawn(
        uint256 indexed orderId,
        address indexed token,
        address indexed account,
        address to,
        uint256 amount
    );

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    /// @notice `account` is not an active accredited participant in role `role`.
    error ProcurementAuctionNotAccredited(address account, uint8 role);

    /// @notice A contract the auction depends on (the participant registry or the escrow) is
    /// the zero address.
    error ProcurementAuctionZeroAddress();

    /// @notice A withdrawal names the zero address as its recipient.
    error ProcurementAuctionZeroRecipient();

    /// @notice A sealed bid on order `orderId` was committed as the zero hash.
    error ProcurementAuctionZeroCommitment(uint256 orderId);

    /// @notice The order's `token` is the zero address or holds no contract: not an ERC-20.
    error ProcurementAuctionTokenNotContract(address token);

    /// @notice The order asks for `quantity` parts of `specHash`; it needs a specification and
    /// one to `maxQuantity` parts.
    error ProcurementAuctionInvalidParts(bytes32 specHash, uint16 quantity, uint256 maxQuantity);

    /// @notice The maximum unit price `maxUnitPrice` or the bond `bond` is zero.
    error ProcurementAuctionZeroAmount(uint128 maxUnitPrice, uint128 bond);

    /// @notice The budget (maximum unit price times quantity) `budget` is above `max`, the most
    /// an invoice holds (uint128).
    error ProcurementAuctionBudgetTooLarge(uint256 budget, uint256 max);

    /// @notice Bidding would end at `biddingEnds`, not after the current time `currentTime`.
    error ProcurementAuctionBiddingEndsNotFuture(uint48 biddingEnds, uint256 currentTime);

    /// @notice A window of the timeline, from `start` to `end` (bidding's end to revealing's,
    /// or revealing's end to the delivery date), is shorter than `minLength` seconds.
    error ProcurementAuctionWindowTooShort(uint48 start, uint48 end, uint256 minLength);

    /// @notice The ruling period `rulingPeriod` is shorter than `min` seconds.
    error ProcurementAuctionRulingPeriodTooShort(uint32 rulingPeriod, uint256 min);

    /// @notice The arbiter `arbiter` is the customer posting the order.
    error ProcurementAuctionArbiterIsCustomer(address arbiter);

    /// @notice Order `orderId` does not exist.
    error ProcurementAuctionUnknownOrder(uint256 orderId);

    /// @notice The order passed for `orderId` hashes to `given`, not to the `stored` hash of
    /// what was posted: take it from the order's {OrderPosted} event.
    error ProcurementAuctionWrongTerms(uint256 orderId, bytes32 stored, bytes32 given);

    /// @notice Commitment `commitment` was already committed to order `orderId`: each sealed
    /// bid is committed once. A copy committed first does not void the bid: the bidder inside
    /// it reveals it, and the copier's bond stands behind it (forfeited at the reveal when the
    /// copier is the order's customer or arbiter).
    error ProcurementAuctionDuplicateCommitment(uint256 orderId, bytes32 commitment);

    /// @notice Order `orderId` is in phase `current`, and the action needs one of the phases
    /// whose bit (`1 << uint8(phase)`) is set in `allowedPhases`.
    error ProcurementAuctionWrongPhase(uint256 orderId, OrderState current, uint8 allowedPhases);

    /// @notice `caller` may not do this to order `orderId`.
    error ProcurementAuctionUnauthorized(uint256 orderId, address caller);

    /// @notice No bid of order `orderId` has the commitment `commitment`: the reveal's bidder,
    /// price, date or salt differ from what was committed.
    error ProcurementAuctionUnknownBid(uint256 orderId, bytes32 commitment);

    /// @notice Bid `sequence` of order `orderId` was already revealed.
    error ProcurementAuctionBadReveal(uint256 orderId, uint32 sequence);

    /// @notice The token delivered `received` of `expected` (fee-on-transfer tokens are refused).
    error ProcurementAuctionFundingShortfall(uint256 expected, uint256 received);

    /// @notice The winner's bond of order `orderId` was already released, or there is none (the
    /// winning bid's bond was posted by the customer or the arbiter and forfeited at its reveal).
    error ProcurementAuctionBondReleased(uint256 orderId);

    /// @notice The winner's invoice `invoiceId` is not settled yet.
    error ProcurementAuctionInvoiceOpen(uint256 invoiceId);

    /// @notice Nothing is credited to `account` (the caller) under order `orderId`: only
    /// payments the token refused ({PaymentDeferred}) are credited, and a credit is withdrawn
    /// once.
    error ProcurementAuctionNothingToWithdraw(uint256 orderId, address account);

    /// @notice `bidder` is the customer or the arbiter of order `orderId`, so it may not bid on
    /// it: the reveal is refused, and the bond of the commitment is forfeited at settlement.
    /// (Nor can either back a bid with its bond: such a bond is forfeited at the bid's reveal,
    /// and the bid counts without one.)
    error ProcurementAuctionConflictedBidder(uint256 orderId, address bidder);

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Posts an order and locks its budget (`maxUnitPrice * quantity`) in escrow here.
     * @dev Caller: an active customer, the order's customer. The arbiter, if any, must be an
     * active arbiter. Bidding ends after now; revealing at least an hour after bidding;
     * delivery at least an hour after revealing. The budget must fit a uint128. Stores the
     * hash of the order (the caller and `terms`); {OrderPosted} carries it whole.
     */
    function postOrder(OrderTerms calldata terms) external returns (uint256 orderId);

    /**
     * @notice Cancels an order while bidding is open, even after commitments; the budget goes
     * back. Caller: the customer.
     * @dev A commitment cannot block a cancellation. Its bidder still reveals it in the
     * revealing window (the bid is void, {BidRevealed} reason 5, and the bond goes back to its
     * committer, or to the customer when the customer or the arbiter posted it); the bonds of
     * commitments never revealed, or whose reveal is refused as conflicted, go to the customer
     * at {settle}.
     */
    function cancel(uint256 orderId, Order calldata order) external;

    /**
     * @notice Commits a sealed bid and posts the bond (approve-and-transfer of the order's
     * token). Caller: anyone, during bidding: the commitment itself binds the bidder.
     * @return sequence the commitment's number in order of arrival (ties go to the lowest)
     */
    function commit(
        uint256 orderId,
        Order calldata order,
        bytes32 commitment
    ) external returns (uint32 sequence);

    /**
     * @notice Reveals the caller's bid: `unitPrice`, delivery by `deliveryDate`, sealed with
     * `salt`. Caller: the bidder named inside the commitment, during revealing (also when the
     * order was cancelled). The bond goes back to whoever posted it, unless the bid becomes the
     * best so far (then it stays as performance security until it is outbid or the invoice
     * completes).
     * @dev Reverts with {ProcurementAuctionConflictedBidder} when the bidder is the order's
     * customer or arbiter (the bond is then forfeited at settlement). A bond posted by the
     * customer or the arbiter is forfeited to the customer at the reveal, and the bid counts
     * without one (a winner without a bond has none to release).
     * A bidder's own bids never set its second price: the second-best price is the best of the
     * other bidders'.
     */
    function reveal(
        uint256 orderId,
        Order calldata order,
        uint128 unitPrice,
        uint48 deliveryDate,
        bytes32 salt
    ) external;

    /**
     * @notice After revealing ends, anyone settles: the winner's invoice opens in the escrow,
     * funded from the budget, the rest of the budget goes back, and the bonds of bids never
     * revealed go to the customer. Without a valid bid the order closes and the budget goes back.
     * @dev On a cancelled order (whose budget went back at cancellation), `settle` only forfeits
     * the bonds of its commitments never revealed to the customer, once, after revealing ends;
     * before, after that or with none unrevealed it reverts with {ProcurementAuctionWrongPhase}
     * (current Cancelled, allowed Settling). Costs the same whatever the number of bids.
     */
    function settle(uint256 orderId, Order calldata order) external;

    /**
     * @notice Once the winner's invoice is settled, anyone releases the winner's bond. It goes
     * back to the winner's committer when the winner was paid for its delivery (the milestone
     * was released, or the arbiter ruled it a share). It is forfeited to the customer when the
     * milestone was refunded (the winner let the delivery date and grace period pass; no
     * customer's dispute can stop a delivery, as the escrow lets only the supplier dispute a
     * pending milestone) or the arbiter ruled the winner nothing.
     */
    function releaseWinnerBond(uint256 orderId, Order calldata order) external;

    /**
     * @notice Sends everything credited to the caller under order `orderId` (payments of that
     * order the token refused to deliver, see {PaymentDeferred}), in the order's token, to `to`,
     * which may be any address but zero.
     * @dev Caller: anyone; each account withdraws only its own credit. Emits {Withdrawn}, which
     * names the order. Reverts with {ProcurementAuctionUnknownOrder} for an unknown order,
     * {ProcurementAuctionWrongTerms} for the wrong order, {ProcurementAuctionNothingToWithdraw}
     * when nothing is credited, and {ProcurementAuctionZeroRecipient} when `to` is zero.
     */
    function withdraw(uint256 orderId, Order calldata order, address to) external;

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @notice The EIP-712 commitment of a bid; compute it off chain the same way.
    function commitmentOf(
        uint256 orderId,
        address bidder,
        uint128 unitPrice,
        uint48 deliveryDate,
        bytes32 salt
    ) external view returns (bytes32);

    /// @notice Order `orderId` as stored (its state as stored: see {phase}).
    function orderRecord(uint256 orderId) external view returns (OrderRecord memory);

    /// @notice The phase of order `orderId` (passed whole as `order`) as of now.
    function phase(uint256 orderId, Order calldata order) external view returns (OrderState);

    /// @notice The bid of order `orderId` sealed as `commitment` (committer zero when none).
    function bid(uint256 orderId, bytes32 commitment) external view returns (Bid memory);

    /// @notice The hash under which the auction stores `order`: `keccak256(abi.encode(order))`.
    function hashOrder(Order calldata order) external pure returns (bytes32);

    /// @notice What is credited to `account` under order `orderId`, in the order's token, to
    /// {withdraw}: the sum of that order's {PaymentDeferred} payments to it not yet withdrawn.
    function owed(uint256 orderId, address account) external view returns (uint256);
}
