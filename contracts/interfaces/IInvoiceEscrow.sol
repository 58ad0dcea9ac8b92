// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IInvoiceEscrow
 * @notice Escrowed invoices in any ERC-20: the payer's money is locked when the deal is made,
 * released in milestones (the payer's approval, or delivery of conforming parts against the
 * part registry, delivery-versus-payment), refunded when the supplier does not deliver, and
 * split by an arbiter when the two disagree. The supplier is paid until it assigns its right to
 * be paid: the receivable, an ERC-721 (token id = invoice id) minted at assignment that can be
 * sold on; payments go to whoever holds it. See `docs/invoicing.md`.
 * @dev The escrow stores an invoice as the hash of what was agreed ({Invoice}: the supplier, the
 * terms and the milestones) and one slot of state ({InvoiceRecord}). The agreement travels in
 * calldata: {InvoiceProposed} carries it whole, and every later call passes it back and is
 * refused with {InvoiceEscrowWrongTerms} when it does not hash to what was stored.
 * Amounts are in the token's smallest unit. Fee-on-transfer tokens are refused at funding
 * (the escrow must receive exactly the total); rebasing tokens are not supported. A payment that
 * cannot be sent (a blocklisted or reverting receiver) is credited to the receiver, who
 * withdraws it later to any address: one party never blocks the other's money.
 */
interface IInvoiceEscrow {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Where an invoice stands.
     *
     *   Proposed ──fund──▶ Funded ──(every milestone settled)──▶ Settled
     *   Proposed ──cancel──▶ Cancelled
     */
    enum InvoiceState {
        None,
        Proposed,
        Funded,
        Settled,
        Cancelled
    }

    /// @notice What releases a milestone.
    enum MilestoneKind {
        Approval,
        Delivery
    }

    /**
     * @notice Where a milestone stands.
     *
     *   Pending ──approve / deliver (no window)──▶ Released
     *   Pending ──deliver (with window)──▶ Delivered ──accept / claim after the window──▶ Released
     *   Delivered ──reject / dispute (payer, within the window)──▶ Disputed
     *   Pending ──dispute (supplier, before due date + grace)──▶ Disputed
     *   Disputed ──rule──▶ Resolved;  Disputed ──(ruling period lapses)──▶ back where it was
     *   (a delivery back from a lapsed dispute is claimable at once, and not disputable again)
     *   Pending ──reclaim after due date + grace──▶ Refunded
     */
    enum MilestoneState {
        None,
        Pending,
        Delivered,
        Disputed,
        Released,
        Resolved,
        Refunded
    }

    /**
     * @notice The terms of an invoice, as proposed by the supplier. The lateness penalty is
     * `penaltyPerDay` per started day after `dueDate`, capped at `penaltyCap` per delivery
     * milestone (a cap is required when a penalty is set) and at the milestone's amount. An
     * invoice the payer funded at or after `dueDate` charges no penalty at all.
     */
    struct InvoiceTerms {
        address payer;
        address token;
        uint48 dueDate;
        uint32 acceptanceWindow;
        uint32 gracePeriod;
        uint32 rulingPeriod;
        address arbiter;
        uint96 penaltyPerDay;
        uint96 penaltyCap;
    }

    /// @notice A milestone as proposed: its share of the total and what releases it.
    struct MilestoneTerms {
        uint128 amount;
        MilestoneKind kind;
        uint16 quantity;
        bytes32 specHash;
    }

    /**
     * @notice An invoice as agreed: who supplies, on what terms, in which milestones. The
     * escrow keeps only its hash ({hashInvoice}); every call after the proposal passes it back.
     * The total is the sum of the milestones' amounts.
     */
    struct Invoice {
        address supplier;
        InvoiceTerms terms;
        MilestoneTerms[] milestones;
    }

    /**
     * @notice An invoice as stored: the hash of its {Invoice} and one slot of state.
     * `milestoneStates` holds each milestone's {MilestoneState} in four bits (milestone `i` in
     * bits `4i` to `4i + 3`; None past the last milestone). `fundedLate`: funded at or after the
     * due date, so no lateness penalty. `payeePaid`: some milestone paid the payee more than
     * nothing. `assigned`: the receivable was minted ({assignReceivable}). Layout: slot 0 =
     * termsHash; slot 1 = supplier (20) + state, openMilestones, fundedLate, payeePaid,
     * assigned (5) + milestoneStates (4).
     */
    struct InvoiceRecord {
        bytes32 termsHash;
        address supplier;
        InvoiceState state;
        uint8 openMilestones;
        bool fundedLate;
        bool payeePaid;
        bool assigned;
        uint32 milestoneStates;
    }

    /**
     * @notice A milestone as it stands. `deadline` is the end of the acceptance window while
     * Delivered, and of the ruling period while Disputed; `penalty` is fixed at a held delivery;
     * `disputedFrom` is where the last dispute came from (until a later held delivery rewrites
     * the three). The last three are written only when a
     * delivery is held or a dispute opens (zero for a milestone that never was either), and are
     * not cleared afterwards: they keep their last values once the milestone is settled (a
     * delivery paid at once never writes them; its penalty is in its {Delivered} event).
     */
    struct MilestoneStatus {
        MilestoneState state;
        MilestoneState disputedFrom;
        uint48 deadline;
        uint128 penalty;
    }

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /// @notice `supplier` proposed invoice `invoiceId` to `payer`: `invoice` is the whole
    /// agreement (terms and milestones), which every later call passes back; `total` is the sum
    /// of its milestones.
    event InvoiceProposed(
        uint256 indexed invoiceId,
        address indexed supplier,
        address indexed payer,
        Invoice invoice,
        uint256 total
    );

    /// @notice `funder` locked `amount` in escrow for invoice `invoiceId`.
    event InvoiceFunded(uint256 indexed invoiceId, address indexed funder, uint256 amount);

    /// @notice The supplier assigned the receivable of invoice `invoiceId` to `holder` (minted
    /// to it): every later payment to the payee goes to whoever holds it.
    event ReceivableAssigned(uint256 indexed invoiceId, address indexed holder);

    /// @notice `by` cancelled proposed invoice `invoiceId`.
    event InvoiceCancelled(uint256 indexed invoiceId, address indexed by);

    /// @notice The supplier delivered `partIds` against milestone `index`; the parts moved to the
    /// payer. `penalty` is deducted for lateness; the payment is held until `deadline` (zero when
    /// it was released at once).
    event Delivered(
        uint256 indexed invoiceId,
        uint256 indexed index,
        uint256[] partIds,
        uint128 penalty,
        uint48 deadline
    );

    /// @notice Milestone `index` paid `toPayee` to the payee `payee` (the receivable's holder,
    /// or the supplier while it is unassigned) and `toPayer` back to the payer.
    event MilestoneReleased(
        uint256 indexed invoiceId,
        uint256 indexed index,
        address indexed payee,
        uint128 toPayee,
        uint128 toPayer
    );

    /// @notice `by` disputed milestone `index`, for the reason `reasonHash`.
    event Disputed(
        uint256 indexed invoiceId,
        uint256 indexed index,
        address indexed by,
        bytes32 reasonHash
    );

    /// @notice `arbiter` ruled on milestone `index`: `toPayee` to the receivable holder, the
    /// rest to the payer.
    event Ruled(
        uint256 indexed invoiceId,
        uint256 indexed index,
        address indexed arbiter,
        uint128 toPayee
    );

    /// @notice Nobody ruled on milestone `index` in time: it went back to `restored`.
    event DisputeLapsed(uint256 indexed invoiceId, uint256 indexed index, MilestoneState restored);

    /// @notice Milestone `index` was refunded to the payer after the due date and grace period.
    event MilestoneRefunded(uint256 indexed invoiceId, uint256 indexed index, uint128 amount);

    /// @notice Every milestone of invoice `invoiceId` is settled (the amounts are in its
    /// {MilestoneReleased} and {MilestoneRefunded} events).
    event InvoiceSettled(uint256 indexed invoiceId);

    /// @notice A payment of invoice `invoiceId` (a release, a refund or a ruling's share):
    /// `amount` of `token` could not be sent to `account` (the token refused: a blocklisted or
    /// reverting receiver) and is credited to it, to {withdraw}.
    event PaymentDeferred(
        uint256 indexed invoiceId,
        address indexed token,
        address indexed account,
        uint256 amount
    );

    /// @notice `account` withdrew `amount` of `token` credited to it by invoice `invoiceId`
    /// (announced by {PaymentDeferred}s of that invoice), to `to`.
    event Withdrawn(
        uint256 indexed invoiceId,
        address indexed token,
        address indexed account,
        address to,
        uint256 amount
    );

    /// @notice The deployer granted `ORIGINATOR_ROLE` to `account` (the procurement
    /// auction), the one wiring step of the deployment; setup is now closed.
    event SetupCompleted(address indexed account);

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    /// @notice `account` is not an active accredited participant in the role needed (`role`,
    /// the participant registry's Role; 255 for any role).
    error InvoiceEscrowNotAccredited(address account, uint8 role);

    /// @notice A contract the escrow depends on (the participant or the part registry) is the
    /// zero address.
    error InvoiceEscrowZeroAddress();

    /// @notice A withdrawal names the zero address as its recipient.
    error InvoiceEscrowZeroRecipient();

    /// @notice The supplier, the payer or the token of the terms is the zero address.
    error InvoiceEscrowZeroParty(address supplier, address payer, address token);

    /// @notice The payer `account` is the supplier itself.
    error InvoiceEscrowPayerIsSupplier(address account);

    /// @notice `token` holds no contract, so it is not an ERC-20 token.
    error InvoiceEscrowTokenNotContract(address token);

    /// @notice The due date `dueDate` is not after the current time `currentTime`.
    error InvoiceEscrowDueDateNotFuture(uint48 dueDate, uint256 currentTime);

    /// @notice The invoice has `count` milestones; it needs one to `max`.
    error InvoiceEscrowMilestoneCount(uint256 count, uint256 max);

    /// @notice The ruling period `rulingPeriod` is shorter than `min` seconds.
    error InvoiceEscrowRulingPeriodTooShort(uint32 rulingPeriod, uint256 min);

    /// @notice A lateness penalty of `penaltyPerDay` a day was set without a cap.
    error InvoiceEscrowPenaltyWithoutCap(uint96 penaltyPerDay);

    /// @notice The arbiter `arbiter` is the payer or the supplier.
    error InvoiceEscrowArbiterIsParty(address arbiter);

    /// @notice The milestones add up to `total`, above the `max` an invoice holds (uint128).
    error InvoiceEscrowTotalTooLarge(uint256 total, uint256 max);

    /// @notice Milestone `index` of the terms has no amount.
    error InvoiceEscrowZeroMilestoneAmount(uint256 index);

    /// @notice Delivery milestone `index` of the terms asks for `quantity` parts of `specHash`;
    /// a delivery needs one to `maxQuantity` parts and a specification.
    error InvoiceEscrowInvalidDeliveryMilestone(
        uint256 index,
        uint16 quantity,
        uint256 maxQuantity,
        bytes32 specHash
    );

    /// @notice Approval milestone `index` of the terms names a quantity (`quantity`) or a
    /// specification (`specHash`); an approval takes neither.
    error InvoiceEscrowInvalidApprovalMilestone(uint256 index, uint16 quantity, bytes32 specHash);

    /// @notice Invoice `invoiceId` does not exist.
    error InvoiceEscrowUnknownInvoice(uint256 invoiceId);

    /// @notice The invoice passed for `invoiceId` hashes to `given`, not to the `stored` hash of
    /// what was agreed: take the agreement from the invoice's {InvoiceProposed} event.
    error InvoiceEscrowWrongTerms(uint256 invoiceId, bytes32 stored, bytes32 given);

    /// @notice `caller` proposed an invoice naming `supplier`: a supplier proposes its own.
    error InvoiceEscrowSupplierNotCaller(address supplier, address caller);

    /// @notice The receivable of invoice `invoiceId` is already assigned, to `holder`.
    error InvoiceEscrowReceivableAssigned(uint256 invoiceId, address holder);

    /// @notice Invoice `invoiceId` has no milestone `index`: it has `count` (numbered from 0).
    error InvoiceEscrowUnknownMilestone(uint256 invoiceId, uint256 index, uint256 count);

    /// @notice Invoice `invoiceId` is in state `current`, and the action needs one of the states
    /// whose bit (`1 << uint8(state)`) is set in `allowedStates`.
    error InvoiceEscrowWrongInvoiceState(
        uint256 invoiceId,
        InvoiceState current,
        uint8 allowedStates
    );

    /// @notice Milestone `index` of invoice `invoiceId` is in state `current`, and the action
    /// needs one of the states whose bit (`1 << uint8(state)`) is set in `allowedStates`.
    error InvoiceEscrowWrongMilestoneState(
        uint256 invoiceId,
        uint256 index,
        MilestoneState current,
        uint8 allowedStates
    );

    /// @notice Milestone `index` of invoice `invoiceId` is not of the kind the action needs.
    error InvoiceEscrowWrongMilestoneKind(uint256 invoiceId, uint256 index, MilestoneKind kind);

    /// @notice `caller` may not do this to invoice `invoiceId`.
    error InvoiceEscrowUnauthorized(uint256 invoiceId, address caller);

    /// @notice The escrow received `received` of the `expected` funding (a fee-on-transfer
    /// token, refused).
    error InvoiceEscrowFundingShortfall(uint256 expected, uint256 received);

    /// @notice `count` parts were delivered; milestone needs exactly `quantity`.
    error InvoiceEscrowWrongQuantity(uint256 count, uint256 quantity);

    /// @notice Part `partId` is not a conforming part of the milestone's specification held by
    /// the supplier.
    error InvoiceEscrowPartNotAcceptable(uint256 partId);

    /// @notice Now is `currentTime`; the action needs it to be before (or, `after_` true, at or
    /// after) `deadline`.
    error InvoiceEscrowDeadline(uint256 deadline, uint256 currentTime, bool after_);

    /// @notice A ruling of `toPayee` exceeds the disputed `amount` (the milestone's amount less
    /// any lateness penalty, which is the payer's whatever the ruling).
    error InvoiceEscrowRulingTooLarge(uint256 toPayee, uint256 amount);

    /// @notice Invoice `invoiceId` has no pending milestone left to refund.
    error InvoiceEscrowNothingToReclaim(uint256 invoiceId);

    /// @notice Nothing is credited to `account` by invoice `invoiceId`.
    error InvoiceEscrowNothingToWithdraw(uint256 invoiceId, address account);

    /// @notice The receivable of invoice `invoiceId` cannot go to its arbiter `arbiter`: an
    /// arbiter is never paid by its own ruling.
    error InvoiceEscrowReceivableToArbiter(uint256 invoiceId, address arbiter);

    /// @notice `governance` cannot be the first admin: it is the zero address or the deployer.
    error InvoiceEscrowInvalidGovernance(address governance);

    /// @notice The admin hand-over delay `delay` is outside `[min, max]` seconds.
    error InvoiceEscrowInvalidAdminDelay(uint48 delay, uint48 min, uint48 max);

    /// @notice `caller` is not the deployer, the only account that may complete the setup.
    error InvoiceEscrowNotDeployer(address caller);

    /// @notice The setup was already completed; it happens once.
    error InvoiceEscrowSetupClosed();

    /// @notice `account` cannot be wired at setup: it is the zero address, the deployer, or has
    /// no code (the originator is a contract).
    error InvoiceEscrowInvalidSetupAccount(address account);

    // ------------------------------------------------------------------------------------------
    // Invoices
    // ------------------------------------------------------------------------------------------

    /// @notice The access-control role of contracts that open funded invoices (the auction).
    function ORIGINATOR_ROLE() external view returns (bytes32);

    /**
     * @notice Grants `ORIGINATOR_ROLE` to `account` (the procurement auction), the one wiring
     * step the deployment needs, without the deployer ever holding the admin role.
     * @dev Caller: the deployer, once. `account` must be a contract other than the deployer.
     * Governance can revoke the role later like any other grant.
     */
    function completeSetup(address account) external;

    /// @notice The account wired by {completeSetup}; the zero address while setup is open.
    function setupAccount() external view returns (address);

    /**
     * @notice Proposes `invoice` to its payer. The payer agrees by funding it.
     * @dev Caller: the supplier (`invoice.supplier`), an active participant. The payer must be
     * an active customer; the arbiter, when given, an active arbiter that is neither party (nor
     * can it ever hold the receivable). One to eight milestones whose amounts sum to the total;
     * a delivery milestone names a quantity and a specification. Stores the invoice's hash;
     * {InvoiceProposed} carries the whole invoice.
     * @return invoiceId the new invoice
     */
    function proposeInvoice(Invoice calldata invoice) external returns (uint256 invoiceId);

    /**
     * @notice Opens `invoice` and funds it from the caller's tokens at once: for contracts whose
     * own rules stand for both parties' agreement (the procurement auction).
     * @dev Caller: holder of `ORIGINATOR_ROLE`. The supplier must be an active participant and
     * the invoice passes the same checks as for {proposeInvoice}.
     */
    function openFundedInvoice(Invoice calldata invoice) external returns (uint256 invoiceId);

    /**
     * @notice The payer agrees to proposed invoice `invoiceId` (passed whole as `invoice`) by
     * locking its total in escrow (approve-and-transfer).
     * @dev Caller: the payer. Refuses a token that delivers less than it was asked to move. An
     * invoice funded at or after its due date charges no lateness.
     */
    function fund(uint256 invoiceId, Invoice calldata invoice) external;

    /**
     * @notice {fund}, with an EIP-2612 permit instead of a prior approval. A permit already used
     * (front-run) is tolerated when the allowance is in place.
     */
    function fundWithPermit(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Withdraws a proposed invoice (the supplier) or declines it (the payer).
    function cancel(uint256 invoiceId, Invoice calldata invoice) external;

    /**
     * @notice The supplier assigns its right to be paid: the receivable of funded invoice
     * `invoiceId` is minted to `holder`, and every later payment to the payee goes to whoever
     * holds it. Once.
     * @dev Caller: the supplier. The holder can be neither the escrow nor the invoice's arbiter
     * (now or after any later transfer).
     */
    function assignReceivable(uint256 invoiceId, Invoice calldata invoice, address holder) external;

    // ------------------------------------------------------------------------------------------
    // Milestones
    // ------------------------------------------------------------------------------------------

    /// @notice The payer approves approval milestone `index`: it is paid to the payee.
    function approveMilestone(uint256 invoiceId, Invoice calldata invoice, uint256 index) external;

    /**
     * @notice Delivery versus payment: the supplier delivers `partIds` against delivery milestone
     * `index`; in the same transaction the parts move to the payer and the payment is released
     * (or held for the acceptance window). A penalty per day late since the due date, capped,
     * goes back to the payer.
     * @dev Caller: the supplier, which must have approved the escrow to move each part: a
     * per-part `approve(escrow, partId)` on the part registry is enough (it lapses when the part
     * moves), no operator approval over all the supplier's parts is needed. Each part must be
     * deliverable: held by the supplier, of the milestone's specification and conforming
     * ({IPartRegistry-isDeliverable}). Refused after the due date plus grace period.
     */
    function deliver(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        uint256[] calldata partIds
    ) external;

    /// @notice The payer accepts a held delivery: it is paid at once, without waiting for the
    /// window to end (after it, anyone can {claim} it the same way).
    function acceptDelivery(uint256 invoiceId, Invoice calldata invoice, uint256 index) external;

    /// @notice The payer rejects a held delivery within its window, which opens a dispute.
    function rejectDelivery(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        bytes32 reasonHash
    ) external;

    /// @notice After a delivery's acceptance window lapses, anyone releases its payment.
    function claim(uint256 invoiceId, Invoice calldata invoice, uint256 index) external;

    /**
     * @notice Disputes a milestone whose money is still held; each party disputes only what the
     * other stalls on: the payer a delivery within its acceptance window, the supplier a
     * pending milestone before the due date plus grace period (after which the payer reclaims
     * it). A delivery back from a lapsed dispute cannot be disputed again.
     * @dev Caller: the payer (Delivered) or the supplier (Pending); anyone else, or the other
     * party, is refused with {InvoiceEscrowUnauthorized}.
     */
    function dispute(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        bytes32 reasonHash
    ) external;

    /**
     * @notice The invoice's arbiter rules how a disputed milestone splits: `toPayee` to the
     * payee, the rest (less any lateness penalty already due to the payer) to the payer. The
     * ruling executes itself.
     * @dev Caller: the invoice's arbiter, active, within the ruling period.
     */
    function rule(
        uint256 invoiceId,
        Invoice calldata invoice,
        uint256 index,
        uint128 toPayee
    ) external;

    /**
     * @notice After the ruling period passes with no ruling, anyone lets the dispute lapse: the
     * milestone goes back to where it was; a delivery comes back claimable at once, and can be
     * neither disputed nor rejected again. Needs no terms: nothing of them is used.
     */
    function lapseDispute(uint256 invoiceId, uint256 index) external;

    /**
     * @notice After the due date plus grace period, anyone refunds the payer every milestone
     * still Pending (not delivered, approved or disputed).
     */
    function reclaim(uint256 invoiceId, Invoice calldata invoice) external;

    /// @notice Sends what invoice `invoiceId` credited to the caller (payments the token
    /// refused to send), in the invoice's token, to `to`; emits {Withdrawn}.
    function withdraw(uint256 invoiceId, Invoice calldata invoice, address to) external;

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @notice Invoice `invoiceId` as stored: the hash of its terms and its state.
    function invoiceRecord(uint256 invoiceId) external view returns (InvoiceRecord memory);

    /// @notice Milestone `index` of invoice `invoiceId`, as it stands.
    function milestone(
        uint256 invoiceId,
        uint256 index
    ) external view returns (MilestoneStatus memory);

    /// @notice Who is paid for invoice `invoiceId`: the receivable's holder once assigned, the
    /// supplier before.
    function payee(uint256 invoiceId) external view returns (address);

    /// @notice The hash under which the escrow stores `invoice`: `keccak256(abi.encode(invoice))`.
    function hashInvoice(Invoice calldata invoice) external pure returns (bytes32);

    /// @notice What invoice `invoiceId` credited to `account`, in the invoice's token.
    function owed(uint256 invoiceId, address account) external view returns (uint256);
}
