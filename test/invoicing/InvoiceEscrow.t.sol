// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ParticipantRegistry} from "../../contracts/participants/ParticipantRegistry.sol";
import {InvoiceEscrow} from "../../contracts/invoicing/InvoiceEscrow.sol";
import {IInvoiceEscrow} from "../../contracts/interfaces/IInvoiceEscrow.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {BlocklistTokenMock} from "../../contracts/mocks/BlocklistTokenMock.sol";
import {StablecoinMock} from "../../contracts/mocks/StablecoinMock.sol";
import {PartRegistry} from "../../contracts/provenance/PartRegistry.sol";
import {Test} from "../utils/Test.sol";
import {SuiteSetup} from "../utils/SuiteSetup.sol";

/// @notice Constants shared by the fixture and the invariant handler.
abstract contract EscrowConstants {
    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant ACTOR_VALIDITY = 10 * 365 days;
    uint48 internal constant DEFAULT_VALIDITY = 365 days;
    bytes32 internal constant SCHEME = "EN-10204-3.1";
    bytes32 internal constant DOCUMENT = keccak256("scheme document");
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    bytes32 internal constant MATERIAL = keccak256("Ti-6Al-4V bar, AMS 4928");
    bytes8 internal constant UNIT = "kg";
    bytes32 internal constant SPEC = keccak256("bracket, rev A");
    bytes32 internal constant OTHER_SPEC = keccak256("bracket, rev B");
    bytes32 internal constant REASON = keccak256("reason");
    /// @dev Where a call of {_termsCallData} assigns a receivable or withdraws to.
    address internal constant HOLDER = address(0x401D);
    /// @dev The payer signs EIP-2612 permits, so it is an address with a known key.
    uint256 internal constant PAYER_KEY = 0xA11CE;
    uint64 internal constant MATERIAL_QUANTITY = 1e12;
    uint256 internal constant PAYER_FUNDS = 1e30;
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    /// @dev Who makes a call of {_termsCallData}: the party the action is for, or anyone.
    uint256 internal constant BY_PAYER = 0;
    uint256 internal constant BY_SUPPLIER = 1;
    uint256 internal constant BY_ARBITER = 2;
    uint256 internal constant BY_ANYONE = 3;
    /// @dev How many kinds of change {_changeOne} makes, and of calls {_termsCallData} builds.
    uint256 internal constant CHANGES = 16;
    uint256 internal constant TERMS_CALLS = 13;

    /**
     * @dev A copy of `inv` with one thing changed (`change` picks which, `value` how): the
     * supplier, a term (payer, token, due date, window, grace, ruling period, arbiter, penalty
     * rate or cap), a field of one milestone (amount, kind, quantity, specification), one
     * milestone more or one less. Every field changes to a different value (xor with a nonzero
     * value), so the copy never hashes like `inv`.
     */
    function _changeOne(
        IInvoiceEscrow.Invoice memory inv,
        uint256 change,
        uint256 value
    ) internal pure returns (IInvoiceEscrow.Invoice memory c) {
        c = abi.decode(abi.encode(inv), (IInvoiceEscrow.Invoice));
        IInvoiceEscrow.InvoiceTerms memory t = c.terms;
        uint256 field = change % CHANGES;
        uint160 a = uint160(_nonzero(value, type(uint160).max));
        if (field == 0) c.supplier = address(uint160(c.supplier) ^ a);
        else if (field == 1) t.payer = address(uint160(t.payer) ^ a);
        else if (field == 2) t.token = address(uint160(t.token) ^ a);
        else if (field == 3) t.dueDate ^= uint48(_nonzero(value, type(uint48).max));
        else if (field == 4) t.acceptanceWindow ^= uint32(_nonzero(value, type(uint32).max));
        else if (field == 5) t.gracePeriod ^= uint32(_nonzero(value, type(uint32).max));
        else if (field == 6) t.rulingPeriod ^= uint32(_nonzero(value, type(uint32).max));
        else if (field == 7) t.arbiter = address(uint160(t.arbiter) ^ a);
        else if (field == 8) t.penaltyPerDay ^= uint96(_nonzero(value, type(uint96).max));
        else if (field == 9) t.penaltyCap ^= uint96(_nonzero(value, type(uint96).max));
        else if (field < 14) _changeMilestone(c.milestones, field, change / CHANGES, value);
        else if (field == 14) c.milestones = _resized(c.milestones, c.milestones.length + 1);
        else c.milestones = _resized(c.milestones, c.milestones.length - 1);
    }

    /// @dev Changes field `field` (10 amount, 11 kind, 12 quantity, 13 specification) of
    /// milestone `which` (modulo the count).
    function _changeMilestone(
        IInvoiceEscrow.MilestoneTerms[] memory ms,
        uint256 field,
        uint256 which,
        uint256 value
    ) private pure {
        IInvoiceEscrow.MilestoneTerms memory m = ms[which % ms.length];
        if (field == 10) m.amount ^= uint128(_nonzero(value, type(uint128).max));
        else if (field == 11) {
            m.kind =
                m.kind == IInvoiceEscrow.MilestoneKind.Approval
                    ? IInvoiceEscrow.MilestoneKind.Delivery
                    : IInvoiceEscrow.MilestoneKind.Approval;
        } else if (field == 12) m.quantity ^= uint16(_nonzero(value, type(uint16).max));
        else m.specHash ^= bytes32(_nonzero(value, type(uint256).max));
    }

    /// @dev The first `count` milestones of `ms`, a copy of the first one added when longer.
    function _resized(
        IInvoiceEscrow.MilestoneTerms[] memory ms,
        uint256 count
    ) private pure returns (IInvoiceEscrow.MilestoneTerms[] memory r) {
        r = new IInvoiceEscrow.MilestoneTerms[](count);
        for (uint256 i; i < count; ++i) r[i] = i < ms.length ? ms[i] : ms[0];
    }

    /// @dev `value` mapped into `[1, max]`.
    function _nonzero(uint256 value, uint256 max) private pure returns (uint256) {
        return (value % max) + 1;
    }

    /**
     * @dev The calldata of one of the escrow's actions that take the invoice (`action` picks
     * which, modulo {TERMS_CALLS}: fund, fund with a permit, cancel, assign the receivable,
     * approve, deliver, accept, reject, claim, dispute, rule, reclaim, withdraw) on milestone 0
     * of `invoiceId`, passing `inv`; and who it is for ({BY_PAYER}, {BY_SUPPLIER}, {BY_ARBITER} or
     * {BY_ANYONE}).
     */
    function _termsCallData(
        uint256 action,
        uint256 invoiceId,
        IInvoiceEscrow.Invoice memory inv
    ) internal pure returns (uint256 who, bytes memory data) {
        uint256 k = action % TERMS_CALLS;
        who = BY_PAYER;
        if (k == 0) data = abi.encodeCall(IInvoiceEscrow.fund, (invoiceId, inv));
        else if (k == 1) {
            data = abi.encodeCall(
                IInvoiceEscrow.fundWithPermit,
                (invoiceId, inv, T0 + 1 days, 27, bytes32(0), bytes32(0))
            );
        } else if (k == 2) data = abi.encodeCall(IInvoiceEscrow.cancel, (invoiceId, inv));
        else if (k == 3) {
            who = BY_SUPPLIER;
            data = abi.encodeCall(IInvoiceEscrow.assignReceivable, (invoiceId, inv, HOLDER));
        } else if (k == 4) {
            data = abi.encodeCall(IInvoiceEscrow.approveMilestone, (invoiceId, inv, 0));
        } else if (k == 5) {
            who = BY_SUPPLIER;
            data = abi.encodeCall(IInvoiceEscrow.deliver, (invoiceId, inv, 0, new uint256[](1)));
        } else if (k == 6) {
            data = abi.encodeCall(IInvoiceEscrow.acceptDelivery, (invoiceId, inv, 0));
        } else if (k == 7) {
            data = abi.encodeCall(IInvoiceEscrow.rejectDelivery, (invoiceId, inv, 0, REASON));
        } else if (k == 8) {
            who = BY_ANYONE;
            data = abi.encodeCall(IInvoiceEscrow.claim, (invoiceId, inv, 0));
        } else if (k == 9) {
            data = abi.encodeCall(IInvoiceEscrow.dispute, (invoiceId, inv, 0, REASON));
        } else if (k == 10) {
            who = BY_ARBITER;
            data = abi.encodeCall(IInvoiceEscrow.rule, (invoiceId, inv, 0, 1));
        } else if (k == 11) {
            who = BY_ANYONE;
            data = abi.encodeCall(IInvoiceEscrow.reclaim, (invoiceId, inv));
        } else {
            who = BY_ANYONE;
            data = abi.encodeCall(IInvoiceEscrow.withdraw, (invoiceId, inv, HOLDER));
        }
    }

    /// @dev The lateness penalty the NatSpec describes: per started day after the due date,
    /// times the rate, capped by the cap and by the milestone's amount. Zero on time, and zero
    /// when the invoice was funded (`fundedAt`) at or after the due date.
    function _penaltyAt(
        uint256 time,
        uint256 dueDate,
        uint256 perDay,
        uint256 cap,
        uint256 amount,
        uint256 fundedAt
    ) internal pure returns (uint128) {
        if (time <= dueDate || perDay == 0 || fundedAt >= dueDate) return 0;
        uint256 late = time - dueDate;
        uint256 daysLate = late / 1 days + (late % 1 days == 0 ? 0 : 1);
        uint256 penalty = daysLate * perDay;
        if (penalty > cap) penalty = cap;
        if (penalty > amount) penalty = amount;
        return uint128(penalty);
    }
}

/// @notice The participants, the material, the escrow and the two tokens every test starts from.
abstract contract EscrowFixture is SuiteSetup, EscrowConstants {
    uint32 internal constant RULING = 2 days;

    address internal registrar = address(0x3001);
    address internal standardsBody = address(0x3002);
    address internal auditor = address(0x3003);
    address internal producer = address(0x3004);
    address internal supplier = address(0x3005);
    address internal arbiter = address(0x3006);
    address internal financier = address(0x3007);
    /// @dev Holds ORIGINATOR_ROLE, as the procurement auction will.
    address internal originator = address(0x3008);
    address internal payer;

    PartRegistry internal parts;
    InvoiceEscrow internal escrow;
    StablecoinMock internal stable;
    BlocklistTokenMock internal blocklist;
    /// @dev The supplier's material, from which every part is made (one unit each).
    uint32 internal materialId;
    uint256 private _serialNonce;

    function _deployFixture() internal {
        vm.warp(T0);
        payer = vm.addr(PAYER_KEY);
        ParticipantRegistry participants = _participants();
        _material(participants);

        escrow = new InvoiceEscrow(participants, parts, GOVERNANCE, ADMIN_DELAY);
        stable = new StablecoinMock("Test USD", "TUSD");
        blocklist = new BlocklistTokenMock();
        vm.startPrank(GOVERNANCE);
        escrow.grantRole(escrow.ORIGINATOR_ROLE(), originator);
        vm.stopPrank();
        address[2] memory funders = [payer, originator];
        for (uint256 i; i < 2; ++i) {
            stable.mint(funders[i], PAYER_FUNDS);
            blocklist.mint(funders[i], PAYER_FUNDS);
            vm.startPrank(funders[i]);
            stable.approve(address(escrow), type(uint256).max);
            blocklist.approve(address(escrow), type(uint256).max);
            vm.stopPrank();
        }
        vm.prank(supplier);
        parts.setApprovalForAll(address(escrow), true);
    }

    /// @dev The registry (governed by GOVERNANCE) with every actor accredited, and the
    /// producer certified with no capacity limit.
    function _participants() private returns (ParticipantRegistry participants) {
        participants = _deploySuite(registrar);

        uint48 until = uint48(T0 + ACTOR_VALIDITY);
        vm.startPrank(registrar);
        participants.accredit(
            standardsBody,
            _bit(IParticipantRegistry.Role.StandardsBody),
            until,
            EVIDENCE
        );
        participants.accredit(auditor, _bit(IParticipantRegistry.Role.Auditor), until, EVIDENCE);
        participants.accredit(producer, _bit(IParticipantRegistry.Role.Producer), until, EVIDENCE);
        participants.accredit(
            supplier,
            _bit(IParticipantRegistry.Role.Manufacturer),
            until,
            EVIDENCE
        );
        participants.accredit(payer, _bit(IParticipantRegistry.Role.Customer), until, EVIDENCE);
        participants.accredit(arbiter, _bit(IParticipantRegistry.Role.Arbiter), until, EVIDENCE);
        vm.stopPrank();

        _defineScheme(participants, standardsBody, SCHEME, DOCUMENT, DEFAULT_VALIDITY, auditor);
        // No capacity limit (capacityPerPeriod 0): one big batch of material.
        _grantCertificate(participants, producer, auditor, SCHEME, 0, 0, 0, EVIDENCE);
    }

    /// @dev The part registry, both specifications, and one big batch held by the supplier.
    function _material(ParticipantRegistry participants) private {
        parts = new PartRegistry(participants);
        participants.completeSetup(address(parts));
        // requiredKinds 0: a part made to either specification conforms without attestations.
        vm.startPrank(supplier);
        parts.defineSpecification(SPEC, 0);
        parts.defineSpecification(OTHER_SPEC, 0);
        vm.stopPrank();
        bytes32[] memory schemeIds = new bytes32[](1);
        schemeIds[0] = SCHEME;
        vm.startPrank(producer);
        uint32 root = parts.registerBatch(MATERIAL, MATERIAL_QUANTITY, UNIT, schemeIds, EVIDENCE);
        materialId = parts.transferBatch(root, supplier, MATERIAL_QUANTITY);
        vm.stopPrank();
    }

    function _terms(
        address token,
        uint256 dueIn,
        uint32 window,
        uint32 grace,
        address arbiter_,
        uint96 perDay,
        uint96 cap
    ) internal view returns (IInvoiceEscrow.InvoiceTerms memory) {
        return
            IInvoiceEscrow.InvoiceTerms({
                payer: payer,
                token: token,
                dueDate: uint48(block.timestamp + dueIn),
                acceptanceWindow: window,
                gracePeriod: grace,
                rulingPeriod: RULING,
                arbiter: arbiter_,
                penaltyPerDay: perDay,
                penaltyCap: cap
            });
    }

    function _oneDelivery(
        uint128 amount,
        uint16 quantity
    ) internal pure returns (IInvoiceEscrow.MilestoneTerms[] memory ms) {
        ms = new IInvoiceEscrow.MilestoneTerms[](1);
        ms[0] = IInvoiceEscrow.MilestoneTerms({
            amount: amount,
            kind: IInvoiceEscrow.MilestoneKind.Delivery,
            quantity: quantity,
            specHash: SPEC
        });
    }

    /// @dev The supplier's invoice on `terms` in `ms`.
    function _invoice(
        IInvoiceEscrow.InvoiceTerms memory terms,
        IInvoiceEscrow.MilestoneTerms[] memory ms
    ) internal view returns (IInvoiceEscrow.Invoice memory) {
        return IInvoiceEscrow.Invoice({supplier: supplier, terms: terms, milestones: ms});
    }

    /// @dev The supplier proposes `inv`, the payer funds it.
    function _open(IInvoiceEscrow.Invoice memory inv) internal returns (uint256 invoiceId) {
        vm.prank(supplier);
        invoiceId = escrow.proposeInvoice(inv);
        vm.prank(payer);
        escrow.fund(invoiceId, inv);
    }

    /// @dev `count` fresh conforming parts of `spec`, made by the supplier.
    function _freshParts(uint256 count, bytes32 spec) internal returns (uint256[] memory ids) {
        bytes32[] memory serials = new bytes32[](count);
        ids = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            serials[i] = keccak256(abi.encode("fixture part", ++_serialNonce));
            ids[i] = uint256(keccak256(abi.encode(supplier, serials[i])));
        }
        IPartRegistry.BatchInput[] memory inputs = new IPartRegistry.BatchInput[](1);
        inputs[0] = IPartRegistry.BatchInput({batchId: materialId, quantity: 1});
        vm.prank(supplier);
        parts.makeParts(spec, serials, new address[](0), inputs);
    }
}

/**
 * @notice The invariant fuzzer's only target. Drives random sequences of propose, fund (with and
 * without a permit), open-and-fund (by an originator), cancel, approve, deliver (on time or late,
 * sometimes with a wrong part or count), accept, reject, claim, dispute, rule, lapse, reclaim,
 * withdraw, the assignment of a receivable and its sale, and calls with changed terms, as the
 * right parties, and blocklists the parties on the blocklisting token now and then so that
 * payments get credited. An action that finds nothing to act on first builds what it needs
 * (propose, fund, deliver, dispute), so that every path is reached within 50 calls. The escrow
 * stores only the hash of an invoice: the handler keeps every invoice it proposed whole (see
 * {invoiceOf}) and passes it back. It keeps its own model of every invoice and milestone and
 * ghost sums per token (funded, released, refunded, credited, withdrawn: the escrow no longer
 * counts what it owes), and predicts the outcome of every call first: a revert that was not
 * predicted (or differs from the prediction in any byte), and a success where a revert was
 * predicted, counts in `unexpected`.
 */
// The handler's model needs its state: the contracts, the actors, the kept invoices, the model
// and the ghost sums.
// solhint-disable-next-line max-states-count
contract EscrowHandler is Test, EscrowConstants {
    /// @notice What the handler is given: the contracts and the actors.
    struct Deployment {
        InvoiceEscrow escrow;
        PartRegistry parts;
        StablecoinMock stable;
        BlocklistTokenMock blocklist;
        address payer;
        address supplier;
        address arbiter;
        address financier;
        address originator;
        uint32 materialId;
    }

    /// @notice The model of an invoice.
    struct Inv {
        address token;
        uint48 dueDate;
        uint32 window;
        uint32 grace;
        uint32 rulingPeriod;
        bool hasArbiter;
        uint96 perDay;
        uint96 cap;
        IInvoiceEscrow.InvoiceState state;
        uint8 count;
        uint8 open;
        uint128 total;
        uint128 released;
        uint128 refunded;
        address holder;
        uint48 fundedAt;
        bool assigned;
        bool payeePaid;
    }

    /// @notice The model of a milestone.
    struct Ms {
        uint128 amount;
        IInvoiceEscrow.MilestoneKind kind;
        IInvoiceEscrow.MilestoneState state;
        IInvoiceEscrow.MilestoneState disputedFrom;
        uint16 quantity;
        uint48 deadline;
        uint128 penalty;
    }

    enum Action {
        Approve,
        Deliver,
        Accept,
        Reject,
        Claim,
        Dispute,
        Rule,
        Lapse,
        LateDispute,
        Disputed
    }

    /// @notice What the handler counts.
    enum Count {
        Proposals,
        Fundings,
        OpenedFunded,
        PermitFundings,
        Cancellations,
        Approvals,
        Deliveries,
        LateDeliveries,
        Accepts,
        Rejections,
        Claims,
        Disputes,
        Rulings,
        Lapses,
        Reclaims,
        Withdrawals,
        Sales,
        BlocklistToggles,
        CreditedPayments,
        Refusals,
        LateFundings,
        SalesMidDispute,
        RedisputesRefused,
        Assignments,
        ReassignmentsRefused,
        WrongTermsRefused
    }

    /// @notice Ghost sums of one token: what was funded, released to payees, refunded to the
    /// payer, credited to accounts that could not receive, and withdrawn from credits.
    struct TokenGhost {
        uint256 funded;
        uint256 released;
        uint256 refunded;
        uint256 credited;
        uint256 withdrawn;
    }

    /// @dev What a chained action needs of a fresh invoice (see {_target}).
    uint256 private constant APPROVAL = 1;
    uint256 private constant DELIVERY = 2;
    uint256 private constant WINDOW = 4;
    uint256 private constant ARBITER = 8;
    /// @dev Largest milestone amount (a million tokens of 6 decimals).
    uint256 private constant MAX_AMOUNT = 1e12;
    /// @notice Where withdrawals go when the account itself cannot receive.
    address public constant SINK = address(0x5151);

    InvoiceEscrow public immutable escrow;
    PartRegistry public immutable parts;
    StablecoinMock public immutable stable;
    BlocklistTokenMock public immutable blocklist;
    address public immutable payer;
    address public immutable supplier;
    address public immutable arbiter;
    address public immutable financier;
    address public immutable originator;
    uint32 public immutable materialId;

    uint256 public invoiceCount;
    /// @dev Every invoice proposed, whole: the escrow keeps only its hash.
    mapping(uint256 invoiceId => IInvoiceEscrow.Invoice) private _invoices;
    mapping(uint256 invoiceId => Inv) private _inv;
    mapping(uint256 invoiceId => mapping(uint256 index => Ms)) private _ms;
    /// @dev Every milestone, as `invoiceId << 8 | index`.
    uint256[] private _pairs;

    mapping(address token => TokenGhost) private _tokenGhosts;
    /// @dev Credits per invoice and account (the escrow keys them per invoice).
    mapping(uint256 invoiceId => mapping(address account => uint256)) public ghostOwed;
    mapping(address token => mapping(address account => uint256)) public ghostBalance;
    mapping(address account => bool) public ghostBlocklisted;
    uint256 public ghostPartsMade;
    uint256 public ghostPartsDelivered;

    uint256 public unexpected;
    string public lastUnexpectedAction;
    bytes public lastUnexpectedReason;

    /// @notice How many calls of each kind succeeded (and how many refusals were predicted).
    mapping(Count kind => uint256) public counts;
    uint256 private _serialNonce;

    constructor(Deployment memory d) {
        escrow = d.escrow;
        parts = d.parts;
        stable = d.stable;
        blocklist = d.blocklist;
        payer = d.payer;
        supplier = d.supplier;
        arbiter = d.arbiter;
        financier = d.financier;
        originator = d.originator;
        materialId = d.materialId;
        ghostBalance[address(d.stable)][d.payer] = d.stable.balanceOf(d.payer);
        ghostBalance[address(d.blocklist)][d.payer] = d.blocklist.balanceOf(d.payer);
        ghostBalance[address(d.stable)][d.originator] = d.stable.balanceOf(d.originator);
        ghostBalance[address(d.blocklist)][d.originator] = d.blocklist.balanceOf(d.originator);
    }

    // ------------------------------------------------------------------------------------------
    // Actions: invoices
    // ------------------------------------------------------------------------------------------

    /// @notice The supplier proposes 1 .. 3 milestones (approval or delivery of 1 .. 3 parts) in
    /// a random token, with random due date, windows, arbiter and penalty terms.
    function propose(uint256 seed, uint256 amount0, uint256 amount1, uint256 amount2) external {
        _propose(seed, [amount0, amount1, amount2], 0);
    }

    /// @notice The originator (the procurement auction's stand-in) opens an invoice between the
    /// supplier and the payer and funds it from its own tokens at once.
    function openFunded(uint256 seed, uint256 amount0, uint256 amount1, uint256 amount2) external {
        IInvoiceEscrow.Invoice memory inv = _randomInvoice(seed, [amount0, amount1, amount2], 0);
        vm.prank(originator);
        try escrow.openFundedInvoice(inv) returns (uint256 invoiceId) {
            if (invoiceId != invoiceCount + 1) _unexpected("openFunded: invoice id", "");
            _recordProposal(invoiceId, inv);
            Inv storage v = _inv[invoiceId];
            v.state = IInvoiceEscrow.InvoiceState.Funded;
            v.holder = supplier;
            v.fundedAt = uint48(block.timestamp);
            _tokenGhosts[v.token].funded += v.total;
            ghostBalance[v.token][originator] -= v.total;
            ++counts[Count.OpenedFunded];
        } catch (bytes memory reason) {
            _unexpected("openFunded", reason);
        }
    }

    /// @notice The payer funds a proposed invoice (proposing one first when there is none), by
    /// approval or by permit; one time in four after its due date (late funding: its deliveries
    /// then carry no penalty). Refused (by the token) when the payer is blocklisted on it.
    function fund(uint256 seed, bool usePermit) external {
        (bool found, uint256 invoiceId) = _invoiceIn(seed, IInvoiceEscrow.InvoiceState.Proposed);
        if (!found) (found, invoiceId) = _propose(seed, _amounts(seed), 0);
        if (!found) return;
        uint48 dueDate = _inv[invoiceId].dueDate;
        if ((seed >> 16) % 4 == 0 && block.timestamp <= dueDate) {
            vm.warp(uint256(dueDate) + 1 + ((seed >> 24) % 2 days));
        }
        if (_fund(invoiceId, usePermit) && _inv[invoiceId].fundedAt >= dueDate) {
            ++counts[Count.LateFundings];
        }
    }

    /// @notice The payer declines, or the supplier withdraws, a proposed invoice: one time in
    /// four an existing one, otherwise a fresh one (so that most proposals get funded).
    function cancel(uint256 seed, bool byPayer) external {
        bool found;
        uint256 invoiceId;
        if (seed % 4 == 0) {
            (found, invoiceId) = _invoiceIn(seed >> 2, IInvoiceEscrow.InvoiceState.Proposed);
        }
        if (!found) (found, invoiceId) = _propose(seed, _amounts(seed), 0);
        if (!found) return;
        vm.prank(byPayer ? payer : supplier);
        try escrow.cancel(invoiceId, _invoiceOf(invoiceId)) {
            _inv[invoiceId].state = IInvoiceEscrow.InvoiceState.Cancelled;
            ++counts[Count.Cancellations];
        } catch (bytes memory reason) {
            _unexpected("cancel", reason);
        }
    }

    /// @notice Anyone reclaims the pending milestones of a funded invoice after its due date
    /// and grace period (warping there, or, when `early`, expecting the refusal); with nothing
    /// pending, expecting that refusal.
    function reclaim(uint256 seed, bool early, uint256 callerSeed) external {
        (bool found, uint256 invoiceId) = _fundedInvoice(seed);
        if (!found) return;
        Inv storage v = _inv[invoiceId];
        uint256 lastDay = uint256(v.dueDate) + v.grace;
        bytes memory expected;
        if (block.timestamp < lastDay) {
            if (early) {
                expected = abi.encodeWithSelector(
                    IInvoiceEscrow.InvoiceEscrowDeadline.selector,
                    lastDay,
                    block.timestamp,
                    true
                );
            } else {
                vm.warp(lastDay + (callerSeed % 1 days));
            }
        }
        uint128 refund;
        for (uint256 i; i < v.count; ++i) {
            Ms storage m = _ms[invoiceId][i];
            if (m.state == IInvoiceEscrow.MilestoneState.Pending) refund += m.amount;
        }
        if (expected.length == 0 && refund == 0) {
            expected = abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowNothingToReclaim.selector,
                invoiceId
            );
        }

        vm.prank(_anyone(callerSeed));
        try escrow.reclaim(invoiceId, _invoiceOf(invoiceId)) {
            if (!_expect("reclaim", true, "", expected)) return;
        } catch (bytes memory reason) {
            if (!_expect("reclaim", false, reason, expected)) return;
        }
        for (uint256 i; i < v.count; ++i) {
            Ms storage m = _ms[invoiceId][i];
            if (m.state != IInvoiceEscrow.MilestoneState.Pending) continue;
            m.state = IInvoiceEscrow.MilestoneState.Refunded;
            --v.open;
        }
        v.refunded += refund;
        _tokenGhosts[v.token].refunded += refund;
        if (v.open == 0) v.state = IInvoiceEscrow.InvoiceState.Settled;
        _payModel(invoiceId, v.token, payer, refund);
        ++counts[Count.Reclaims];
    }

    /**
     * @notice The receivable of a funded invoice changes hands, half the time one with a
     * milestone in dispute: while it is unassigned the supplier assigns it to the financier
     * (minting it), after that its holder sells it on (to the financier, or back to the
     * supplier); later payments go to the new holder. One time in eight it tries to send it to
     * the escrow itself, where payments would be lost, and one time in eight to the invoice's
     * arbiter (which would be paid by its own ruling); one time in eight the supplier tries to
     * assign an assigned receivable again, or the financier to assign an unassigned one: each
     * expecting the refusal.
     */
    function sellReceivable(uint256 seed) external {
        uint256 r = (seed >> 8) % 8;
        if (r == 2 && _assignAgain(seed >> 11)) return;
        bool found;
        uint256 invoiceId;
        bool midDispute;
        if (seed % 2 == 0) (midDispute, invoiceId, ) = _pick(seed >> 1, Action.Disputed);
        found = midDispute;
        if (!found) (found, invoiceId) = _fundedInvoice(seed);
        if (!found) return;
        Inv storage v = _inv[invoiceId];
        address from = v.holder;
        address to = from == supplier ? financier : supplier;
        bytes memory expected;
        if (r == 0) {
            to = address(escrow);
            expected = abi.encodeWithSelector(
                IERC721Errors.ERC721InvalidReceiver.selector,
                address(escrow)
            );
        } else if (r == 1 && v.hasArbiter) {
            to = arbiter;
            expected = abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowReceivableToArbiter.selector,
                invoiceId,
                arbiter
            );
        }
        if (!_changeHands(invoiceId, v.assigned, r == 2 ? financier : from, to, expected)) return;
        if (v.assigned) {
            ++counts[Count.Sales];
        } else {
            v.assigned = true;
            ++counts[Count.Assignments];
        }
        v.holder = to;
        if (midDispute) ++counts[Count.SalesMidDispute];
    }

    /**
     * @notice Someone calls any action with an invoice changed in one field (a party, a term, a
     * milestone, one milestone more or less): refused with {InvoiceEscrowWrongTerms} naming the
     * hash of the invoice the handler kept and that of the changed one, whatever the action, the
     * invoice's state and the caller (the party the action is for).
     */
    function callWithWrongTerms(uint256 seed, uint256 change, uint256 value) external {
        uint256 n = invoiceCount;
        if (n == 0) return;
        uint256 invoiceId = 1 + (seed % n);
        IInvoiceEscrow.Invoice memory kept = _invoiceOf(invoiceId);
        IInvoiceEscrow.Invoice memory changed = _changeOne(kept, change, value);
        bytes memory expected = abi.encodeWithSelector(
            IInvoiceEscrow.InvoiceEscrowWrongTerms.selector,
            invoiceId,
            keccak256(abi.encode(kept)),
            keccak256(abi.encode(changed))
        );
        (address caller, bytes memory data) = _termsCall(seed >> 64, invoiceId, changed);
        vm.prank(caller);
        // Low level: one call for whichever action `data` encodes; its refusal is the point.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = address(escrow).call(data);
        if (_expect("call with wrong terms", ok, reason, expected)) return;
        if (keccak256(reason) == keccak256(expected)) ++counts[Count.WrongTermsRefused];
    }

    // ------------------------------------------------------------------------------------------
    // Actions: milestones (each first builds what it needs when nothing qualifies)
    // ------------------------------------------------------------------------------------------

    /// @notice The payer approves a pending approval milestone.
    function approveMilestone(uint256 seed) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Approve);
        if (!found) return;
        vm.prank(payer);
        try escrow.approveMilestone(invoiceId, _invoiceOf(invoiceId), index) {
            _settle(
                invoiceId,
                index,
                IInvoiceEscrow.MilestoneState.Released,
                _amount(invoiceId, index)
            );
            ++counts[Count.Approvals];
        } catch (bytes memory reason) {
            _unexpected("approveMilestone", reason);
        }
    }

    /**
     * @notice The supplier makes fresh parts and delivers them against a pending delivery
     * milestone, sometimes late (warping between the due date and the end of the grace
     * period), sometimes with one part of another specification or one part too many (both
     * refused, and then nothing moves).
     */
    function deliver(uint256 seed, uint256 timing, uint256 flaw) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Deliver);
        if (found) _deliver(invoiceId, index, timing, flaw);
    }

    /// @notice The payer accepts a held delivery within its window.
    function acceptDelivery(uint256 seed) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Accept);
        if (!found) return;
        Ms storage m = _ms[invoiceId][index];
        vm.prank(payer);
        try escrow.acceptDelivery(invoiceId, _invoiceOf(invoiceId), index) {
            _settle(invoiceId, index, IInvoiceEscrow.MilestoneState.Released, m.amount - m.penalty);
            ++counts[Count.Accepts];
        } catch (bytes memory reason) {
            _unexpected("acceptDelivery", reason);
        }
    }

    /// @notice The payer rejects a held delivery within its window, which opens a dispute.
    function rejectDelivery(uint256 seed) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Reject);
        if (!found) return;
        vm.prank(payer);
        try escrow.rejectDelivery(invoiceId, _invoiceOf(invoiceId), index, REASON) {
            _openDispute(invoiceId, index);
            ++counts[Count.Rejections];
        } catch (bytes memory reason) {
            _unexpected("rejectDelivery", reason);
        }
    }

    /// @notice Anyone claims a held delivery once its window is over (warping there, or, when
    /// `early`, expecting the refusal).
    function claim(uint256 seed, bool early, uint256 callerSeed) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Claim);
        if (!found) return;
        Ms storage m = _ms[invoiceId][index];
        bytes memory expected;
        if (block.timestamp < m.deadline) {
            if (early) {
                expected = abi.encodeWithSelector(
                    IInvoiceEscrow.InvoiceEscrowDeadline.selector,
                    m.deadline,
                    block.timestamp,
                    true
                );
            } else {
                vm.warp(uint256(m.deadline) + (callerSeed % 1 days));
            }
        }
        vm.prank(_anyone(callerSeed));
        try escrow.claim(invoiceId, _invoiceOf(invoiceId), index) {
            if (!_expect("claim", true, "", expected)) return;
        } catch (bytes memory reason) {
            if (!_expect("claim", false, reason, expected)) return;
        }
        _settle(invoiceId, index, IInvoiceEscrow.MilestoneState.Released, m.amount - m.penalty);
        ++counts[Count.Claims];
    }

    /**
     * @notice A party disputes a milestone whose money is held: the payer a delivery within its
     * window, the supplier a pending milestone before the due date plus grace period. One time
     * in four it tries one past that point, if there is one, expecting the refusal; when
     * `wrongParty`, the other party tries, expecting {InvoiceEscrowUnauthorized}.
     */
    function dispute(uint256 seed, bool wrongParty) external {
        if (seed % 4 == 0) {
            (bool late, uint256 lateId, uint256 lateIndex) = _pick(seed >> 2, Action.LateDispute);
            if (late) {
                _disputeTooLate(lateId, lateIndex);
                return;
            }
        }
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Dispute);
        if (!found) return;
        if (!wrongParty) {
            _dispute(invoiceId, index);
            return;
        }
        address other = _disputant(invoiceId, index) == payer ? supplier : payer;
        bytes memory expected = abi.encodeWithSelector(
            IInvoiceEscrow.InvoiceEscrowUnauthorized.selector,
            invoiceId,
            other
        );
        vm.prank(other);
        try escrow.dispute(invoiceId, _invoiceOf(invoiceId), index, REASON) {
            if (_expect("dispute (wrong party)", true, "", expected)) {
                _openDispute(invoiceId, index);
            }
        } catch (bytes memory reason) {
            _expect("dispute (wrong party)", false, reason, expected);
        }
    }

    /// @notice The arbiter rules a random split of what is at stake within the ruling period;
    /// one time in ten it asks for more than is at stake, which is refused.
    function rule(uint256 seed, uint256 toPayeeSeed) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Rule);
        if (!found) return;
        Ms storage m = _ms[invoiceId][index];
        uint128 atStake = m.amount - m.penalty;
        uint128 toPayee;
        bytes memory expected;
        if (toPayeeSeed % 10 == 0) {
            toPayee = atStake + 1 + uint128(toPayeeSeed % MAX_AMOUNT);
            expected = abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowRulingTooLarge.selector,
                toPayee,
                atStake
            );
        } else {
            toPayee = uint128(bound(toPayeeSeed, 0, atStake));
        }
        vm.prank(arbiter);
        try escrow.rule(invoiceId, _invoiceOf(invoiceId), index, toPayee) {
            if (!_expect("rule", true, "", expected)) return;
        } catch (bytes memory reason) {
            if (!_expect("rule", false, reason, expected)) return;
        }
        _settle(invoiceId, index, IInvoiceEscrow.MilestoneState.Resolved, toPayee);
        ++counts[Count.Rulings];
    }

    /// @notice Anyone lets a dispute lapse after its ruling period (warping there).
    function lapseDispute(uint256 seed, uint256 callerSeed) external {
        (bool found, uint256 invoiceId, uint256 index) = _target(seed, Action.Lapse);
        if (!found) return;
        Ms storage m = _ms[invoiceId][index];
        if (block.timestamp < m.deadline) vm.warp(uint256(m.deadline) + (callerSeed % 1 days));
        vm.prank(_anyone(callerSeed));
        try escrow.lapseDispute(invoiceId, index) {
            m.state = m.disputedFrom;
            m.deadline =
                m.state == IInvoiceEscrow.MilestoneState.Delivered ? uint48(block.timestamp) : 0;
            ++counts[Count.Lapses];
        } catch (bytes memory reason) {
            _unexpected("lapseDispute", reason);
            return;
        }
        if (m.state != IInvoiceEscrow.MilestoneState.Delivered) return;
        // A delivery back from a lapsed dispute is claimable at once: the payer can neither
        // dispute it again nor reject it.
        bytes memory expected = abi.encodeWithSelector(
            IInvoiceEscrow.InvoiceEscrowDeadline.selector,
            block.timestamp,
            block.timestamp,
            false
        );
        vm.prank(payer);
        try escrow.dispute(invoiceId, _invoiceOf(invoiceId), index, REASON) {
            if (_expect("dispute (lapsed)", true, "", expected)) _openDispute(invoiceId, index);
        } catch (bytes memory reason) {
            _expect("dispute (lapsed)", false, reason, expected);
            ++counts[Count.RedisputesRefused];
        }
    }

    // ------------------------------------------------------------------------------------------
    // Actions: receivers
    // ------------------------------------------------------------------------------------------

    /// @notice Blocklists the payer, the supplier or the financier on the blocklisting token, or
    /// lifts it: payments to them are then credited, and the payer cannot fund in that token.
    function toggleBlocklist(uint256 who) external {
        address account = _party(who);
        bool blocked = !ghostBlocklisted[account];
        if (blocked) blocklist.blocklist(account);
        else blocklist.unblocklist(account);
        ghostBlocklisted[account] = blocked;
        ++counts[Count.BlocklistToggles];
    }

    /// @notice A party withdraws what an invoice credited to it, to itself or (when it cannot
    /// receive, or `toSink`) to another address; with nothing credited anywhere, expecting the
    /// refusal.
    function withdraw(uint256 seed, bool toSink) external {
        uint256 invoiceId;
        address account;
        uint256 n = invoiceCount;
        for (uint256 k; k < n * 3 && invoiceId == 0; ++k) {
            uint256 pick = ((seed % (n * 3)) + k) % (n * 3);
            address a = _party(pick);
            if (ghostOwed[1 + pick / 3][a] != 0) (invoiceId, account) = (1 + pick / 3, a);
        }
        if (invoiceId == 0) {
            if (n == 0) return;
            uint256 id = 1 + (seed % n);
            address who = _party(seed);
            bytes memory expected = abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowNothingToWithdraw.selector,
                id,
                who
            );
            vm.prank(who);
            try escrow.withdraw(id, _invoiceOf(id), SINK) {
                _expect("withdraw", true, "", expected);
            } catch (bytes memory reason) {
                _expect("withdraw", false, reason, expected);
            }
            return;
        }
        address token = _inv[invoiceId].token;
        bool cannotReceive = token == address(blocklist) && ghostBlocklisted[account];
        address to = toSink || cannotReceive ? SINK : account;
        vm.prank(account);
        try escrow.withdraw(invoiceId, _invoiceOf(invoiceId), to) {
            uint256 amount = ghostOwed[invoiceId][account];
            ghostOwed[invoiceId][account] = 0;
            _tokenGhosts[token].withdrawn += amount;
            ghostBalance[token][to] += amount;
            ++counts[Count.Withdrawals];
        } catch (bytes memory reason) {
            _unexpected("withdraw", reason);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Model views
    // ------------------------------------------------------------------------------------------

    /// @notice The model of invoice `invoiceId`.
    function invoiceModel(uint256 invoiceId) external view returns (Inv memory) {
        return _inv[invoiceId];
    }

    /// @notice The model of milestone `index` of invoice `invoiceId`.
    function milestoneModel(uint256 invoiceId, uint256 index) external view returns (Ms memory) {
        return _ms[invoiceId][index];
    }

    /// @notice Invoice `invoiceId` as the handler proposed it: the escrow keeps only its hash.
    function invoiceOf(uint256 invoiceId) external view returns (IInvoiceEscrow.Invoice memory) {
        return _invoices[invoiceId];
    }

    /// @notice What the escrow owes in `token` by the ghost sums: what was funded, less what
    /// was released and refunded, plus what was credited, less what was withdrawn.
    function ghostLiabilities(address token) external view returns (uint256) {
        TokenGhost storage g = _tokenGhosts[token];
        return g.funded - g.released - g.refunded + g.credited - g.withdrawn;
    }

    /// @notice The ghost sums of `token`.
    function tokenGhost(address token) external view returns (TokenGhost memory) {
        return _tokenGhosts[token];
    }

    /// @notice The accounts that can be paid or credited.
    function accounts() external view returns (address[3] memory) {
        return [payer, supplier, financier];
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    /// @dev The supplier proposes; `shape` forces what a chained action needs of the first
    /// milestone and the terms.
    function _propose(
        uint256 seed,
        uint256[3] memory amounts,
        uint256 shape
    ) private returns (bool, uint256) {
        IInvoiceEscrow.Invoice memory inv = _randomInvoice(seed, amounts, shape);
        vm.prank(supplier);
        try escrow.proposeInvoice(inv) returns (uint256 invoiceId) {
            if (invoiceId != invoiceCount + 1) _unexpected("propose: invoice id", "");
            _recordProposal(invoiceId, inv);
            ++counts[Count.Proposals];
            return (true, invoiceId);
        } catch (bytes memory reason) {
            _unexpected("propose", reason);
            return (false, 0);
        }
    }

    /// @dev The supplier's invoice of 1 .. 3 milestones of random kinds and amounts, on random
    /// terms, as `shape` allows.
    function _randomInvoice(
        uint256 seed,
        uint256[3] memory amounts,
        uint256 shape
    ) private view returns (IInvoiceEscrow.Invoice memory inv) {
        uint256 count = 1 + (seed % 3);
        IInvoiceEscrow.MilestoneTerms[] memory ms = new IInvoiceEscrow.MilestoneTerms[](count);
        for (uint256 i; i < count; ++i) {
            bool delivery = _rand(seed, 10 + i) % 2 == 1;
            if (i == 0 && shape & APPROVAL != 0) delivery = false;
            if (i == 0 && shape & DELIVERY != 0) delivery = true;
            ms[i] = IInvoiceEscrow.MilestoneTerms({
                amount: uint128(bound(amounts[i], 1, MAX_AMOUNT)),
                kind: delivery
                    ? IInvoiceEscrow.MilestoneKind.Delivery
                    : IInvoiceEscrow.MilestoneKind.Approval,
                quantity: delivery ? uint16(1 + (_rand(seed, 20 + i) % 3)) : 0,
                specHash: delivery ? SPEC : bytes32(0)
            });
        }
        inv = IInvoiceEscrow.Invoice({
            supplier: supplier,
            terms: _randomTerms(seed, shape),
            milestones: ms
        });
    }

    function _randomTerms(
        uint256 seed,
        uint256 shape
    ) private view returns (IInvoiceEscrow.InvoiceTerms memory t) {
        t.payer = payer;
        t.token = _rand(seed, 1) % 2 == 0 ? address(stable) : address(blocklist);
        t.dueDate = uint48(block.timestamp + bound(_rand(seed, 2), 1 hours, 10 days));
        uint256 r = _rand(seed, 3);
        bool windowed = shape & WINDOW != 0 || r % 2 == 1;
        t.acceptanceWindow = windowed ? uint32(bound(r, 1 hours, 3 days)) : 0;
        r = _rand(seed, 4);
        t.gracePeriod = r % 3 == 0 ? 0 : uint32(bound(r, 1 hours, 5 days));
        t.rulingPeriod = uint32(bound(_rand(seed, 5), 1 hours, 3 days));
        bool arbitrated = shape & ARBITER != 0 || _rand(seed, 6) % 4 != 0;
        t.arbiter = arbitrated ? arbiter : address(0);
        r = _rand(seed, 7);
        t.penaltyPerDay = r % 3 == 0 ? 0 : uint96(bound(r, 1, MAX_AMOUNT / 10));
        // A cap is required with a penalty; without one, any cap (0 included) is accepted.
        uint256 minCap = t.penaltyPerDay == 0 ? 0 : 1;
        t.penaltyCap = uint96(bound(_rand(seed, 8), minCap, MAX_AMOUNT / 2));
    }

    function _amounts(uint256 seed) private pure returns (uint256[3] memory) {
        return [_rand(seed, 30), _rand(seed, 31) % 1e6, _rand(seed, 32)];
    }

    /// @dev The payer funds `invoiceId`; returns whether it did.
    function _fund(uint256 invoiceId, bool usePermit) private returns (bool) {
        Inv storage v = _inv[invoiceId];
        bytes memory expected;
        if (v.token == address(blocklist) && ghostBlocklisted[payer]) {
            expected = abi.encodeWithSelector(
                BlocklistTokenMock.BlocklistTokenMockBlocked.selector,
                payer
            );
        }
        bool ok;
        bytes memory reason;
        if (usePermit) {
            (ok, reason) = _fundWithPermit(invoiceId, v.token, v.total);
        } else {
            vm.prank(payer);
            try escrow.fund(invoiceId, _invoiceOf(invoiceId)) {
                ok = true;
            } catch (bytes memory r) {
                reason = r;
            }
        }
        if (!_expect("fund", ok, reason, expected)) return false;
        v.state = IInvoiceEscrow.InvoiceState.Funded;
        v.holder = supplier;
        v.fundedAt = uint48(block.timestamp);
        _tokenGhosts[v.token].funded += v.total;
        ghostBalance[v.token][payer] -= v.total;
        ++counts[Count.Fundings];
        if (usePermit) ++counts[Count.PermitFundings];
        return true;
    }

    /// @dev A funded invoice, proposing and funding one when there is none.
    function _fundedInvoice(uint256 seed) private returns (bool found, uint256 invoiceId) {
        (found, invoiceId) = _invoiceIn(seed, IInvoiceEscrow.InvoiceState.Funded);
        if (found) return (found, invoiceId);
        (found, invoiceId) = _propose(seed, _amounts(seed), 0);
        if (found) found = _fund(invoiceId, false);
    }

    /**
     * @dev A milestone for which `action` is valid now: an existing one, or, when there is
     * none, milestone 0 of a fresh invoice built for it (proposed, funded, and delivered with a
     * window or disputed as the action needs). Fails when the chain is refused on the way (the
     * payer blocklisted on the invoice's token).
     */
    function _target(uint256 seed, Action action) private returns (bool, uint256, uint256) {
        (bool found, uint256 invoiceId, uint256 index) = _pick(seed, action);
        if (found) return (found, invoiceId, index);
        uint256 shape;
        if (action == Action.Approve) shape = APPROVAL;
        else if (action == Action.Deliver) shape = DELIVERY;
        else if (action == Action.Accept || action == Action.Reject || action == Action.Claim) {
            shape = DELIVERY | WINDOW;
        } else if (action == Action.Rule) shape = ARBITER;
        (found, invoiceId) = _propose(seed, _amounts(seed), shape);
        if (!found || !_fund(invoiceId, false)) return (false, 0, 0);
        // timing 1 (on time), flaw 2 (none): a clean delivery.
        if (shape & WINDOW != 0 && !_deliver(invoiceId, 0, 1, 2)) return (false, 0, 0);
        if ((action == Action.Rule || action == Action.Lapse) && !_dispute(invoiceId, 0)) {
            return (false, 0, 0);
        }
        return (_eligible(action, invoiceId, 0), invoiceId, 0);
    }

    /// @dev The supplier delivers against milestone `index` (see {deliver}); returns whether
    /// the delivery went through.
    function _deliver(
        uint256 invoiceId,
        uint256 index,
        uint256 timing,
        uint256 flaw
    ) private returns (bool) {
        Inv storage v = _inv[invoiceId];
        Ms storage m = _ms[invoiceId][index];
        if (timing % 2 == 0) _warpLate(v, timing);

        uint256[] memory partIds;
        bytes memory expected;
        if (flaw % 10 == 0) {
            partIds = _makeParts(m.quantity, SPEC, OTHER_SPEC);
            expected = abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowPartNotAcceptable.selector,
                partIds[partIds.length - 1]
            );
        } else if (flaw % 10 == 1) {
            partIds = _makeParts(uint256(m.quantity) + 1, SPEC, SPEC);
            expected = abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowWrongQuantity.selector,
                partIds.length,
                m.quantity
            );
        } else {
            partIds = _makeParts(m.quantity, SPEC, SPEC);
        }
        uint128 penalty = _modelPenalty(v, m.amount);

        vm.prank(supplier);
        try escrow.deliver(invoiceId, _invoiceOf(invoiceId), index, partIds) {
            if (!_expect("deliver", true, "", expected)) return false;
        } catch (bytes memory reason) {
            if (!_expect("deliver", false, reason, expected)) return false;
        }
        ghostPartsDelivered += partIds.length;
        m.penalty = penalty;
        ++counts[Count.Deliveries];
        if (penalty != 0) ++counts[Count.LateDeliveries];
        if (v.window == 0) {
            m.deadline = 0;
            _settle(invoiceId, index, IInvoiceEscrow.MilestoneState.Released, m.amount - penalty);
        } else {
            m.state = IInvoiceEscrow.MilestoneState.Delivered;
            m.deadline = uint48(block.timestamp + v.window);
        }
        return true;
    }

    /// @dev The penalty the model expects of a delivery of `amount` now.
    function _modelPenalty(Inv storage v, uint128 amount) private view returns (uint128) {
        return _penaltyAt(block.timestamp, v.dueDate, v.perDay, v.cap, amount, v.fundedAt);
    }

    /// @dev Who may dispute milestone `index` in its state: the payer a delivery, the supplier
    /// a pending milestone.
    function _disputant(uint256 invoiceId, uint256 index) private view returns (address) {
        return
            _ms[invoiceId][index].state == IInvoiceEscrow.MilestoneState.Delivered
                ? payer
                : supplier;
    }

    function _disputeTooLate(uint256 invoiceId, uint256 index) private {
        Inv storage v = _inv[invoiceId];
        Ms storage m = _ms[invoiceId][index];
        uint256 until =
            m.state == IInvoiceEscrow.MilestoneState.Delivered
                ? m.deadline
                : uint256(v.dueDate) + v.grace;
        bytes memory expected = abi.encodeWithSelector(
            IInvoiceEscrow.InvoiceEscrowDeadline.selector,
            until,
            block.timestamp,
            false
        );
        vm.prank(_disputant(invoiceId, index));
        try escrow.dispute(invoiceId, _invoiceOf(invoiceId), index, REASON) {
            if (_expect("dispute (too late)", true, "", expected)) _openDispute(invoiceId, index);
        } catch (bytes memory reason) {
            _expect("dispute (too late)", false, reason, expected);
        }
    }

    function _dispute(uint256 invoiceId, uint256 index) private returns (bool) {
        vm.prank(_disputant(invoiceId, index));
        try escrow.dispute(invoiceId, _invoiceOf(invoiceId), index, REASON) {
            _openDispute(invoiceId, index);
            ++counts[Count.Disputes];
            return true;
        } catch (bytes memory reason) {
            _unexpected("dispute", reason);
            return false;
        }
    }

    /// @dev Keeps `inv` whole (the escrow keeps its hash) and models it as proposed.
    function _recordProposal(uint256 invoiceId, IInvoiceEscrow.Invoice memory inv) private {
        invoiceCount = invoiceId;
        IInvoiceEscrow.Invoice storage kept = _invoices[invoiceId];
        kept.supplier = inv.supplier;
        kept.terms = inv.terms;
        IInvoiceEscrow.InvoiceTerms memory t = inv.terms;
        IInvoiceEscrow.MilestoneTerms[] memory ms = inv.milestones;
        for (uint256 i; i < ms.length; ++i) kept.milestones.push(ms[i]);
        Inv storage v = _inv[invoiceId];
        v.token = t.token;
        v.dueDate = t.dueDate;
        v.window = t.acceptanceWindow;
        v.grace = t.gracePeriod;
        v.rulingPeriod = t.rulingPeriod;
        v.hasArbiter = t.arbiter != address(0);
        v.perDay = t.penaltyPerDay;
        v.cap = t.penaltyCap;
        v.state = IInvoiceEscrow.InvoiceState.Proposed;
        v.count = uint8(ms.length);
        v.open = uint8(ms.length);
        for (uint256 i; i < ms.length; ++i) {
            v.total += ms[i].amount;
            Ms storage m = _ms[invoiceId][i];
            m.amount = ms[i].amount;
            m.kind = ms[i].kind;
            m.state = IInvoiceEscrow.MilestoneState.Pending;
            m.quantity = ms[i].quantity;
            _pairs.push((invoiceId << 8) | i);
        }
    }

    function _fundWithPermit(
        uint256 invoiceId,
        address token,
        uint256 total
    ) private returns (bool ok, bytes memory reason) {
        uint256 deadline = block.timestamp + 1 hours;
        uint8 v;
        bytes32 r;
        bytes32 s;
        if (token == address(stable)) {
            // No allowance left in place: only the permit can let the escrow pull the total.
            vm.prank(payer);
            stable.approve(address(escrow), 0);
            bytes32 structHash = keccak256(
                abi.encode(
                    PERMIT_TYPEHASH,
                    payer,
                    address(escrow),
                    total,
                    stable.nonces(payer),
                    deadline
                )
            );
            bytes32 digest = keccak256(
                abi.encodePacked("\x19\x01", stable.DOMAIN_SEPARATOR(), structHash)
            );
            (v, r, s) = vm.sign(PAYER_KEY, digest);
        }
        // The blocklisting token has no permit: the call fails and the allowance in place is used.
        vm.prank(payer);
        try escrow.fundWithPermit(invoiceId, _invoiceOf(invoiceId), deadline, v, r, s) {
            ok = true;
        } catch (bytes memory e) {
            reason = e;
        }
        if (token == address(stable)) {
            vm.prank(payer);
            stable.approve(address(escrow), type(uint256).max);
        }
    }

    /// @dev Assigns the unassigned receivable of `invoiceId` (`caller` the supplier, or the
    /// financier to be refused), or transfers an assigned one (`caller` its holder), to `to`;
    /// returns whether it went as predicted and through.
    function _changeHands(
        uint256 invoiceId,
        bool assigned,
        address caller,
        address to,
        bytes memory expected
    ) private returns (bool) {
        bool ok;
        bytes memory reason;
        vm.prank(caller);
        if (assigned) {
            try escrow.transferFrom(caller, to, invoiceId) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
        } else {
            if (caller != supplier) {
                expected = abi.encodeWithSelector(
                    IInvoiceEscrow.InvoiceEscrowUnauthorized.selector,
                    invoiceId,
                    caller
                );
            }
            try escrow.assignReceivable(invoiceId, _invoiceOf(invoiceId), to) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
        }
        return _expect(assigned ? "sellReceivable" : "assignReceivable", ok, reason, expected);
    }

    /// @dev The supplier assigns the assigned receivable of a funded invoice again, when there
    /// is one (returns whether there was): refused, naming its holder.
    function _assignAgain(uint256 seed) private returns (bool) {
        uint256 n = invoiceCount;
        uint256 invoiceId;
        for (uint256 k; k < n && invoiceId == 0; ++k) {
            uint256 id = 1 + (((seed % n) + k) % n);
            Inv storage w = _inv[id];
            if (w.assigned && w.state == IInvoiceEscrow.InvoiceState.Funded) invoiceId = id;
        }
        if (invoiceId == 0) return false;
        bytes memory expected = abi.encodeWithSelector(
            IInvoiceEscrow.InvoiceEscrowReceivableAssigned.selector,
            invoiceId,
            _inv[invoiceId].holder
        );
        vm.prank(supplier);
        try escrow.assignReceivable(invoiceId, _invoiceOf(invoiceId), supplier) {
            _expect("assignReceivable (again)", true, "", expected);
        } catch (bytes memory reason) {
            _expect("assignReceivable (again)", false, reason, expected);
            if (keccak256(reason) == keccak256(expected)) ++counts[Count.ReassignmentsRefused];
        }
        return true;
    }

    /// @dev A call of the action `seed` picks for `invoiceId` with `inv`, and the party it is
    /// for (see {EscrowConstants-_termsCallData}).
    function _termsCall(
        uint256 seed,
        uint256 invoiceId,
        IInvoiceEscrow.Invoice memory inv
    ) private view returns (address caller, bytes memory data) {
        uint256 who;
        (who, data) = _termsCallData(seed, invoiceId, inv);
        if (who == BY_PAYER) caller = payer;
        else if (who == BY_SUPPLIER) caller = supplier;
        else if (who == BY_ARBITER) caller = arbiter;
        else caller = _anyone(seed);
    }

    /// @dev Invoice `invoiceId` as proposed (the escrow keeps its hash).
    function _invoiceOf(uint256 invoiceId) private view returns (IInvoiceEscrow.Invoice memory) {
        return _invoices[invoiceId];
    }

    /// @dev `count` fresh parts made by the supplier, all of `spec` but the last, of `lastSpec`.
    function _makeParts(
        uint256 count,
        bytes32 spec,
        bytes32 lastSpec
    ) private returns (uint256[] memory ids) {
        ids = new uint256[](count);
        ids[count - 1] = _makeRun(1, lastSpec)[0];
        if (count > 1) {
            uint256[] memory run = _makeRun(count - 1, spec);
            for (uint256 i; i < run.length; ++i) ids[i] = run[i];
        }
    }

    function _makeRun(uint256 count, bytes32 spec) private returns (uint256[] memory ids) {
        bytes32[] memory serials = new bytes32[](count);
        ids = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            serials[i] = keccak256(abi.encode("handler part", ++_serialNonce));
            ids[i] = uint256(keccak256(abi.encode(supplier, serials[i])));
        }
        IPartRegistry.BatchInput[] memory inputs = new IPartRegistry.BatchInput[](1);
        inputs[0] = IPartRegistry.BatchInput({batchId: materialId, quantity: 1});
        vm.prank(supplier);
        try parts.makeParts(spec, serials, new address[](0), inputs) returns (uint256 first) {
            if (first != ids[0]) _unexpected("makeParts: part id", "");
            ghostPartsMade += count;
        } catch (bytes memory reason) {
            _unexpected("makeParts", reason);
        }
    }

    /// @dev Warps to a random moment after the due date and before the end of the grace
    /// period (so that the delivery is late but still allowed), when there is one.
    function _warpLate(Inv storage v, uint256 timing) private {
        uint256 lastDay = uint256(v.dueDate) + v.grace;
        uint256 from = block.timestamp > v.dueDate ? block.timestamp : uint256(v.dueDate) + 1;
        if (from >= lastDay) return;
        vm.warp(bound(timing, from, lastDay - 1));
    }

    function _openDispute(uint256 invoiceId, uint256 index) private {
        Ms storage m = _ms[invoiceId][index];
        m.disputedFrom = m.state;
        m.state = IInvoiceEscrow.MilestoneState.Disputed;
        m.deadline = uint48(block.timestamp + _inv[invoiceId].rulingPeriod);
    }

    /// @dev The model of a settlement: `toPayee` to the payee (the receivable's holder once
    /// assigned, the supplier before), the rest of the milestone's amount to the payer.
    function _settle(
        uint256 invoiceId,
        uint256 index,
        IInvoiceEscrow.MilestoneState final_,
        uint128 toPayee
    ) private {
        Inv storage v = _inv[invoiceId];
        Ms storage m = _ms[invoiceId][index];
        uint128 toPayer = m.amount - toPayee;
        m.state = final_;
        --v.open;
        if (toPayee != 0) v.payeePaid = true;
        v.released += toPayee;
        v.refunded += toPayer;
        if (v.open == 0) v.state = IInvoiceEscrow.InvoiceState.Settled;
        _tokenGhosts[v.token].released += toPayee;
        _tokenGhosts[v.token].refunded += toPayer;
        _payModel(invoiceId, v.token, v.holder, toPayee);
        _payModel(invoiceId, v.token, payer, toPayer);
    }

    /// @dev The model of a payment: sent, or credited when the receiver cannot receive.
    function _payModel(uint256 invoiceId, address token, address to, uint256 amount) private {
        if (amount == 0) return;
        if (token == address(blocklist) && ghostBlocklisted[to]) {
            ghostOwed[invoiceId][to] += amount;
            _tokenGhosts[token].credited += amount;
            ++counts[Count.CreditedPayments];
        } else {
            ghostBalance[token][to] += amount;
        }
    }

    /// @dev A random milestone, from a random start, for which `action` is valid now.
    function _pick(
        uint256 seed,
        Action action
    ) private view returns (bool, uint256 invoiceId, uint256 index) {
        uint256 n = _pairs.length;
        for (uint256 k; k < n; ++k) {
            uint256 pair = _pairs[((seed % n) + k) % n];
            (invoiceId, index) = (pair >> 8, pair & 0xff);
            if (_eligible(action, invoiceId, index)) return (true, invoiceId, index);
        }
        return (false, 0, 0);
    }

    function _eligible(
        Action action,
        uint256 invoiceId,
        uint256 index
    ) private view returns (bool) {
        Inv storage v = _inv[invoiceId];
        if (v.state != IInvoiceEscrow.InvoiceState.Funded) return false;
        Ms storage m = _ms[invoiceId][index];
        IInvoiceEscrow.MilestoneState s = m.state;
        if (action == Action.Approve) {
            return
                m.kind == IInvoiceEscrow.MilestoneKind.Approval &&
                s == IInvoiceEscrow.MilestoneState.Pending;
        }
        if (action == Action.Deliver) {
            return
                m.kind == IInvoiceEscrow.MilestoneKind.Delivery &&
                s == IInvoiceEscrow.MilestoneState.Pending &&
                block.timestamp < uint256(v.dueDate) + v.grace;
        }
        if (action == Action.Accept || action == Action.Reject) {
            return s == IInvoiceEscrow.MilestoneState.Delivered && block.timestamp < m.deadline;
        }
        if (action == Action.Claim) return s == IInvoiceEscrow.MilestoneState.Delivered;
        if (action == Action.Disputed) return s == IInvoiceEscrow.MilestoneState.Disputed;
        if (action == Action.Dispute || action == Action.LateDispute) {
            uint256 until;
            if (s == IInvoiceEscrow.MilestoneState.Delivered) until = m.deadline;
            else if (s == IInvoiceEscrow.MilestoneState.Pending) {
                until = uint256(v.dueDate) + v.grace;
            } else return false;
            return (block.timestamp < until) == (action == Action.Dispute);
        }
        if (action == Action.Rule) {
            return
                s == IInvoiceEscrow.MilestoneState.Disputed &&
                v.hasArbiter &&
                block.timestamp < m.deadline;
        }
        return s == IInvoiceEscrow.MilestoneState.Disputed;
    }

    /// @dev A random invoice, from a random start, in `state`.
    function _invoiceIn(
        uint256 seed,
        IInvoiceEscrow.InvoiceState state
    ) private view returns (bool, uint256) {
        uint256 n = invoiceCount;
        for (uint256 k; k < n; ++k) {
            uint256 invoiceId = 1 + (((seed % n) + k) % n);
            if (_inv[invoiceId].state == state) return (true, invoiceId);
        }
        return (false, 0);
    }

    function _amount(uint256 invoiceId, uint256 index) private view returns (uint128) {
        return _ms[invoiceId][index].amount;
    }

    /// @dev Classifies an outcome against the prediction (`expected` empty: success). Returns
    /// whether the call succeeded, so that the model follows the contract either way.
    function _expect(
        string memory action,
        bool ok,
        bytes memory reason,
        bytes memory expected
    ) private returns (bool) {
        if (ok) {
            if (expected.length != 0) _unexpected(action, "succeeded; a refusal was predicted");
            return true;
        }
        if (expected.length == 0 || keccak256(reason) != keccak256(expected)) {
            _unexpected(action, reason);
        } else {
            ++counts[Count.Refusals];
        }
        return false;
    }

    function _unexpected(string memory action, bytes memory reason) private {
        ++unexpected;
        lastUnexpectedAction = action;
        lastUnexpectedReason = reason;
    }

    function _party(uint256 seed) private view returns (address) {
        uint256 pick = seed % 3;
        if (pick == 0) return payer;
        return pick == 1 ? supplier : financier;
    }

    /// @dev A caller for the actions open to anyone: a party, the arbiter or a stranger.
    function _anyone(uint256 seed) private view returns (address) {
        uint256 pick = (seed >> 8) % 5;
        if (pick < 3) return _party(pick);
        return pick == 3 ? arbiter : address(0xBEEF);
    }

    function _rand(uint256 seed, uint256 salt) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }
}

contract InvoiceEscrowTest is EscrowFixture {
    EscrowHandler private handler;

    function setUp() public {
        _deployFixture();
        handler = new EscrowHandler(
            EscrowHandler.Deployment({
                escrow: escrow,
                parts: parts,
                stable: stable,
                blocklist: blocklist,
                payer: payer,
                supplier: supplier,
                arbiter: arbiter,
                financier: financier,
                originator: originator,
                materialId: materialId
            })
        );
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // Lateness penalty
    // ------------------------------------------------------------------------------------------

    /// @dev penalty = min(ceil(days late) * perDay, cap, amount), fixed at delivery; the payee
    /// gets the amount less the penalty, the payer the penalty, at once or after the window.
    function testFuzz_deliver_penaltyIsStartedDaysLateTimesRateCapped(
        uint256 offset,
        uint96 perDay,
        uint96 cap,
        uint128 amount,
        bool held
    ) public {
        amount = uint128(bound(amount, 1, type(uint128).max - PAYER_FUNDS));
        stable.mint(payer, amount);
        if (perDay != 0) cap = uint96(bound(cap, 1, type(uint96).max));
        offset = bound(offset, 0, 400 days);
        uint256 dueDate = block.timestamp + 1 days;
        uint32 window = held ? 2 days : 0;
        IInvoiceEscrow.Invoice memory inv = _invoice(
            _terms(address(stable), 1 days, window, 400 days, address(0), perDay, cap),
            _oneDelivery(amount, 1)
        );
        uint256 invoiceId = _open(inv);
        uint256[] memory ids = _freshParts(1, SPEC);
        // From a day early to 399 days late (the grace period is 400 days).
        vm.warp(block.timestamp + offset);
        uint128 expected = _penaltyAt(
            block.timestamp,
            dueDate,
            perDay,
            cap,
            amount,
            dueDate - 1 days
        );

        _deliverAndAssertSplit(invoiceId, inv, ids, expected);
    }

    /// @dev A payer that funds at or after the due date charges no lateness, however late the
    /// delivery comes after that.
    function testFuzz_deliver_noPenaltyWhenFundedAtOrAfterTheDueDate(
        uint256 fundLate,
        uint256 deliverLate,
        uint96 perDay
    ) public {
        perDay = uint96(bound(perDay, 1, type(uint96).max));
        uint256 dueDate = block.timestamp + 1 days;
        IInvoiceEscrow.Invoice memory inv = _invoice(
            _terms(address(stable), 1 days, 0, 400 days, address(0), perDay, type(uint96).max),
            _oneDelivery(1e9, 1)
        );
        vm.prank(supplier);
        uint256 invoiceId = escrow.proposeInvoice(inv);
        vm.warp(dueDate + bound(fundLate, 0, 200 days));
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IInvoiceEscrow.InvoiceFunded(invoiceId, payer, 1e9);
        vm.prank(payer);
        escrow.fund(invoiceId, inv);
        vm.assertTrue(escrow.invoiceRecord(invoiceId).fundedLate, "funded at or after due date");
        uint256[] memory ids = _freshParts(1, SPEC);
        vm.warp(block.timestamp + bound(deliverLate, 0, 199 days));

        _deliverAndAssertSplit(invoiceId, inv, ids, 0);
    }

    /// @dev Whenever the payer disputes a pending milestone, or the supplier a delivery, it is
    /// refused: neither can stall the other's money.
    function testFuzz_dispute_onlyWhatTheOtherPartyStallsOn(uint256 when, bool delivered) public {
        uint256 dueDate = block.timestamp + 1 days;
        IInvoiceEscrow.Invoice memory inv = _invoice(
            _terms(address(stable), 1 days, 2 days, 1 days, arbiter, 0, 0),
            _oneDelivery(1e9, 1)
        );
        uint256 invoiceId = _open(inv);
        address wrong = payer;
        if (delivered) {
            uint256[] memory ids = _freshParts(1, SPEC);
            vm.prank(supplier);
            escrow.deliver(invoiceId, inv, 0, ids);
            wrong = supplier;
        }
        vm.warp(block.timestamp + bound(when, 0, dueDate + 1 days - block.timestamp - 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowUnauthorized.selector,
                invoiceId,
                wrong
            )
        );
        vm.prank(wrong);
        escrow.dispute(invoiceId, inv, 0, REASON);
    }

    /// @dev A penalty rate needs a cap: the terms are refused without one.
    function testFuzz_propose_refusesPenaltyWithoutCap(uint96 perDay) public {
        perDay = uint96(bound(perDay, 1, type(uint96).max));
        IInvoiceEscrow.InvoiceTerms memory terms = _terms(
            address(stable),
            1 days,
            0,
            0,
            address(0),
            perDay,
            0
        );
        IInvoiceEscrow.Invoice memory inv = _invoice(terms, _oneDelivery(1_000e6, 1));
        vm.expectRevert(
            abi.encodeWithSelector(IInvoiceEscrow.InvoiceEscrowPenaltyWithoutCap.selector, perDay)
        );
        vm.prank(supplier);
        escrow.proposeInvoice(inv);
    }

    /// @dev The days are counted as started days: exactly n days late is n days; a second more
    /// is n + 1. Rate and cap chosen so that neither the cap nor the amount binds.
    function testFuzz_deliver_penaltyCountsEveryStartedDay(
        uint256 wholeDays,
        uint256 extra,
        uint96 perDay
    ) public {
        wholeDays = bound(wholeDays, 0, 60);
        extra = bound(extra, 0, 1 days - 1);
        vm.assume(wholeDays + extra > 0);
        perDay = uint96(bound(perDay, 1, 1e9));
        uint128 amount = 1e20;
        uint256 dueDate = block.timestamp + 1 days;
        IInvoiceEscrow.Invoice memory inv = _invoice(
            _terms(address(stable), 1 days, 0, 61 days, address(0), perDay, type(uint96).max),
            _oneDelivery(amount, 2)
        );
        uint256 invoiceId = _open(inv);
        uint256[] memory ids = _freshParts(2, SPEC);
        vm.warp(dueDate + wholeDays * 1 days + extra);
        uint256 startedDays = wholeDays + (extra == 0 ? 0 : 1);

        _deliverAndAssertSplit(invoiceId, inv, ids, uint128(startedDays * perDay));
    }

    // ------------------------------------------------------------------------------------------
    // Rulings
    // ------------------------------------------------------------------------------------------

    /**
     * @dev The arbiter's ruling pays exactly `toPayee` to the receivable holder and the rest of
     * the at-stake amount (amount - penalty - toPayee) plus the penalty to the payer, whether
     * the dispute was opened on a pending milestone (no penalty), a rejected late delivery or
     * a delivery the supplier disputed; nothing is left in escrow.
     */
    function testFuzz_rule_paysExactlyTheSplit(
        uint128 amount,
        uint256 lateness,
        uint96 perDay,
        uint256 toPayee,
        uint8 path
    ) public {
        amount = uint128(bound(amount, 1, PAYER_FUNDS));
        (uint256 invoiceId, IInvoiceEscrow.Invoice memory inv, uint128 penalty) = _disputed(
            amount,
            lateness,
            perDay,
            path % 3
        );
        toPayee = bound(toPayee, 0, amount - penalty);

        uint256 supplierBefore = stable.balanceOf(supplier);
        uint256 payerBefore = stable.balanceOf(payer);
        _expectSettlement(invoiceId, uint128(toPayee), amount - uint128(toPayee));
        vm.prank(arbiter);
        escrow.rule(invoiceId, inv, 0, uint128(toPayee));
        uint128 atStake = amount - penalty;

        vm.assertEq(stable.balanceOf(supplier) - supplierBefore, toPayee, "to the payee");
        vm.assertEq(
            stable.balanceOf(payer) - payerBefore,
            (atStake - toPayee) + penalty,
            "rest of the stake, and the penalty, to the payer"
        );
        vm.assertEq(stable.balanceOf(address(escrow)), 0, "nothing left in escrow");
        // No liabilities: nothing held (settled) and nothing credited.
        vm.assertEq(escrow.owed(invoiceId, supplier), 0, "nothing credited to the payee");
        vm.assertEq(escrow.owed(invoiceId, payer), 0, "nothing credited to the payer");
        IInvoiceEscrow.InvoiceRecord memory rec = escrow.invoiceRecord(invoiceId);
        vm.assertEq(uint256(rec.state), uint256(IInvoiceEscrow.InvoiceState.Settled), "settled");
        vm.assertEq(uint256(rec.openMilestones), 0, "no open milestone");
        vm.assertEq(rec.payeePaid, toPayee != 0, "payee paid");
        vm.assertEq(
            uint256(escrow.milestone(invoiceId, 0).state),
            uint256(IInvoiceEscrow.MilestoneState.Resolved),
            "resolved"
        );
    }

    function testFuzz_rule_refusesMoreThanIsAtStake(
        uint128 amount,
        uint256 lateness,
        uint96 perDay,
        uint256 excess,
        uint8 path
    ) public {
        amount = uint128(bound(amount, 1, PAYER_FUNDS));
        (uint256 invoiceId, IInvoiceEscrow.Invoice memory inv, uint128 penalty) = _disputed(
            amount,
            lateness,
            perDay,
            path % 3
        );
        uint128 atStake = amount - penalty;
        uint128 toPayee = atStake + uint128(bound(excess, 1, type(uint128).max - atStake));

        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowRulingTooLarge.selector,
                toPayee,
                atStake
            )
        );
        vm.prank(arbiter);
        escrow.rule(invoiceId, inv, 0, toPayee);
    }

    // ------------------------------------------------------------------------------------------
    // Claims
    // ------------------------------------------------------------------------------------------

    /// @dev Before the acceptance window ends nobody can claim a held delivery; at its end
    /// anyone can.
    function testFuzz_claim_beforeWindowAlwaysReverts(
        uint32 window,
        uint256 elapsed,
        address caller
    ) public {
        window = uint32(bound(window, 1, 30 days));
        uint128 amount = 1_000e6;
        IInvoiceEscrow.Invoice memory inv = _invoice(
            _terms(address(stable), 10 days, window, 0, arbiter, 0, 0),
            _oneDelivery(amount, 1)
        );
        uint256 invoiceId = _open(inv);
        uint256[] memory ids = _freshParts(1, SPEC);
        vm.prank(supplier);
        escrow.deliver(invoiceId, inv, 0, ids);
        uint256 deadline = block.timestamp + window;
        vm.assertEq(escrow.milestone(invoiceId, 0).deadline, deadline, "window end");

        vm.warp(block.timestamp + bound(elapsed, 0, window - 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowDeadline.selector,
                deadline,
                block.timestamp,
                true
            )
        );
        vm.prank(caller);
        escrow.claim(invoiceId, inv, 0);

        vm.warp(deadline);
        uint256 supplierBefore = stable.balanceOf(supplier);
        vm.prank(caller);
        escrow.claim(invoiceId, inv, 0);
        vm.assertEq(stable.balanceOf(supplier) - supplierBefore, amount, "claimed at the end");
    }

    // ------------------------------------------------------------------------------------------
    // Invoices stored as a hash: every call passes the agreed invoice back
    // ------------------------------------------------------------------------------------------

    /// @dev The payer cannot fund an invoice with a milestone amount other than agreed: refused
    /// with the stored hash and the hash of what was passed, and nothing moves.
    function test_fund_refusesAChangedMilestoneAmount() public {
        IInvoiceEscrow.Invoice memory inv = _agreement();
        vm.prank(supplier);
        uint256 invoiceId = escrow.proposeInvoice(inv);
        bytes32 stored = keccak256(abi.encode(inv));
        vm.assertEq(escrow.invoiceRecord(invoiceId).termsHash, stored, "stored hash");
        IInvoiceEscrow.Invoice memory changed = abi.decode(
            abi.encode(inv),
            (IInvoiceEscrow.Invoice)
        );
        --changed.milestones[1].amount;
        uint256 payerBefore = stable.balanceOf(payer);

        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowWrongTerms.selector,
                invoiceId,
                stored,
                keccak256(abi.encode(changed))
            )
        );
        vm.prank(payer);
        escrow.fund(invoiceId, changed);

        vm.assertEq(stable.balanceOf(payer), payerBefore, "nothing funded");
        vm.assertEq(
            uint256(escrow.invoiceRecord(invoiceId).state),
            uint256(IInvoiceEscrow.InvoiceState.Proposed),
            "still proposed"
        );
    }

    /// @dev The supplier cannot deliver against an invoice naming another payer (its parts would
    /// go there): refused with both hashes, and the parts stay with the supplier.
    function test_deliver_refusesAChangedPayer() public {
        IInvoiceEscrow.Invoice memory inv = _agreement();
        uint256 invoiceId = _open(inv);
        IInvoiceEscrow.Invoice memory changed = abi.decode(
            abi.encode(inv),
            (IInvoiceEscrow.Invoice)
        );
        changed.terms.payer = financier;
        uint256[] memory ids = _freshParts(2, SPEC);

        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowWrongTerms.selector,
                invoiceId,
                escrow.hashInvoice(inv),
                escrow.hashInvoice(changed)
            )
        );
        vm.prank(supplier);
        escrow.deliver(invoiceId, changed, 1, ids);

        vm.assertEq(parts.ownerOf(ids[0]), supplier, "parts stay with the supplier");
        vm.assertEq(
            uint256(escrow.milestone(invoiceId, 1).state),
            uint256(IInvoiceEscrow.MilestoneState.Pending),
            "still pending"
        );
    }

    /// @dev A supplier proposes its own invoices only: one naming another supplier is refused.
    function test_proposeInvoice_refusesAnotherSupplier() public {
        IInvoiceEscrow.Invoice memory inv = _agreement();
        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowSupplierNotCaller.selector,
                supplier,
                financier
            )
        );
        vm.prank(financier);
        escrow.proposeInvoice(inv);
    }

    /**
     * @dev Any change to the invoice passed back (the supplier, any term, any field of any
     * milestone, a milestone more or less) is refused by every action that takes it, proposed
     * or funded, even from the party the action is for: {InvoiceEscrowWrongTerms} with the
     * stored hash and the changed invoice's.
     */
    function testFuzz_anyChangeToTheInvoiceIsRefused(
        uint256 change,
        uint256 value,
        uint256 action,
        bool funded
    ) public {
        IInvoiceEscrow.Invoice memory inv = _agreement();
        vm.prank(supplier);
        uint256 invoiceId = escrow.proposeInvoice(inv);
        if (funded) {
            vm.prank(payer);
            escrow.fund(invoiceId, inv);
        }
        IInvoiceEscrow.Invoice memory changed = _changeOne(inv, change, value);
        bytes32 stored = escrow.invoiceRecord(invoiceId).termsHash;
        bytes32 given = escrow.hashInvoice(changed);
        vm.assertTrue(given != stored, "the change changes the hash");
        (uint256 who, bytes memory data) = _termsCallData(action, invoiceId, changed);
        address caller =
            who == BY_PAYER
                ? payer
                : who == BY_SUPPLIER
                    ? supplier
                    : who == BY_ARBITER
                        ? arbiter
                        : financier;

        vm.prank(caller);
        // Low level: one call for whichever action `data` encodes; its refusal is the point.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = address(escrow).call(data);

        vm.assertFalse(ok, "refused");
        vm.assertEq(
            keccak256(reason),
            keccak256(
                abi.encodeWithSelector(
                    IInvoiceEscrow.InvoiceEscrowWrongTerms.selector,
                    invoiceId,
                    stored,
                    given
                )
            ),
            "InvoiceEscrowWrongTerms(id, stored, given)"
        );
    }

    // ------------------------------------------------------------------------------------------
    // The receivable: minted only when the supplier assigns it
    // ------------------------------------------------------------------------------------------

    /// @dev Until assigned, the supplier is paid and no receivable exists; once assigned to the
    /// financier, the receivable is the financier's and so are later payments.
    function test_assignReceivable_paysTheHolderFromThenOn() public {
        IInvoiceEscrow.Invoice memory inv = _agreement();
        uint256 invoiceId = _open(inv);
        vm.assertEq(escrow.payee(invoiceId), supplier, "the supplier, before");
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, invoiceId)
        );
        escrow.ownerOf(invoiceId);

        vm.expectEmit(true, true, true, true, address(escrow));
        emit IInvoiceEscrow.ReceivableAssigned(invoiceId, financier);
        vm.prank(supplier);
        escrow.assignReceivable(invoiceId, inv, financier);

        vm.assertEq(escrow.ownerOf(invoiceId), financier, "minted to the holder");
        vm.assertEq(escrow.payee(invoiceId), financier, "the holder, after");
        vm.assertTrue(escrow.invoiceRecord(invoiceId).assigned, "assigned");
        uint256 financierBefore = stable.balanceOf(financier);
        uint256 supplierBefore = stable.balanceOf(supplier);
        vm.prank(payer);
        escrow.approveMilestone(invoiceId, inv, 0);
        vm.assertEq(
            stable.balanceOf(financier) - financierBefore,
            inv.milestones[0].amount,
            "paid to the holder"
        );
        vm.assertEq(stable.balanceOf(supplier), supplierBefore, "not to the supplier");
    }

    /// @dev Only the supplier assigns, once, never to the arbiter, and only a funded invoice.
    function test_assignReceivable_refusesOthersTwiceTheArbiterAndUnfunded() public {
        IInvoiceEscrow.Invoice memory inv = _agreement();
        vm.prank(supplier);
        uint256 invoiceId = escrow.proposeInvoice(inv);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowWrongInvoiceState.selector,
                invoiceId,
                IInvoiceEscrow.InvoiceState.Proposed,
                uint8(1 << uint8(IInvoiceEscrow.InvoiceState.Funded))
            )
        );
        vm.prank(supplier);
        escrow.assignReceivable(invoiceId, inv, financier);
        vm.prank(payer);
        escrow.fund(invoiceId, inv);

        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowUnauthorized.selector,
                invoiceId,
                financier
            )
        );
        vm.prank(financier);
        escrow.assignReceivable(invoiceId, inv, financier);

        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowReceivableToArbiter.selector,
                invoiceId,
                arbiter
            )
        );
        vm.prank(supplier);
        escrow.assignReceivable(invoiceId, inv, arbiter);

        vm.prank(supplier);
        escrow.assignReceivable(invoiceId, inv, financier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInvoiceEscrow.InvoiceEscrowReceivableAssigned.selector,
                invoiceId,
                financier
            )
        );
        vm.prank(supplier);
        escrow.assignReceivable(invoiceId, inv, supplier);
    }

    // ------------------------------------------------------------------------------------------
    // The handler, driven by a fixed pseudo-random sequence: it reaches every action
    // ------------------------------------------------------------------------------------------

    function test_handler_reachesEveryActionWithoutUnexpectedOutcomes() public {
        for (uint256 step; step < 400; ++step) {
            _step(uint256(keccak256(abi.encode("step", step))));
        }
        vm.assertEq(handler.unexpected(), 0, "unexpected");
        vm.assertGt(handler.counts(EscrowHandler.Count.Proposals), 0, "proposals");
        vm.assertGt(handler.counts(EscrowHandler.Count.Fundings), 0, "fundings");
        vm.assertGt(handler.counts(EscrowHandler.Count.OpenedFunded), 0, "opened funded");
        vm.assertGt(handler.counts(EscrowHandler.Count.PermitFundings), 0, "permit fundings");
        vm.assertGt(handler.counts(EscrowHandler.Count.Cancellations), 0, "cancellations");
        vm.assertGt(handler.counts(EscrowHandler.Count.Approvals), 0, "approvals");
        vm.assertGt(handler.counts(EscrowHandler.Count.Deliveries), 0, "deliveries");
        vm.assertGt(handler.counts(EscrowHandler.Count.LateDeliveries), 0, "late deliveries");
        vm.assertGt(handler.counts(EscrowHandler.Count.Accepts), 0, "accepts");
        vm.assertGt(handler.counts(EscrowHandler.Count.Rejections), 0, "rejections");
        vm.assertGt(handler.counts(EscrowHandler.Count.Claims), 0, "claims");
        vm.assertGt(handler.counts(EscrowHandler.Count.Disputes), 0, "disputes");
        vm.assertGt(handler.counts(EscrowHandler.Count.Rulings), 0, "rulings");
        vm.assertGt(handler.counts(EscrowHandler.Count.Lapses), 0, "lapses");
        vm.assertGt(handler.counts(EscrowHandler.Count.Reclaims), 0, "reclaims");
        vm.assertGt(handler.counts(EscrowHandler.Count.Withdrawals), 0, "withdrawals");
        vm.assertGt(handler.counts(EscrowHandler.Count.Sales), 0, "sales");
        vm.assertGt(handler.counts(EscrowHandler.Count.CreditedPayments), 0, "credited payments");
        vm.assertGt(handler.counts(EscrowHandler.Count.Refusals), 0, "refusals");
        vm.assertGt(handler.counts(EscrowHandler.Count.LateFundings), 0, "late fundings");
        vm.assertGt(handler.counts(EscrowHandler.Count.SalesMidDispute), 0, "sales mid-dispute");
        vm.assertGt(handler.counts(EscrowHandler.Count.RedisputesRefused), 0, "re-disputes");
        vm.assertGt(handler.counts(EscrowHandler.Count.Assignments), 0, "assignments");
        vm.assertGt(
            handler.counts(EscrowHandler.Count.ReassignmentsRefused),
            0,
            "re-assignments refused"
        );
        vm.assertGt(
            handler.counts(EscrowHandler.Count.WrongTermsRefused),
            0,
            "wrong terms refused"
        );
        _assertInvariants();
    }

    function _step(uint256 r) private {
        uint256 a = r % 18;
        uint256 s = r >> 8;
        uint256 t = uint256(keccak256(abi.encode(r)));
        if (a == 0) handler.propose(s, t, t >> 64, t >> 128);
        else if (a == 1) handler.fund(s, t % 3 == 0);
        else if (a == 2) handler.cancel(s, t % 2 == 0);
        else if (a == 3) handler.reclaim(s, t % 2 == 0, t);
        else if (a == 4) handler.sellReceivable(s);
        else if (a == 5) handler.approveMilestone(s);
        else if (a == 6) handler.deliver(s, t, t >> 128);
        else if (a == 7) handler.acceptDelivery(s);
        else if (a == 8) handler.rejectDelivery(s);
        else if (a == 9) handler.claim(s, t % 4 == 0, t);
        else if (a == 10) handler.dispute(s, t % 2 == 0);
        else if (a == 11) handler.rule(s, t);
        else if (a == 12) handler.lapseDispute(s, t);
        else if (a == 13) handler.toggleBlocklist(t);
        else if (a < 16) handler.withdraw(s, t % 2 == 0);
        else if (a == 16) handler.openFunded(s, t, t >> 64, t >> 128);
        else handler.callWithWrongTerms(s, t, t >> 128);
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /// @dev The NatSpec's invariant: for every token, the escrow's balance is what it owes. The
    /// escrow no longer counts its liabilities: the handler's ghost sums do (what was funded,
    /// less what was released and refunded, plus what was credited, less what was withdrawn).
    function invariant_balanceEqualsLiabilities() public view {
        address[2] memory tokens = _tokens();
        for (uint256 k; k < 2; ++k) {
            vm.assertEq(
                IERC20(tokens[k]).balanceOf(address(escrow)),
                handler.ghostLiabilities(tokens[k]),
                "balance = liabilities (ghosts)"
            );
        }
    }

    /**
     * @dev The issue's invariant, with the credits: for every token, balance = sum over funded
     * invoices of their open milestones' amounts (the money still held, read from the stored
     * milestone states and the amounts of the agreed invoice) + sum over accounts of owed, read
     * from the contract; and the same from the handler's ghost sums.
     */
    function invariant_balanceIsHeldForInvoicesPlusCredited() public view {
        address[2] memory tokens = _tokens();
        uint256[2] memory held;
        uint256[2] memory owedSums;
        address[3] memory accounts = handler.accounts();
        uint256 n = handler.invoiceCount();
        for (uint256 id = 1; id <= n; ++id) {
            IInvoiceEscrow.Invoice memory inv = _agreed(id);
            uint256 k = inv.terms.token == tokens[0] ? 0 : 1;
            IInvoiceEscrow.InvoiceState state = escrow.invoiceRecord(id).state;
            if (
                state == IInvoiceEscrow.InvoiceState.Funded ||
                state == IInvoiceEscrow.InvoiceState.Settled
            ) {
                (, uint256 paidOut) = _totalAndPaidOut(id, inv);
                held[k] += _total(inv) - paidOut;
            }
            for (uint256 j; j < 3; ++j) owedSums[k] += escrow.owed(id, accounts[j]);
        }
        for (uint256 k; k < 2; ++k) {
            address token = tokens[k];
            uint256 owedSum = owedSums[k];
            uint256 balance = IERC20(token).balanceOf(address(escrow));
            vm.assertEq(balance, held[k] + owedSum, "balance = held + owed");
            vm.assertEq(
                handler.ghostLiabilities(token),
                held[k] + owedSum,
                "liabilities (ghosts) = held + owed"
            );
            vm.assertEq(
                held[k],
                handler.tokenGhost(token).funded -
                    handler.tokenGhost(token).released -
                    handler.tokenGhost(token).refunded,
                "held = funded - released - refunded (ghosts)"
            );
            vm.assertEq(
                owedSum,
                handler.tokenGhost(token).credited - handler.tokenGhost(token).withdrawn,
                "owed = credited - withdrawn (ghosts)"
            );
        }
    }

    /// @dev Money is neither created nor lost: settled invoices paid out exactly their totals,
    /// and no invoice ever paid out more than its total. What an invoice paid out is the sum of
    /// its settled milestones (stored states, agreed amounts), and is what the model released
    /// and refunded for it.
    function invariant_settledInvoicesPaidOutExactlyTheirTotals() public view {
        uint256 n = handler.invoiceCount();
        uint256 settledTotals;
        uint256 settledPaidOut;
        for (uint256 id = 1; id <= n; ++id) {
            (uint256 total, uint256 paidOut) = _totalAndPaidOut(id, _agreed(id));
            EscrowHandler.Inv memory v = handler.invoiceModel(id);
            vm.assertEq(paidOut, uint256(v.released) + v.refunded, "paid out = model's");
            vm.assertLe(paidOut, total, "released + refunded <= total");
            IInvoiceEscrow.InvoiceState state = escrow.invoiceRecord(id).state;
            if (state == IInvoiceEscrow.InvoiceState.Settled) {
                settledTotals += total;
                settledPaidOut += paidOut;
                vm.assertEq(paidOut, total, "a settled invoice paid out its total");
            } else if (state != IInvoiceEscrow.InvoiceState.Funded) {
                vm.assertEq(paidOut, 0, "nothing paid out of an unfunded invoice");
            }
        }
        vm.assertEq(settledPaidOut, settledTotals, "sum released + refunded = sum of totals");
    }

    /// @dev Every invoice and milestone is where the model says, the stored hash is that of the
    /// invoice agreed, its money released and refunded is the sum of its settled milestones,
    /// and it pays the holder of its receivable (the supplier until it is assigned).
    function invariant_invoicesAndMilestonesMatchTheModel() public view {
        uint256 n = handler.invoiceCount();
        for (uint256 id = 1; id <= n; ++id) {
            IInvoiceEscrow.InvoiceRecord memory rec = escrow.invoiceRecord(id);
            IInvoiceEscrow.Invoice memory inv = _agreed(id);
            EscrowHandler.Inv memory v = handler.invoiceModel(id);
            vm.assertEq(uint256(rec.state), uint256(v.state), "invoice state");
            vm.assertEq(rec.supplier, supplier, "supplier");
            vm.assertEq(inv.terms.token, v.token, "token");
            vm.assertEq(_total(inv), v.total, "total");
            vm.assertEq(uint256(rec.openMilestones), v.open, "open milestones");
            vm.assertEq(inv.milestones.length, v.count, "milestone count");
            bool funded =
                v.state == IInvoiceEscrow.InvoiceState.Funded ||
                    v.state == IInvoiceEscrow.InvoiceState.Settled;
            vm.assertEq(rec.fundedLate, funded && v.fundedAt >= v.dueDate, "funded late");
            vm.assertEq(rec.payeePaid, v.payeePaid, "payee paid");
            vm.assertEq(rec.assigned, v.assigned, "assigned");
            if (funded) vm.assertEq(escrow.payee(id), v.holder, "payee");
            _assertReceivable(id, v);
            _assertMilestones(id, rec.milestoneStates, uint256(v.released) + v.refunded);
        }
        try escrow.invoiceRecord(n + 1) returns (IInvoiceEscrow.InvoiceRecord memory) {
            vm.assertTrue(false, "no invoice beyond the model's");
        } catch {}
    }

    /// @dev What every account holds and is credited (per invoice) is what the model paid it.
    function invariant_creditsAndBalancesMatchTheModel() public view {
        address[3] memory accounts_ = handler.accounts();
        uint256 n = handler.invoiceCount();
        for (uint256 id = 1; id <= n; ++id) {
            for (uint256 j; j < 3; ++j) {
                address a = accounts_[j];
                vm.assertEq(escrow.owed(id, a), handler.ghostOwed(id, a), "owed");
            }
        }
        address[2] memory tokens = _tokens();
        address[3] memory accounts = handler.accounts();
        address sink = handler.SINK();
        for (uint256 k; k < 2; ++k) {
            IERC20 token = IERC20(tokens[k]);
            for (uint256 j; j < 3; ++j) {
                address a = accounts[j];
                vm.assertEq(token.balanceOf(a), handler.ghostBalance(tokens[k], a), "balance");
            }
            vm.assertEq(token.balanceOf(sink), handler.ghostBalance(tokens[k], sink), "sink");
            vm.assertEq(
                token.balanceOf(originator),
                handler.ghostBalance(tokens[k], originator),
                "originator"
            );
        }
    }

    /// @dev Delivery versus payment: parts reach the payer only with a delivery that counted.
    function invariant_partsMoveOnlyWithAcceptedDeliveries() public view {
        vm.assertEq(parts.balanceOf(payer), handler.ghostPartsDelivered(), "payer's parts");
        vm.assertEq(
            parts.balanceOf(supplier),
            handler.ghostPartsMade() - handler.ghostPartsDelivered(),
            "supplier's parts"
        );
    }

    function invariant_noUnexpectedOutcomes() public view {
        vm.assertEq(
            handler.unexpected(),
            0,
            string.concat("unexpected outcome in ", handler.lastUnexpectedAction())
        );
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _assertInvariants() private view {
        invariant_balanceEqualsLiabilities();
        invariant_balanceIsHeldForInvoicesPlusCredited();
        invariant_settledInvoicesPaidOutExactlyTheirTotals();
        invariant_invoicesAndMilestonesMatchTheModel();
        invariant_creditsAndBalancesMatchTheModel();
        invariant_partsMoveOnlyWithAcceptedDeliveries();
        invariant_noUnexpectedOutcomes();
    }

    /// @dev The next call releases `toPayee` of milestone 0 of invoice `invoiceId` to the
    /// supplier and refunds `toPayer`, settling the invoice: what was released and refunded is
    /// announced, no longer stored.
    function _expectSettlement(uint256 invoiceId, uint128 toPayee, uint128 toPayer) private {
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IInvoiceEscrow.MilestoneReleased(invoiceId, 0, supplier, toPayee, toPayer);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IInvoiceEscrow.InvoiceSettled(invoiceId);
    }

    /// @dev Invoice `id` as agreed (the handler kept it), checked against the stored hash.
    function _agreed(uint256 id) private view returns (IInvoiceEscrow.Invoice memory inv) {
        inv = handler.invoiceOf(id);
        bytes32 stored = escrow.invoiceRecord(id).termsHash;
        vm.assertEq(stored, keccak256(abi.encode(inv)), "stored hash = the invoice's");
        vm.assertEq(escrow.hashInvoice(inv), stored, "hashInvoice = stored hash");
    }

    function _total(IInvoiceEscrow.Invoice memory inv) private pure returns (uint256 total) {
        for (uint256 i; i < inv.milestones.length; ++i) total += inv.milestones[i].amount;
    }

    /// @dev The total of `inv` and what invoice `id` paid out of it: the amounts of its
    /// milestones the escrow has settled (released, resolved or refunded).
    function _totalAndPaidOut(
        uint256 id,
        IInvoiceEscrow.Invoice memory inv
    ) private view returns (uint256 total, uint256 paidOut) {
        for (uint256 i; i < inv.milestones.length; ++i) {
            uint256 amount = inv.milestones[i].amount;
            total += amount;
            if (_isSettled(escrow.milestone(id, i).state)) paidOut += amount;
        }
    }

    function _isSettled(IInvoiceEscrow.MilestoneState s) private pure returns (bool) {
        return
            s == IInvoiceEscrow.MilestoneState.Released ||
            s == IInvoiceEscrow.MilestoneState.Resolved ||
            s == IInvoiceEscrow.MilestoneState.Refunded;
    }

    /// @dev The receivable exists, with the model's holder, only once assigned.
    function _assertReceivable(uint256 id, EscrowHandler.Inv memory v) private view {
        if (v.assigned) {
            vm.assertEq(escrow.ownerOf(id), v.holder, "receivable holder");
            return;
        }
        try escrow.ownerOf(id) returns (address) {
            vm.assertTrue(false, "no receivable before assignment");
        } catch (bytes memory reason) {
            vm.assertEq(
                keccak256(reason),
                keccak256(
                    abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, id)
                ),
                "unassigned receivable"
            );
        }
    }

    /// @dev Every milestone of invoice `id` (its state read both from `states`, four bits
    /// each, and from {IInvoiceEscrow-milestone}) is where the model says, with the agreed
    /// amount and kind; the settled ones add up to `paidOut`; none exists past the last.
    function _assertMilestones(uint256 id, uint32 states, uint256 paidOut) private view {
        IInvoiceEscrow.Invoice memory inv = handler.invoiceOf(id);
        uint256 count = inv.milestones.length;
        uint256 settled;
        for (uint256 i; i < count; ++i) {
            IInvoiceEscrow.MilestoneStatus memory m = escrow.milestone(id, i);
            EscrowHandler.Ms memory w = handler.milestoneModel(id, i);
            vm.assertEq(uint256(m.state), uint256(w.state), "milestone state");
            vm.assertEq((uint256(states) >> (4 * i)) & 0xF, uint256(w.state), "state bits");
            vm.assertEq(inv.milestones[i].amount, w.amount, "milestone amount");
            vm.assertEq(uint256(inv.milestones[i].kind), uint256(w.kind), "milestone kind");
            if (
                w.state == IInvoiceEscrow.MilestoneState.Delivered ||
                w.state == IInvoiceEscrow.MilestoneState.Disputed
            ) {
                // Stored while a delivery is held or a dispute open.
                vm.assertEq(m.penalty, w.penalty, "penalty");
                vm.assertEq(m.deadline, w.deadline, "deadline");
            }
            if (w.state == IInvoiceEscrow.MilestoneState.Disputed) {
                vm.assertEq(uint256(m.disputedFrom), uint256(w.disputedFrom), "disputed from");
            }
            if (_isSettled(w.state)) settled += w.amount;
        }
        vm.assertEq(uint256(states) >> (4 * count), 0, "no state past the last milestone");
        vm.assertEq(paidOut, settled, "released + refunded = settled milestones");
        try escrow.milestone(id, count) returns (IInvoiceEscrow.MilestoneStatus memory) {
            vm.assertTrue(false, "no milestone past the last");
        } catch (bytes memory reason) {
            vm.assertEq(
                keccak256(reason),
                keccak256(
                    abi.encodeWithSelector(
                        IInvoiceEscrow.InvoiceEscrowUnknownMilestone.selector,
                        id,
                        count,
                        count
                    )
                ),
                "unknown milestone"
            );
        }
    }

    /// @dev Delivers `ids` now against the one milestone of `inv` and asserts the penalty
    /// (announced by {IInvoiceEscrow-Delivered}, and stored while the delivery is held) and the
    /// split (after the window, by a claim, when the invoice has one).
    function _deliverAndAssertSplit(
        uint256 invoiceId,
        IInvoiceEscrow.Invoice memory inv,
        uint256[] memory ids,
        uint128 penalty
    ) private {
        uint128 amount = inv.milestones[0].amount;
        uint32 window = inv.terms.acceptanceWindow;
        uint256 supplierBefore = stable.balanceOf(supplier);
        uint256 payerBefore = stable.balanceOf(payer);
        vm.expectEmit(true, true, true, true, address(escrow));
        emit IInvoiceEscrow.Delivered(
            invoiceId,
            0,
            ids,
            penalty,
            window == 0 ? 0 : uint48(block.timestamp + window)
        );
        vm.prank(supplier);
        escrow.deliver(invoiceId, inv, 0, ids);
        if (window != 0) {
            IInvoiceEscrow.MilestoneStatus memory m = escrow.milestone(invoiceId, 0);
            vm.assertEq(m.penalty, penalty, "penalty");
            vm.warp(m.deadline);
            escrow.claim(invoiceId, inv, 0);
        }
        vm.assertEq(stable.balanceOf(supplier) - supplierBefore, amount - penalty, "to the payee");
        vm.assertEq(stable.balanceOf(payer) - payerBefore, penalty, "penalty to the payer");
        vm.assertEq(stable.balanceOf(address(escrow)), 0, "nothing left in escrow");
        vm.assertEq(parts.ownerOf(ids[0]), payer, "parts to the payer");
    }

    /**
     * @dev A funded one-delivery invoice (window 2 days, grace 30 days, arbiter, `perDay`
     * uncapped) in dispute: `path` 0, the supplier disputes it while pending; 1, the payer
     * rejects a delivery `lateness` after the due date; 2, the payer disputes such a
     * delivery (only the payer disputes a delivery). Returns the invoice (to pass back) and the
     * penalty fixed at delivery (checked against the formula).
     */
    function _disputed(
        uint128 amount,
        uint256 lateness,
        uint96 perDay,
        uint256 path
    ) private returns (uint256 invoiceId, IInvoiceEscrow.Invoice memory inv, uint128 penalty) {
        uint256 dueDate = block.timestamp + 1 days;
        inv = _invoice(
            _terms(address(stable), 1 days, 2 days, 30 days, arbiter, perDay, type(uint96).max),
            _oneDelivery(amount, 1)
        );
        invoiceId = _open(inv);
        if (path == 0) {
            vm.prank(supplier);
            escrow.dispute(invoiceId, inv, 0, REASON);
            return (invoiceId, inv, 0);
        }
        uint256[] memory ids = _freshParts(1, SPEC);
        vm.warp(dueDate + bound(lateness, 0, 29 days));
        penalty = _penaltyAt(
            block.timestamp,
            dueDate,
            perDay,
            type(uint96).max,
            amount,
            dueDate - 1 days
        );
        vm.prank(supplier);
        escrow.deliver(invoiceId, inv, 0, ids);
        vm.assertEq(escrow.milestone(invoiceId, 0).penalty, penalty, "penalty at delivery");
        vm.prank(payer);
        if (path == 1) escrow.rejectDelivery(invoiceId, inv, 0, REASON);
        else escrow.dispute(invoiceId, inv, 0, REASON);
    }

    /// @dev An approval milestone and a delivery of two parts, with a window, a grace period,
    /// an arbiter and a capped lateness penalty: every field of an invoice set.
    function _agreement() private view returns (IInvoiceEscrow.Invoice memory inv) {
        IInvoiceEscrow.MilestoneTerms[] memory ms = new IInvoiceEscrow.MilestoneTerms[](2);
        ms[0] = IInvoiceEscrow.MilestoneTerms({
            amount: 300e6,
            kind: IInvoiceEscrow.MilestoneKind.Approval,
            quantity: 0,
            specHash: bytes32(0)
        });
        ms[1] = _oneDelivery(700e6, 2)[0];
        inv = _invoice(_terms(address(stable), 10 days, 2 days, 5 days, arbiter, 1e6, 50e6), ms);
    }

    function _tokens() private view returns (address[2] memory) {
        return [address(stable), address(blocklist)];
    }
}
