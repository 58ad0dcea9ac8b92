// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ParticipantRegistry} from "../../contracts/participants/ParticipantRegistry.sol";
import {InvoiceEscrow} from "../../contracts/invoicing/InvoiceEscrow.sol";
import {IInvoiceEscrow} from "../../contracts/interfaces/IInvoiceEscrow.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {IProcurementAuction} from "../../contracts/interfaces/IProcurementAuction.sol";
import {ProcurementAuction} from "../../contracts/procurement/ProcurementAuction.sol";
import {StablecoinMock} from "../../contracts/mocks/StablecoinMock.sol";
import {PartRegistry} from "../../contracts/provenance/PartRegistry.sol";
import {SuiteSetup} from "../utils/SuiteSetup.sol";

/**
 * @notice Fuzz tests of the issue's properties of the procurement auction, against the real
 * participant registry, part registry and invoice escrow: the winner is the lowest valid
 * revealed price with the earliest sequence among equals; every bond is returned or forfeited
 * exactly once; the budget is the invoice plus the refund; only the bidder named inside a
 * commitment can reveal it, and a commitment is committed once; every call passes back the
 * order as posted, refused when it is not. Plus checks that settling costs the same whatever the
 * number of bids. The auction stores an order as a hash: the test keeps each order as posted,
 * and rebuilds each awarded invoice as the auction opens it, checked against the escrow's hash.
 */
// solhint-disable-next-line max-states-count
contract ProcurementAuctionFuzzTest is SuiteSetup {
    /// @notice A bid as the test drew it.
    struct Bid {
        uint256 who; // index into the pool
        address bidder;
        address committer;
        uint128 price;
        uint48 date;
        bytes32 salt;
        bool reveals;
    }

    /// @notice The order under test, as the test posted it.
    struct Posted {
        uint256 orderId;
        uint16 quantity;
        uint128 maxUnitPrice;
        uint128 bond;
        uint48 deliveryBy;
        bool schemeRequired;
        bool secondPrice;
    }

    /// @notice The expected outcome of an auction, computed by a plain loop over the bids.
    struct Outcome {
        bool hasWinner;
        uint256 winner; // index into the bids
        uint128 best;
        uint128 second; // lowest valid price of another bidder; 0 when the winner is alone
    }

    /// @notice An award: the invoice it opened (as rebuilt from the order), and its total.
    struct Award {
        uint256 invoiceId;
        IInvoiceEscrow.Invoice invoice;
        uint256 total;
    }

    /// @notice `account` is not one the test tracks.
    error UnknownAccount(address account);

    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant VALIDITY = 10 * 365 days;
    bytes32 internal constant SCHEME = "ISO-9001";
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    bytes32 internal constant SPEC = keccak256("bracket, rev A");
    bytes32 internal constant MATERIAL = keccak256("Ti-6Al-4V bar, AMS 4928");
    uint64 internal constant MATERIAL_QUANTITY = 1e9;
    uint32 internal constant GRACE = 7 days;
    uint256 internal constant FUNDS = 1e45;

    /// @dev pool[0..2]: certified manufacturers; pool[3..4]: uncertified manufacturers;
    /// pool[5]: an accredited customer, not a manufacturer.
    uint256 internal constant POOL = 6;
    uint256 internal constant CERTIFIED = 3;
    uint256 internal constant MANUFACTURERS = 5;
    uint256 internal constant RELAYS = 3;

    address internal registrar = address(0x4001);
    address internal standardsBody = address(0x4002);
    address internal auditor = address(0x4003);
    address internal producer = address(0x4004);
    address internal customer = address(0x4005);
    address internal arbiter = address(0x4006);
    address[POOL] internal pool;
    /// @dev Unaccredited addresses that post commitments for bidders (anyone may commit).
    address[RELAYS] internal relays;

    ParticipantRegistry internal participants;
    PartRegistry internal parts;
    InvoiceEscrow internal escrow;
    ProcurementAuction internal auction;
    StablecoinMock internal token;
    uint32 internal rootBatch;
    uint256 private _serialNonce;
    /// @dev Every order as posted (its customer and terms): the auction keeps only its hash,
    /// and every call passes it back.
    mapping(uint256 orderId => IProcurementAuction.Order) private _posted;

    function setUp() public {
        vm.warp(T0);
        for (uint256 i; i < POOL; ++i) pool[i] = address(uint160(0x4100 + i));
        for (uint256 i; i < RELAYS; ++i) relays[i] = address(uint160(0x4200 + i));
        _participants();

        parts = new PartRegistry(participants);
        participants.completeSetup(address(parts));
        vm.prank(pool[0]);
        parts.defineSpecification(SPEC, 0);
        bytes32[] memory schemeIds = new bytes32[](1);
        schemeIds[0] = SCHEME;
        vm.prank(producer);
        rootBatch = parts.registerBatch(MATERIAL, MATERIAL_QUANTITY, "kg", schemeIds, EVIDENCE);

        escrow = new InvoiceEscrow(participants, parts, GOVERNANCE, ADMIN_DELAY);
        auction = new ProcurementAuction(participants, escrow);
        escrow.completeSetup(address(auction));
        token = new StablecoinMock("Test USD", "TUSD");

        _fund(customer, FUNDS);
        for (uint256 i; i < POOL; ++i) _fund(pool[i], 1e40);
        for (uint256 i; i < RELAYS; ++i) _fund(relays[i], 1e40);
    }

    // ------------------------------------------------------------------------------------------
    // The winner
    // ------------------------------------------------------------------------------------------

    /**
     * @dev 1..12 bids from the pool (certified, uncertified, not a manufacturer; the order
     * requires the scheme), prices on a small grid so that ties are common (some zero, some above
     * the maximum), delivery dates around `deliveryBy` (some after it), committed in order from
     * the bidder or a relay, revealed in a permuted order, about one in seven never revealed.
     */
    function testFuzz_winner_isLowestValidPriceEarliestSequence(
        uint256 count,
        uint256 seed,
        uint256 unit,
        uint256 maxSteps,
        uint256 quantity,
        bool secondPrice
    ) public {
        count = bound(count, 1, 12);
        unit = bound(unit, 1, 1e24);
        maxSteps = bound(maxSteps, 1, 8);
        Posted memory p = _post(
            uint16(bound(quantity, 1, 100)),
            uint128(unit * maxSteps),
            1e6,
            true,
            secondPrice
        );
        Bid[] memory bids = _draw(count, seed, uint128(unit), maxSteps, p.deliveryBy);
        for (uint256 i; i < count; ++i) _commit(p, bids[i], i);

        vm.warp(T0 + 1 days);
        uint256[] memory order = _permutation(count, seed);
        for (uint256 k; k < count; ++k) {
            Bid memory b = bids[order[k]];
            if (b.reveals) _revealChecked(p, b, order[k]);
        }

        Outcome memory e = _expect(p, bids);
        _assertBest(auction.orderRecord(p.orderId), bids, e);
        vm.warp(T0 + 2 days);
        auction.settle(p.orderId, _order(p.orderId));
        _assertAward(p, bids, e);
    }

    // ------------------------------------------------------------------------------------------
    // Bonds
    // ------------------------------------------------------------------------------------------

    /**
     * @dev As above, and after every reveal exactly one bond moves, to the right account (the
     * bid's committer when it does not become the best, the displaced best's committer when it
     * does, nobody for the first best), and the auction holds the budget plus one bond per
     * unrevealed commitment plus the best bid's bond. Then settle (`path` 0: the winner
     * delivers; 1: the customer reclaims in the escrow; 2: settled after the delivery date, so
     * closed), release the winner's bond, and check every account's bond balance and that the
     * auction holds nothing.
     */
    function testFuzz_bonds_returnedOrForfeitedExactlyOnce(
        uint256 count,
        uint256 seed,
        uint256 bond,
        uint256 quantity,
        uint256 path,
        bool secondPrice
    ) public {
        count = bound(count, 1, 12);
        path = bound(path, 0, 2);
        Posted memory p = _post(
            uint16(bound(quantity, 1, 4)),
            8e6,
            uint128(bound(bond, 1, 1e24)),
            true,
            secondPrice
        );
        Bid[] memory bids = _draw(count, seed, 1e6, 8, p.deliveryBy);
        address[] memory accounts = _accounts();
        uint256[] memory initial = _balances(accounts);
        for (uint256 i; i < count; ++i) _commit(p, bids[i], i);

        vm.warp(T0 + 1 days);
        uint256 best = _revealAllCheckingBonds(p, bids, accounts, _permutation(count, seed));
        Outcome memory e = _expect(p, bids);
        vm.assertEq(best, e.hasWinner ? e.winner : type(uint256).max, "model winner");

        // Flows other than bonds, per account: the customer's refund (and reclaim), the
        // winner's payment.
        int256[] memory other = new int256[](accounts.length);
        bool bondToCustomer = _settleAndRelease(p, bids, e, path, other);

        vm.assertEq(token.balanceOf(address(auction)), 0, "the auction holds nothing");
        _assertBondsPaid(
            p,
            bids,
            e.hasWinner && bondToCustomer ? e.winner : type(uint256).max,
            initial,
            other
        );
    }

    // ------------------------------------------------------------------------------------------
    // Money conserved through the sequences of issue 13
    // ------------------------------------------------------------------------------------------

    /**
     * @dev The customer and the arbiter are manufacturers too, and one bid in three is theirs
     * (refused at reveal, so its bond is forfeited); bidders bid several times (their own bids
     * never set their second price); the customer may cancel after the commitments (they still
     * reveal for their bonds, the unrevealed ones forfeit at settle); an awarded invoice ends by
     * `path`: 0 delivered; 1 reclaimed, never disputed; 2 the customer disputes the pending
     * milestone and never pursues it, then reclaims; 3 the arbiter rules the winner nothing;
     * 4 the arbiter rules it half. After every step the auction holds exactly the locked budget
     * and the bonds held; at the end it holds nothing, and each account got exactly its bonds:
     * budget + bonds in = paid out + held, every bond returned or forfeited once.
     */
    function testFuzz_money_conservedThroughCancelConflictsAndDisputes(
        uint256 count,
        uint256 seed,
        uint256 path,
        bool cancelled,
        bool secondPrice
    ) public {
        count = bound(count, 1, 10);
        path = bound(path, 0, 4);
        Posted memory p = _post(2, 8e6, 1e6, false, secondPrice);
        uint256 budget = uint256(p.maxUnitPrice) * p.quantity;
        Bid[] memory bids = _drawWithConflicts(count, seed, p.deliveryBy);
        address[] memory accounts = _accounts();
        uint256[] memory initial = _balances(accounts);
        for (uint256 i; i < count; ++i) _commit(p, bids[i], i);
        vm.assertEq(token.balanceOf(address(auction)), budget + count * p.bond, "all in");
        int256[] memory other = new int256[](accounts.length);
        if (cancelled) {
            vm.prank(customer);
            auction.cancel(p.orderId, _order(p.orderId));
            other[_indexOf(accounts, customer)] = int256(budget);
            budget = 0;
        }

        vm.warp(T0 + 1 days);
        uint256 unrevealed = _revealAllRefusingConflicts(p, bids, _permutation(count, seed));
        Outcome memory e;
        if (!cancelled) e = _expect(p, bids);
        if (!cancelled) _assertBest(auction.orderRecord(p.orderId), bids, e);
        vm.assertEq(
            token.balanceOf(address(auction)),
            budget + (unrevealed + (e.hasWinner ? 1 : 0)) * p.bond,
            "budget + bonds held"
        );

        uint256 forfeitedWinner = type(uint256).max;
        if (cancelled) {
            _settleCancelled(p.orderId, unrevealed);
        } else if (_settleAndJudge(p, bids, e, path, other)) {
            forfeitedWinner = e.winner;
        }
        vm.assertEq(token.balanceOf(address(auction)), 0, "the auction holds nothing");
        _assertBondsPaid(p, bids, forfeitedWinner, initial, other);
    }

    // ------------------------------------------------------------------------------------------
    // Budget
    // ------------------------------------------------------------------------------------------

    /**
     * @dev `mode` 0: one valid bid (first price); 1: two valid bids (second price); 2: one bid,
     * revealed, not valid (zero or above the maximum); 3: no bid at all. Whatever the maximum
     * price and quantity (up to the largest uint128 price), the customer's refund plus the
     * invoice total is the budget, the invoice total is the price times the quantity, and the
     * auction keeps only the winner's bond.
     */
    function testFuzz_budget_equalsInvoicePlusRefund(
        uint256 maxUnitPrice,
        uint256 quantity,
        uint256 price,
        uint256 otherPrice,
        uint256 mode
    ) public {
        mode = bound(mode, 0, 3);
        (bool posted, Posted memory p) = _tryPost(
            uint16(bound(quantity, 1, 100)),
            uint128(bound(maxUnitPrice, 1, type(uint128).max)),
            1e6,
            false,
            mode == 1
        );
        uint256 budget = uint256(p.maxUnitPrice) * p.quantity;
        // An invoice total is a uint128 in the escrow: refusing a larger budget at posting is
        // fine; any other refusal is not.
        if (!posted) {
            vm.assertGt(budget, type(uint128).max, "only a budget the escrow cannot hold refused");
            return;
        }
        (uint128 paid, address winner) = _budgetBids(p, price, otherPrice, mode);

        vm.warp(T0 + 2 days);
        uint256 before = token.balanceOf(customer);
        auction.settle(p.orderId, _order(p.orderId));
        uint256 refund = token.balanceOf(customer) - before;
        IProcurementAuction.OrderRecord memory o = auction.orderRecord(p.orderId);

        if (mode >= 2) {
            vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Closed), "closed");
            vm.assertEq(refund, budget, "no valid bid: the whole budget back");
            vm.assertEq(token.balanceOf(address(auction)), 0, "the auction holds nothing");
            return;
        }
        vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Awarded), "awarded");
        // The invoice the escrow stores is the winner's at price * quantity.
        uint256 total = uint256(paid) * p.quantity;
        _assertInvoice(o.invoiceId, _invoiceFor(_order(p.orderId), winner, total));
        vm.assertEq(refund + total, budget, "refund + invoice = budget");
        vm.assertEq(token.balanceOf(address(auction)), p.bond, "the auction keeps only one bond");
        vm.assertEq(token.balanceOf(address(escrow)), total, "the escrow holds the invoice");
    }

    // ------------------------------------------------------------------------------------------
    // Commitments
    // ------------------------------------------------------------------------------------------

    /**
     * @dev A commitment of pool[0], and a copy of it committed by `other` (before or after it).
     * Whoever commits the hash second is refused with ProcurementAuctionDuplicateCommitment and
     * pays nothing; the first holds the sealed bid and its bond (a copy committed first is a
     * relay's bond for the bidder, whose own commit is then refused). Nobody but the bidder can
     * reveal it; a change of any one field or of the salt makes the reveal fail; once revealed,
     * nobody reveals it again. The copier's bond, when it came first: back at the reveal unless
     * the bid leads (then held as the winner's); forfeited to the customer at the reveal when the
     * copier is the arbiter, who may not back a bid (the bid still counts, without a bond).
     */
    function testFuzz_commitment_onlyTheBidderCanReveal(
        address other,
        uint128 price,
        uint48 date,
        bytes32 salt,
        uint256 field,
        uint256 delta,
        bool copyFirst
    ) public {
        vm.assume(other != address(0) && other != pool[0] && other.code.length == 0);
        vm.assume(other != address(vm) && other != customer);
        _fund(other, 1e40);
        Posted memory p = _post(1, 1e6, 1e6, true, false);
        Bid memory b = Bid(0, pool[0], pool[0], price, date, salt, true);
        uint256 otherStart = token.balanceOf(other);
        b.committer = _commitWithCopy(p.orderId, b, other, copyFirst);
        vm.assertEq(
            token.balanceOf(other),
            otherStart - (copyFirst ? p.bond : 0),
            "a refused copy costs nothing"
        );

        vm.warp(T0 + 1 days);
        // Another address with the exact contents: not its commitment.
        _expectUnknownBid(p.orderId, other, b);
        _expectUnknownBid(p.orderId, pool[1], b);
        // The bidder with one field changed.
        _expectChangedRefused(p.orderId, _changed(b, field, delta));
        (uint256 forfeits, uint256 otherOut) = _revealOnce(p, b, other, copyFirst ? p.bond : 0);
        vm.assertEq(
            token.balanceOf(other),
            otherStart - otherOut,
            "the copier's bond back unless its bid leads"
        );

        _settleExpectingForfeit(p, forfeits);
        vm.assertEq(
            token.balanceOf(other),
            otherStart - otherOut,
            "the copier's bond after settle"
        );
        if (forfeits == 0 && _valid(p, b)) {
            vm.assertEq(
                auction.orderRecord(p.orderId).winnerCommitter,
                b.committer == arbiter ? address(0) : b.committer,
                "the winner's bond is its first committer's (none when the arbiter's was forfeited)"
            );
        }
    }

    /// @dev The fuzz test above, where the copy came first from the arbiter: the bid counts, and
    /// the arbiter's bond (it may not back a bid) is forfeited to the customer at the reveal.
    function test_commitment_copyFirstByTheArbiterIsForfeited() public {
        testFuzz_commitment_onlyTheBidderCanReveal(arbiter, 5e5, 0, "salt", 1, 1, true);
    }

    /// @dev The fuzz test above, where the copy came first from a relay and the bid is valid: the
    /// relay's bond is held as the winner's.
    function test_commitment_copyFirstOfAValidBidIsTheWinnersBond() public {
        testFuzz_commitment_onlyTheBidderCanReveal(relays[0], 5e5, 0, "salt", 3, 1, true);
    }

    // ------------------------------------------------------------------------------------------
    // Settlement cost
    // ------------------------------------------------------------------------------------------

    /**
     * @dev Settling after 1 bid and after 20 (all revealed and valid) costs the same within 5%:
     * nothing loops over bids. (The gas report measures settle after 1, 10 and 100 bids.) A
     * first order is settled beforehand so that both measured settlements find the escrow and
     * the customer's balance equally warm.
     */
    function test_settle_costsTheSameAfter1And20Bids() public {
        uint256 warmUp = _orderWithBids(1, 0);
        uint256 one = _orderWithBids(1, 0);
        uint256 twenty = _orderWithBids(20, 0);
        vm.warp(T0 + 2 days);
        auction.settle(warmUp, _order(warmUp));

        uint256 g = gasleft();
        auction.settle(one, _order(one));
        uint256 gasOne = g - gasleft();
        g = gasleft();
        auction.settle(twenty, _order(twenty));
        uint256 gasTwenty = g - gasleft();

        uint256 diff = gasOne > gasTwenty ? gasOne - gasTwenty : gasTwenty - gasOne;
        vm.assertLt(diff * 100, gasOne * 5, "settle gas: 1 bid vs 20 bids within 5%");
        vm.assertEq(
            uint256(auction.orderRecord(twenty).state),
            uint256(IProcurementAuction.OrderState.Awarded),
            "awarded"
        );
    }

    /**
     * @dev Settling after `revealed` bids (1..40, all valid) and `unrevealed` commitments never
     * revealed (1..40, forfeited) costs the same within 5% as after one of each: the bonds of
     * unrevealed bids are counted, not listed, and nothing loops over the bids. Warmed up as
     * above.
     */
    function testFuzz_settle_costsTheSameWhateverTheBids(
        uint256 revealed,
        uint256 unrevealed
    ) public {
        revealed = bound(revealed, 1, 40);
        unrevealed = bound(unrevealed, 1, 40);
        uint256 warmUp = _orderWithBids(1, 1);
        uint256 few = _orderWithBids(1, 1);
        uint256 many = _orderWithBids(revealed, unrevealed);
        vm.warp(T0 + 2 days);
        auction.settle(warmUp, _order(warmUp));

        uint256 customerBefore = token.balanceOf(customer);
        uint256 g = gasleft();
        auction.settle(few, _order(few));
        uint256 gasFew = g - gasleft();
        g = gasleft();
        auction.settle(many, _order(many));
        uint256 gasMany = g - gasleft();

        uint256 diff = gasFew > gasMany ? gasFew - gasMany : gasMany - gasFew;
        vm.assertLt(diff * 100, gasFew * 5, "settle gas: whatever the bids, within 5%");
        IProcurementAuction.OrderRecord memory o = auction.orderRecord(many);
        vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Awarded), "awarded");
        vm.assertEq(o.commitments, revealed + unrevealed, "every commitment counted");
        vm.assertEq(o.revealed, revealed, "every reveal counted");
        // Both refunds (the budget 100e6 * 10 less 99e6 * 10, and less (100e6 - revealed * 1e6)
        // * 10) and the 1 + `unrevealed` forfeited bonds of 1e6 went to the customer.
        vm.assertEq(
            token.balanceOf(customer) - customerBefore,
            (1 + revealed) * 10e6 + (1 + unrevealed) * 1e6,
            "refunds and forfeited bonds to the customer"
        );
    }

    // ------------------------------------------------------------------------------------------
    // The order passed back
    // ------------------------------------------------------------------------------------------

    /**
     * @dev Every call that takes the order (cancel, commit, reveal, settle, releaseWinnerBond,
     * withdraw, phase), given it with its bond, token or customer changed, is refused with
     * ProcurementAuctionWrongTerms(orderId, the stored hash, the given hash), whoever calls and
     * at any time; nothing changes, and the order as posted still works.
     */
    function testFuzz_wrongOrder_refusedWithWrongTerms(
        uint256 field,
        uint256 delta,
        uint256 call,
        uint256 when
    ) public {
        Posted memory p = _post(2, 1e6, 1e6, true, false);
        IProcurementAuction.Order memory posted = _order(p.orderId);
        bytes32 stored = keccak256(abi.encode(posted));
        vm.assertEq(auction.orderRecord(p.orderId).termsHash, stored, "stored hash");
        vm.assertEq(auction.hashOrder(posted), stored, "hashOrder");

        IProcurementAuction.Order memory wrong = _wrongOrder(posted, field, delta);
        bytes32 given = keccak256(abi.encode(wrong));
        vm.assertTrue(given != stored, "a changed order hashes differently");
        vm.assertEq(auction.hashOrder(wrong), given, "hashOrder of the changed order");

        vm.warp(T0 + bound(when, 0, 12 days));
        _expectWrongTerms(p.orderId, stored, given);
        _callWith(p.orderId, wrong, call % 7);

        IProcurementAuction.OrderRecord memory o = auction.orderRecord(p.orderId);
        vm.assertEq(o.termsHash, stored, "the hash unchanged");
        vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Bidding), "state");
        vm.assertEq(o.commitments, 0, "no commitment");
        vm.warp(T0);
        vm.assertEq(
            uint256(auction.phase(p.orderId, posted)),
            uint256(IProcurementAuction.OrderState.Bidding),
            "the order as posted is accepted"
        );
    }

    /// @dev Each of bond, token and customer changed, for every call that takes the order.
    function test_wrongOrder_everyCallRefusedWithExactArguments() public {
        Posted memory p = _post(2, 1e6, 1e6, true, false);
        IProcurementAuction.Order memory posted = _order(p.orderId);
        bytes32 stored = auction.orderRecord(p.orderId).termsHash;
        for (uint256 field; field < 3; ++field) {
            IProcurementAuction.Order memory wrong = _wrongOrder(posted, field, 1);
            bytes32 given = keccak256(abi.encode(wrong));
            for (uint256 call; call < 7; ++call) {
                _expectWrongTerms(p.orderId, stored, given);
                _callWith(p.orderId, wrong, call);
            }
        }
        // An order id never posted: unknown, before any terms are compared.
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionUnknownOrder.selector,
                p.orderId + 1
            )
        );
        auction.phase(p.orderId + 1, posted);
    }

    /**
     * @dev A sealed bid is committed once: the same commitment again, by anyone (the relay that
     * committed it, its bidder, another relay), is refused with
     * ProcurementAuctionDuplicateCommitment(orderId, commitment), takes no bond and no
     * sequence; another commitment comes next; the same hash on another order is that order's.
     * The bidder reveals it once; its bond, the relay's, is held as the winning bid's.
     */
    function test_commit_duplicateCommitmentRefused() public {
        Posted memory p = _post(1, 1e6, 1e6, true, false);
        Bid memory b = Bid(0, pool[0], relays[0], 5e5, p.deliveryBy, "dup", true);
        bytes32 h = auction.commitmentOf(p.orderId, b.bidder, b.price, b.date, b.salt);
        _commit(p, b, 0);
        _expectDuplicate(p.orderId, relays[0], h);
        _expectDuplicate(p.orderId, pool[0], h);
        _expectDuplicate(p.orderId, relays[1], h);
        Bid memory next = Bid(1, pool[1], pool[1], 6e5, p.deliveryBy, "next", true);
        _commit(p, next, 1);

        Posted memory q = _post(1, 1e6, 1e6, true, false);
        vm.assertEq(_commitAs(q.orderId, relays[1], h), 1, "keyed by order: another order's");
        vm.assertEq(auction.bid(q.orderId, h).committer, relays[1], "its own committer");
        vm.assertEq(auction.bid(p.orderId, h).committer, relays[0], "the first order's unchanged");

        vm.warp(T0 + 1 days);
        uint256 relayBefore = token.balanceOf(relays[0]);
        _revealChecked(p, next, 1);
        _revealChecked(p, b, 0);
        vm.assertEq(auction.orderRecord(p.orderId).winner, pool[0], "the lower bid leads");
        _expectBadReveal(p.orderId, 1, b.bidder, b);
        vm.assertEq(token.balanceOf(relays[0]), relayBefore, "the leading bid's bond held");
        vm.warp(T0 + 2 days);
        auction.settle(p.orderId, _order(p.orderId));
        vm.assertEq(auction.orderRecord(p.orderId).winnerCommitter, relays[0], "its relay's bond");
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    function _participants() private {
        participants = _deploySuite(registrar);
        uint48 until = uint48(T0 + VALIDITY);
        vm.startPrank(registrar);
        participants.accredit(
            standardsBody,
            _bit(IParticipantRegistry.Role.StandardsBody),
            until,
            EVIDENCE
        );
        participants.accredit(auditor, _bit(IParticipantRegistry.Role.Auditor), until, EVIDENCE);
        participants.accredit(producer, _bit(IParticipantRegistry.Role.Producer), until, EVIDENCE);
        participants.accredit(customer, _bit(IParticipantRegistry.Role.Customer), until, EVIDENCE);
        participants.accredit(arbiter, _bit(IParticipantRegistry.Role.Arbiter), until, EVIDENCE);
        for (uint256 i; i < POOL; ++i) {
            IParticipantRegistry.Role role =
                i < MANUFACTURERS
                    ? IParticipantRegistry.Role.Manufacturer
                    : IParticipantRegistry.Role.Customer;
            participants.accredit(pool[i], _bit(role), until, EVIDENCE);
        }
        vm.stopPrank();

        _defineScheme(
            participants,
            standardsBody,
            SCHEME,
            keccak256("scheme document"),
            365 days,
            auditor
        );
        _certify(producer);
        for (uint256 i; i < CERTIFIED; ++i) {
            _certify(pool[i]);
        }
    }

    /// @dev `participant` asks the auditor for a certificate without a capacity, which it grants.
    function _certify(address participant) private {
        _grantCertificate(participants, participant, auditor, SCHEME, 0, 0, 0, EVIDENCE);
    }

    function _fund(address account, uint256 amount) private {
        token.mint(account, amount);
        vm.prank(account);
        token.approve(address(auction), type(uint256).max);
    }

    /// @dev The customer posts an order: bidding ends in 1 day, revealing 1 day later, delivery
    /// by 7 days after that, with an arbiter and no acceptance window.
    function _post(
        uint16 quantity,
        uint128 maxUnitPrice,
        uint128 bond,
        bool schemeRequired,
        bool secondPrice
    ) private returns (Posted memory p) {
        bool posted;
        (posted, p) = _tryPost(quantity, maxUnitPrice, bond, schemeRequired, secondPrice);
        vm.assertTrue(posted, "posted");
    }

    function _tryPost(
        uint16 quantity,
        uint128 maxUnitPrice,
        uint128 bond,
        bool schemeRequired,
        bool secondPrice
    ) private returns (bool, Posted memory p) {
        p.quantity = quantity;
        p.maxUnitPrice = maxUnitPrice;
        p.bond = bond;
        p.deliveryBy = uint48(block.timestamp + 9 days);
        p.schemeRequired = schemeRequired;
        p.secondPrice = secondPrice;
        IProcurementAuction.OrderTerms memory t = IProcurementAuction.OrderTerms({
            specHash: SPEC,
            quantity: quantity,
            requiredScheme: schemeRequired ? SCHEME : bytes32(0),
            maxUnitPrice: maxUnitPrice,
            token: address(token),
            biddingEnds: uint48(block.timestamp + 1 days),
            revealEnds: uint48(block.timestamp + 2 days),
            deliveryBy: p.deliveryBy,
            bond: bond,
            secondPrice: secondPrice,
            arbiter: arbiter,
            acceptanceWindow: 0,
            gracePeriod: GRACE,
            rulingPeriod: 1 days
        });
        vm.prank(customer);
        try auction.postOrder(t) returns (uint256 orderId) {
            p.orderId = orderId;
            IProcurementAuction.Order memory order = IProcurementAuction.Order(customer, t);
            _posted[orderId] = order;
            vm.assertEq(
                auction.orderRecord(orderId).termsHash,
                keccak256(abi.encode(order)),
                "the auction stores the hash of the order"
            );
            return (true, p);
        } catch {
            return (false, p);
        }
    }

    /// @dev `count` bids drawn from `seed`: a bidder from the pool (a certified manufacturer six
    /// times in ten, an uncertified one three, not a manufacturer one); committed by the bidder
    /// or by a relay; a price of 0..maxSteps + 2 times `unit` (the maximum is maxSteps times it);
    /// a delivery date a day, an hour or a second before, at (twice as likely), or a second or a
    /// day after `deliveryBy`; revealed six times in seven.
    function _draw(
        uint256 count,
        uint256 seed,
        uint128 unit,
        uint256 maxSteps,
        uint48 deliveryBy
    ) private view returns (Bid[] memory bids) {
        bids = new Bid[](count);
        uint8[10] memory pick = [0, 1, 2, 0, 1, 2, 3, 4, 3, 5];
        int256[7] memory offsets = [-int256(1 days), -1 hours, -1, 0, 0, 1, int256(1 days)];
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 who = pick[r % 10];
            uint256 via = (r >> 8) % (RELAYS + 2);
            Bid memory b = bids[i];
            b.who = who;
            b.bidder = pool[who];
            b.committer = via < RELAYS ? relays[via] : pool[who];
            b.price = uint128(((r >> 16) % (maxSteps + 3)) * unit);
            b.date = uint48(uint256(int256(uint256(deliveryBy)) + offsets[(r >> 32) % 7]));
            b.salt = keccak256(abi.encode(seed, i, "salt"));
            b.reveals = (r >> 48) % 7 != 0;
        }
    }

    function _bid(
        uint256 who,
        uint128 price,
        uint48 date,
        bytes32 salt
    ) private view returns (Bid memory) {
        return Bid(who, pool[who], pool[who], price, date, salt, true);
    }

    /// @dev A Fisher-Yates shuffle of 0..count-1 drawn from `seed`.
    function _permutation(uint256 count, uint256 seed) private pure returns (uint256[] memory a) {
        a = new uint256[](count);
        for (uint256 i; i < count; ++i) a[i] = i;
        for (uint256 i = count; i > 1; --i) {
            uint256 j = uint256(keccak256(abi.encode(seed, "shuffle", i))) % i;
            (a[i - 1], a[j]) = (a[j], a[i - 1]);
        }
    }

    function _commit(Posted memory p, Bid memory b, uint256 index) private {
        bytes32 h = auction.commitmentOf(p.orderId, b.bidder, b.price, b.date, b.salt);
        uint32 sequence = _commitAs(p.orderId, b.committer, h);
        vm.assertEq(sequence, index + 1, "sequence in order of arrival");
    }

    /// @dev The running auction holds the expected best bid, and the second-best price.
    function _assertBest(
        IProcurementAuction.OrderRecord memory o,
        Bid[] memory bids,
        Outcome memory e
    ) private pure {
        if (e.hasWinner) {
            vm.assertEq(o.winner, bids[e.winner].bidder, "winner");
            vm.assertEq(o.winnerSequence, e.winner + 1, "winner sequence");
            vm.assertEq(o.bestPrice, e.best, "best price");
            vm.assertEq(o.secondPrice, e.second, "second price");
        } else {
            vm.assertEq(o.winner, address(0), "no winner");
            vm.assertEq(o.winnerSequence, 0, "no winner sequence");
            vm.assertEq(o.bestPrice, 0, "no best price");
        }
    }

    /// @dev After settlement: closed without a winner, else the winner's funded invoice at the
    /// best price (second price: the lowest valid price of another bidder, or the winner's when
    /// it bid alone) times the quantity.
    function _assertAward(Posted memory p, Bid[] memory bids, Outcome memory e) private view {
        IProcurementAuction.OrderRecord memory o = auction.orderRecord(p.orderId);
        if (!e.hasWinner) {
            vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Closed), "closed");
            vm.assertEq(o.invoiceId, 0, "no invoice");
            return;
        }
        vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Awarded), "awarded");
        uint128 paid = p.secondPrice && e.second != 0 ? e.second : e.best;
        // The stored hash binds the supplier, the payer (the customer) and the total.
        IInvoiceEscrow.Invoice memory inv = _invoiceFor(
            _order(p.orderId),
            bids[e.winner].bidder,
            uint256(paid) * p.quantity
        );
        vm.assertEq(inv.supplier, bids[e.winner].bidder, "invoice supplier");
        vm.assertEq(inv.terms.payer, customer, "invoice payer");
        vm.assertEq(_totalOf(inv), uint256(paid) * p.quantity, "invoice total");
        IInvoiceEscrow.InvoiceRecord memory r = _assertInvoice(o.invoiceId, inv);
        vm.assertEq(uint256(r.state), uint256(IInvoiceEscrow.InvoiceState.Funded), "funded");
    }

    /**
     * @dev The budget test's bids (see there): returns the unit price the winner is paid, and
     * the winner (zero, both, when there is no valid bid).
     */
    function _budgetBids(
        Posted memory p,
        uint256 price,
        uint256 otherPrice,
        uint256 mode
    ) private returns (uint128 paid, address winner) {
        if (mode == 3) return (0, address(0));
        Bid[] memory bids = new Bid[](mode == 1 ? 2 : 1);
        uint128 p0 = uint128(bound(price, 1, p.maxUnitPrice));
        if (mode == 2) {
            p0 =
                p.maxUnitPrice == type(uint128).max || price % 2 == 0
                    ? 0
                    : uint128(bound(price, uint256(p.maxUnitPrice) + 1, type(uint128).max));
        }
        bids[0] = _bid(0, p0, p.deliveryBy, "0");
        if (mode == 1) {
            uint128 p1 = uint128(bound(otherPrice, 1, p.maxUnitPrice));
            bids[1] = _bid(1, p1, p.deliveryBy, "1");
            // Second price: the higher of the two (the first wins a tie, and pays its price).
            paid = p0 <= p1 ? p1 : p0;
            winner = p0 <= p1 ? pool[0] : pool[1];
        } else if (mode == 0) {
            paid = p0;
            winner = pool[0];
        }
        for (uint256 i; i < bids.length; ++i) _commit(p, bids[i], i);
        vm.warp(T0 + 1 days);
        for (uint256 i; i < bids.length; ++i) _revealChecked(p, bids[i], i);
    }

    /**
     * @dev The bidder reveals `b` once (then nobody reveals it again: not the bidder, the
     * copier `other` or a stranger); when the arbiter committed it, the arbiter's bond goes to
     * the customer at the reveal. Returns the bonds to forfeit at settlement, and how much of
     * the copier's bond `otherBond` is not paid back (held as the leading bid's, or forfeited).
     */
    function _revealOnce(
        Posted memory p,
        Bid memory b,
        address other,
        uint256 otherBond
    ) private returns (uint256 forfeits, uint256 otherOut) {
        uint256 customerBefore = token.balanceOf(customer);
        _revealChecked(p, b, 0);
        if (b.committer == arbiter) {
            // The arbiter may not back a bid: its bond is forfeited to the customer at the
            // reveal, and the bid counts without one.
            vm.assertEq(
                token.balanceOf(customer),
                customerBefore + p.bond,
                "the arbiter's bond forfeited to the customer at the reveal"
            );
            _expectBadReveal(p.orderId, 1, b.bidder, b);
            return (0, otherBond);
        }
        _expectBadReveal(p.orderId, 1, b.bidder, b);
        _expectUnknownBid(p.orderId, other, b);
        _expectUnknownBid(p.orderId, pool[1], b);
        return (0, _valid(p, b) ? otherBond : 0);
    }

    /// @dev The bidder's commitment and `other`'s copy of it (first when `copyFirst`): the
    /// second to commit the hash is refused, and so is the first committing it again. Returns
    /// who committed the sealed bid (and posted its bond).
    function _commitWithCopy(
        uint256 orderId,
        Bid memory b,
        address other,
        bool copyFirst
    ) private returns (address first) {
        bytes32 h = auction.commitmentOf(orderId, b.bidder, b.price, b.date, b.salt);
        first = copyFirst ? other : b.bidder;
        vm.assertEq(_commitAs(orderId, first, h), 1, "the first commitment");
        _expectDuplicate(orderId, copyFirst ? b.bidder : other, h);
        _expectDuplicate(orderId, first, h);
        IProcurementAuction.Bid memory stored = auction.bid(orderId, h);
        vm.assertEq(stored.committer, first, "the bid is the first committer's");
        vm.assertEq(stored.sequence, 1, "one sealed bid");
        vm.assertFalse(stored.revealed, "not revealed yet");
        vm.assertEq(auction.orderRecord(orderId).commitments, 1, "one commitment");
    }

    /// @dev Settles; the customer gets the refund plus `forfeits` bonds.
    function _settleExpectingForfeit(Posted memory p, uint256 forfeits) private {
        vm.warp(T0 + 2 days);
        uint256 before = token.balanceOf(customer);
        auction.settle(p.orderId, _order(p.orderId));
        uint256 refund = uint256(p.maxUnitPrice) * p.quantity;
        IProcurementAuction.OrderRecord memory o = auction.orderRecord(p.orderId);
        if (o.state == IProcurementAuction.OrderState.Awarded) {
            refund -= _awarded(p.orderId).total;
        }
        vm.assertEq(
            token.balanceOf(customer) - before,
            refund + forfeits * p.bond,
            "refund + forfeited bonds to the customer"
        );
    }

    /// @dev Order `orderId` as the test posted it.
    function _order(uint256 orderId) private view returns (IProcurementAuction.Order memory) {
        return _posted[orderId];
    }

    /// @dev The invoice an award of `order` to `supplier` for `total` opens, built the way
    /// ProcurementAuction._openInvoice builds it: one delivery milestone of the whole order.
    function _invoiceFor(
        IProcurementAuction.Order memory order,
        address supplier,
        uint256 total
    ) private pure returns (IInvoiceEscrow.Invoice memory inv) {
        IProcurementAuction.OrderTerms memory t = order.terms;
        inv.supplier = supplier;
        inv.terms = IInvoiceEscrow.InvoiceTerms({
            payer: order.customer,
            token: t.token,
            dueDate: t.deliveryBy,
            acceptanceWindow: t.acceptanceWindow,
            gracePeriod: t.gracePeriod,
            rulingPeriod: t.rulingPeriod,
            arbiter: t.arbiter,
            penaltyPerDay: 0,
            penaltyCap: 0
        });
        inv.milestones = new IInvoiceEscrow.MilestoneTerms[](1);
        inv.milestones[0] = IInvoiceEscrow.MilestoneTerms({
            amount: uint128(total),
            kind: IInvoiceEscrow.MilestoneKind.Delivery,
            quantity: t.quantity,
            specHash: t.specHash
        });
    }

    function _totalOf(IInvoiceEscrow.Invoice memory inv) private pure returns (uint256 total) {
        for (uint256 i; i < inv.milestones.length; ++i) total += inv.milestones[i].amount;
    }

    /// @dev The escrow stores invoice `invoiceId` as `inv`: its hash, and its supplier.
    function _assertInvoice(
        uint256 invoiceId,
        IInvoiceEscrow.Invoice memory inv
    ) private view returns (IInvoiceEscrow.InvoiceRecord memory r) {
        r = escrow.invoiceRecord(invoiceId);
        vm.assertEq(r.termsHash, keccak256(abi.encode(inv)), "the invoice stored is the one built");
        vm.assertEq(r.termsHash, escrow.hashInvoice(inv), "the escrow's hash of it");
        vm.assertEq(r.supplier, inv.supplier, "invoice supplier stored");
    }

    /**
     * @dev The invoice awarded order `orderId` opened, rebuilt from the order and its record
     * (the winner at the price settle pays: the second price when asked for and there was one,
     * else the best), checked against the escrow's stored hash; and its total.
     */
    function _awarded(uint256 orderId) private view returns (Award memory a) {
        IProcurementAuction.Order memory order = _order(orderId);
        IProcurementAuction.OrderRecord memory o = auction.orderRecord(orderId);
        uint128 price = order.terms.secondPrice && o.secondPrice != 0 ? o.secondPrice : o.bestPrice;
        a.invoiceId = o.invoiceId;
        a.total = uint256(price) * order.terms.quantity;
        a.invoice = _invoiceFor(order, o.winner, a.total);
        _assertInvoice(a.invoiceId, a.invoice);
    }

    function _commitAs(uint256 orderId, address from, bytes32 h) private returns (uint32) {
        vm.prank(from);
        return auction.commit(orderId, _order(orderId), h);
    }

    /// @dev `from` commits `h` again: refused, and nothing is taken from it.
    function _expectDuplicate(uint256 orderId, address from, bytes32 h) private {
        IProcurementAuction.Bid memory before = auction.bid(orderId, h);
        uint32 commitments = auction.orderRecord(orderId).commitments;
        uint256 balance = token.balanceOf(from);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionDuplicateCommitment.selector,
                orderId,
                h
            )
        );
        _commitAs(orderId, from, h);
        IProcurementAuction.Bid memory b = auction.bid(orderId, h);
        vm.assertEq(b.committer, before.committer, "the first committer stays");
        vm.assertEq(b.sequence, before.sequence, "the first sequence stays");
        vm.assertEq(auction.orderRecord(orderId).commitments, commitments, "no new commitment");
        vm.assertEq(token.balanceOf(from), balance, "no bond taken for a duplicate");
    }

    /// @dev The bidder reveals `b` (no check: the call may be expected to revert).
    function _reveal(Posted memory p, Bid memory b) private {
        vm.prank(b.bidder);
        auction.reveal(p.orderId, _order(p.orderId), b.price, b.date, b.salt);
    }

    /// @dev The bidder reveals `b`, committed as number `index + 1`: its slot is marked revealed.
    function _revealChecked(Posted memory p, Bid memory b, uint256 index) private {
        _reveal(p, b);
        IProcurementAuction.Bid memory stored = auction.bid(
            p.orderId,
            auction.commitmentOf(p.orderId, b.bidder, b.price, b.date, b.salt)
        );
        vm.assertTrue(stored.revealed, "revealed");
        vm.assertEq(stored.sequence, index + 1, "the bid of that sequence");
    }

    /// @dev `by` reveals `b`'s contents: no commitment of `by` holds them.
    function _expectUnknownBid(uint256 orderId, address by, Bid memory b) private {
        bytes32 h = auction.commitmentOf(orderId, by, b.price, b.date, b.salt);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionUnknownBid.selector,
                orderId,
                h
            )
        );
        vm.prank(by);
        auction.reveal(orderId, _order(orderId), b.price, b.date, b.salt);
    }

    /// @dev `posted` with its bond (`field` 0), token (1) or customer (2) changed by `delta`.
    function _wrongOrder(
        IProcurementAuction.Order memory posted,
        uint256 field,
        uint256 delta
    ) private pure returns (IProcurementAuction.Order memory wrong) {
        // A deep copy: memory structs are assigned by reference.
        wrong = abi.decode(abi.encode(posted), (IProcurementAuction.Order));
        field = field % 3;
        if (field == 0) {
            wrong.terms.bond = posted.terms.bond ^ uint128(bound(delta, 1, type(uint128).max));
        } else if (field == 1) {
            wrong.terms.token = address(
                uint160(posted.terms.token) ^ uint160(bound(delta, 1, type(uint160).max))
            );
        } else {
            wrong.customer = address(
                uint160(posted.customer) ^ uint160(bound(delta, 1, type(uint160).max))
            );
        }
    }

    function _expectWrongTerms(uint256 orderId, bytes32 stored, bytes32 given) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionWrongTerms.selector,
                orderId,
                stored,
                given
            )
        );
    }

    /// @dev Calls the auction with `order` for order `orderId`: `call` 0 cancel (by the
    /// customer), 1 commit, 2 reveal, 3 settle, 4 releaseWinnerBond, 5 withdraw, 6 phase.
    function _callWith(
        uint256 orderId,
        IProcurementAuction.Order memory order,
        uint256 call
    ) private {
        if (call == 0) {
            vm.prank(customer);
            auction.cancel(orderId, order);
        } else if (call == 1) {
            vm.prank(pool[0]);
            auction.commit(orderId, order, keccak256("a commitment"));
        } else if (call == 2) {
            vm.prank(pool[0]);
            auction.reveal(orderId, order, 5e5, order.terms.deliveryBy, "salt");
        } else if (call == 3) {
            auction.settle(orderId, order);
        } else if (call == 4) {
            auction.releaseWinnerBond(orderId, order);
        } else if (call == 5) {
            vm.prank(pool[0]);
            auction.withdraw(orderId, order, pool[0]);
        } else {
            auction.phase(orderId, order);
        }
    }

    /// @dev The bidder named in `changed` reveals it: no commitment holds it.
    function _expectChangedRefused(uint256 orderId, Bid memory changed) private {
        _expectUnknownBid(orderId, changed.bidder, changed);
    }

    /// @dev `by` reveals `b` again: bid `sequence` is already revealed.
    function _expectBadReveal(uint256 orderId, uint32 sequence, address by, Bid memory b) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionBadReveal.selector,
                orderId,
                sequence
            )
        );
        vm.prank(by);
        auction.reveal(orderId, _order(orderId), b.price, b.date, b.salt);
    }

    /// @dev `b` with exactly one of bidder, price, date, salt changed (`delta` non-zero).
    function _changed(
        Bid memory b,
        uint256 field,
        uint256 delta
    ) private view returns (Bid memory c) {
        c = Bid(b.who, b.bidder, b.committer, b.price, b.date, b.salt, true);
        field = field % 4;
        if (field == 0) {
            c.bidder = pool[1 + (delta % (POOL - 1))];
        } else if (field == 1) {
            unchecked {
                c.price = b.price + uint128(bound(delta, 1, type(uint128).max));
            }
        } else if (field == 2) {
            unchecked {
                c.date = b.date + uint48(bound(delta, 1, type(uint48).max));
            }
        } else {
            c.salt = b.salt ^ bytes32(bound(delta, 1, type(uint256).max));
        }
    }

    function _valid(Posted memory p, Bid memory b) private pure returns (bool) {
        return
            b.reveals &&
            b.who < MANUFACTURERS &&
            (!p.schemeRequired || b.who < CERTIFIED) &&
            b.price != 0 &&
            b.price <= p.maxUnitPrice &&
            b.date <= p.deliveryBy;
    }

    /// @dev The lowest valid price, the earliest sequence among equals; and the lowest valid
    /// price of every other bidder (the winner's own other bids never set its price).
    function _expect(Posted memory p, Bid[] memory bids) private pure returns (Outcome memory e) {
        for (uint256 i; i < bids.length; ++i) {
            if (!_valid(p, bids[i])) continue;
            if (!e.hasWinner || bids[i].price < e.best) {
                e.hasWinner = true;
                e.winner = i;
                e.best = bids[i].price;
            }
        }
        for (uint256 i; i < bids.length; ++i) {
            if (!_valid(p, bids[i]) || bids[i].bidder == bids[e.winner].bidder) continue;
            if (e.second == 0 || bids[i].price < e.second) e.second = bids[i].price;
        }
    }

    /// @dev Reveals the bids in `order`, checking after each that exactly the right bond moved
    /// and what the auction holds; returns the best bid's index (max when none).
    function _revealAllCheckingBonds(
        Posted memory p,
        Bid[] memory bids,
        address[] memory accounts,
        uint256[] memory order
    ) private returns (uint256 best) {
        best = type(uint256).max;
        uint256 unrevealed = bids.length;
        uint256 budget = uint256(p.maxUnitPrice) * p.quantity;
        for (uint256 k; k < order.length; ++k) {
            uint256 i = order[k];
            if (!bids[i].reveals) continue;
            uint256[] memory before = _balances(accounts);
            _revealChecked(p, bids[i], i);
            --unrevealed;

            address refundTo = bids[i].committer;
            if (_valid(p, bids[i])) {
                if (best == type(uint256).max) {
                    refundTo = address(0);
                    best = i;
                } else if (
                    bids[i].price < bids[best].price ||
                    (bids[i].price == bids[best].price && i < best)
                ) {
                    refundTo = bids[best].committer;
                    best = i;
                }
            }
            for (uint256 a; a < accounts.length; ++a) {
                uint256 expected = before[a] + (accounts[a] == refundTo ? p.bond : 0);
                vm.assertEq(
                    token.balanceOf(accounts[a]),
                    expected,
                    "one bond, to the right account"
                );
            }
            uint256 held = budget + (unrevealed + (best == type(uint256).max ? 0 : 1)) * p.bond;
            vm.assertEq(token.balanceOf(address(auction)), held, "budget + bonds held");
        }
    }

    /// @dev Reveals the bids in `order`: those of the customer or the arbiter are refused (and
    /// marked unrevealed, so forfeited); returns the number of commitments left unrevealed.
    function _revealAllRefusingConflicts(
        Posted memory p,
        Bid[] memory bids,
        uint256[] memory order
    ) private returns (uint256 unrevealed) {
        for (uint256 k; k < order.length; ++k) {
            Bid memory b = bids[order[k]];
            if (b.reveals && (b.bidder == customer || b.bidder == arbiter)) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IProcurementAuction.ProcurementAuctionConflictedBidder.selector,
                        p.orderId,
                        b.bidder
                    )
                );
                _reveal(p, b);
                b.reveals = false;
            } else if (b.reveals) {
                _revealChecked(p, b, order[k]);
            }
            if (!b.reveals) ++unrevealed;
        }
    }

    /// @dev `_draw`'s bids, with the customer and the arbiter made manufacturers too and one bid
    /// in three theirs.
    function _drawWithConflicts(
        uint256 count,
        uint256 seed,
        uint48 deliveryBy
    ) private returns (Bid[] memory bids) {
        vm.startPrank(registrar);
        participants.setRoles(
            customer,
            _bit(IParticipantRegistry.Role.Customer) | _bit(IParticipantRegistry.Role.Manufacturer)
        );
        participants.setRoles(
            arbiter,
            _bit(IParticipantRegistry.Role.Arbiter) | _bit(IParticipantRegistry.Role.Manufacturer)
        );
        vm.stopPrank();
        bids = _draw(count, seed, 1e6, 8, deliveryBy);
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i, "conflict")));
            if (r % 3 != 0) continue;
            bids[i].who = POOL; // not in the pool: never valid
            bids[i].bidder = (r >> 8) % 2 == 0 ? customer : arbiter;
        }
    }

    /// @dev Settles a cancelled order after revealing: its unrevealed bonds, once (refused when
    /// there are none, and a second time).
    function _settleCancelled(uint256 orderId, uint256 unrevealed) private {
        vm.warp(T0 + 2 days);
        if (unrevealed == 0) _expectCancelledSettleRefused(orderId);
        else auction.settle(orderId, _order(orderId));
        _expectCancelledSettleRefused(orderId);
    }

    function _expectCancelledSettleRefused(uint256 orderId) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionWrongPhase.selector,
                orderId,
                IProcurementAuction.OrderState.Cancelled,
                uint8(1 << uint8(IProcurementAuction.OrderState.Settling))
            )
        );
        auction.settle(orderId, _order(orderId));
    }

    /**
     * @dev Settles and, when awarded, ends the invoice by `path` (see the conservation test) and
     * releases the winner's bond. Records the flows other than bonds in `other`; returns whether
     * the winner's bond went to the customer.
     */
    function _settleAndJudge(
        Posted memory p,
        Bid[] memory bids,
        Outcome memory e,
        uint256 path,
        int256[] memory other
    ) private returns (bool bondToCustomer) {
        address[] memory accounts = _accounts();
        uint256 c = _indexOf(accounts, customer);
        uint256 budget = uint256(p.maxUnitPrice) * p.quantity;
        vm.warp(T0 + 2 days);
        auction.settle(p.orderId, _order(p.orderId));
        if (!e.hasWinner) {
            other[c] += int256(budget);
            return false;
        }
        Award memory a = _awarded(p.orderId);
        other[c] += int256(budget - a.total);
        address winner = bids[e.winner].bidder;
        if (path == 0) {
            _deliver(winner, a.invoiceId, a.invoice, p.quantity);
            other[_indexOf(accounts, winner)] += int256(a.total);
        } else if (path <= 2) {
            uint256 lastDay = uint256(p.deliveryBy) + GRACE;
            if (path == 2) {
                // The winner disputes its own pending milestone an hour before the last day and
                // nobody rules: it lapses after that day, and the milestone is refunded.
                vm.warp(lastDay - 1 hours);
                vm.prank(winner);
                escrow.dispute(a.invoiceId, a.invoice, 0, "unpursued");
                vm.warp(lastDay + 1 days);
                escrow.lapseDispute(a.invoiceId, 0);
            } else {
                vm.warp(lastDay);
            }
            escrow.reclaim(a.invoiceId, a.invoice);
            other[c] += int256(a.total);
            bondToCustomer = true;
        } else {
            // Only the supplier disputes a pending milestone.
            vm.prank(winner);
            escrow.dispute(a.invoiceId, a.invoice, 0, "quality");
            uint128 toPayee = path == 3 ? 0 : uint128(a.total / 2);
            vm.prank(arbiter);
            escrow.rule(a.invoiceId, a.invoice, 0, toPayee);
            other[_indexOf(accounts, winner)] += int256(uint256(toPayee));
            other[c] += int256(a.total - toPayee);
            bondToCustomer = path == 3;
        }
        auction.releaseWinnerBond(p.orderId, _order(p.orderId));
    }

    /**
     * @dev Settles and, when awarded, completes the invoice (`path` 0: delivers; 1: the customer
     * reclaims; 2: settled late instead, so closed) and releases the winner's bond. Records the
     * flows other than bonds in `other`; returns whether the winner's bond went to the customer.
     */
    function _settleAndRelease(
        Posted memory p,
        Bid[] memory bids,
        Outcome memory e,
        uint256 path,
        int256[] memory other
    ) private returns (bool bondToCustomer) {
        address[] memory accounts = _accounts();
        uint256 budget = uint256(p.maxUnitPrice) * p.quantity;
        vm.warp(path == 2 ? p.deliveryBy : T0 + 2 days);
        auction.settle(p.orderId, _order(p.orderId));
        IProcurementAuction.OrderRecord memory o = auction.orderRecord(p.orderId);
        if (!e.hasWinner || path == 2) {
            vm.assertEq(uint256(o.state), uint256(IProcurementAuction.OrderState.Closed), "closed");
            other[_indexOf(accounts, customer)] = int256(budget);
            _expectReleaseRefused(p.orderId, o.state);
            return false;
        }
        Award memory a = _awarded(p.orderId);
        other[_indexOf(accounts, customer)] = int256(budget - a.total);
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionInvoiceOpen.selector,
                o.invoiceId
            )
        );
        auction.releaseWinnerBond(p.orderId, _order(p.orderId));

        if (path == 0) {
            _deliver(bids[e.winner].bidder, o.invoiceId, a.invoice, p.quantity);
            other[_indexOf(accounts, bids[e.winner].bidder)] += int256(a.total);
        } else {
            vm.warp(uint256(p.deliveryBy) + GRACE);
            escrow.reclaim(o.invoiceId, a.invoice);
            other[_indexOf(accounts, customer)] += int256(a.total);
            bondToCustomer = true;
        }
        auction.releaseWinnerBond(p.orderId, _order(p.orderId));
        // Released once: a second release finds nothing.
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionBondReleased.selector,
                p.orderId
            )
        );
        auction.releaseWinnerBond(p.orderId, _order(p.orderId));
    }

    /**
     * @dev Each account's bonds in (its balance change, less the flows other than bonds, plus
     * the bonds it posted) is one bond per revealed bid it committed, the customer's one per
     * unrevealed bid plus the winner's when `forfeitedWinner` names it; they add up to one
     * bond per commitment.
     */
    function _assertBondsPaid(
        Posted memory p,
        Bid[] memory bids,
        uint256 forfeitedWinner,
        uint256[] memory initial,
        int256[] memory other
    ) private view {
        address[] memory accounts = _accounts();
        uint256[] memory expectedIn = new uint256[](accounts.length);
        int256[] memory bondsIn = new int256[](accounts.length);
        for (uint256 a; a < accounts.length; ++a) {
            bondsIn[a] = int256(token.balanceOf(accounts[a])) - int256(initial[a]) - other[a];
        }
        for (uint256 i; i < bids.length; ++i) {
            bondsIn[_indexOf(accounts, bids[i].committer)] += int256(uint256(p.bond));
            bool toCustomer = !bids[i].reveals || i == forfeitedWinner;
            expectedIn[_indexOf(accounts, toCustomer ? customer : bids[i].committer)] += p.bond;
        }
        uint256 paidOut;
        for (uint256 a; a < accounts.length; ++a) {
            vm.assertEq(uint256(bondsIn[a]), expectedIn[a], "bonds paid to an account");
            paidOut += uint256(bondsIn[a]);
        }
        vm.assertEq(paidOut, bids.length * p.bond, "sum of bonds paid out = commitments * bond");
    }

    function _expectReleaseRefused(uint256 orderId, IProcurementAuction.OrderState state) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                IProcurementAuction.ProcurementAuctionWrongPhase.selector,
                orderId,
                state,
                uint8(1 << uint8(IProcurementAuction.OrderState.Awarded))
            )
        );
        auction.releaseWinnerBond(orderId, _order(orderId));
    }

    /// @dev The winner gets material, makes `quantity` conforming parts and delivers them.
    function _deliver(
        address winner,
        uint256 invoiceId,
        IInvoiceEscrow.Invoice memory inv,
        uint16 quantity
    ) private {
        vm.prank(producer);
        uint32 batch = parts.transferBatch(rootBatch, winner, quantity);
        bytes32[] memory serials = new bytes32[](quantity);
        uint256[] memory ids = new uint256[](quantity);
        for (uint256 i; i < quantity; ++i) {
            serials[i] = keccak256(abi.encode("auction part", ++_serialNonce));
            ids[i] = parts.partIdOf(winner, serials[i]);
        }
        IPartRegistry.BatchInput[] memory inputs = new IPartRegistry.BatchInput[](1);
        inputs[0] = IPartRegistry.BatchInput({batchId: batch, quantity: 1});
        vm.startPrank(winner);
        parts.makeParts(SPEC, serials, new address[](0), inputs);
        parts.setApprovalForAll(address(escrow), true);
        escrow.deliver(invoiceId, inv, 0, ids);
        vm.stopPrank();
        vm.assertEq(
            uint256(escrow.invoiceRecord(invoiceId).state),
            uint256(IInvoiceEscrow.InvoiceState.Settled),
            "delivered and paid"
        );
    }

    /// @dev An order with `count` valid bids from certified manufacturers, all revealed; the
    /// last and lowest is pool[0]'s, so that every order has the same winner (a supplier's first
    /// receivable costs a fresh balance slot in the escrow, whatever the number of bids), and
    /// every price is below the maximum, so that every settlement refunds something. Then
    /// `unrevealed` more commitments, by the relays, never revealed (their bonds forfeit at
    /// settlement).
    function _orderWithBids(uint256 count, uint256 unrevealed) private returns (uint256 orderId) {
        vm.warp(T0);
        Posted memory p = _post(10, 100e6, 1e6, true, false);
        Bid[] memory bids = new Bid[](count);
        for (uint256 i; i < count; ++i) {
            bids[i] = _bid(
                (count - 1 - i) % CERTIFIED,
                uint128(99e6 - i * 1e6),
                p.deliveryBy,
                bytes32(i)
            );
            _commit(p, bids[i], i);
        }
        for (uint256 j; j < unrevealed; ++j) {
            bytes32 salt = keccak256(abi.encode("unrevealed", j));
            _commit(
                p,
                Bid(3, pool[3], relays[j % RELAYS], 1e6, p.deliveryBy, salt, false),
                count + j
            );
        }
        vm.warp(T0 + 1 days);
        for (uint256 i; i < count; ++i) _revealChecked(p, bids[i], i);
        return p.orderId;
    }

    /// @dev Every account whose balance the bond test tracks: the pool, the relays, the customer.
    function _accounts() private view returns (address[] memory accounts) {
        accounts = new address[](POOL + RELAYS + 1);
        for (uint256 i; i < POOL; ++i) accounts[i] = pool[i];
        for (uint256 i; i < RELAYS; ++i) accounts[POOL + i] = relays[i];
        accounts[POOL + RELAYS] = customer;
    }

    function _balances(address[] memory accounts) private view returns (uint256[] memory b) {
        b = new uint256[](accounts.length);
        for (uint256 a; a < accounts.length; ++a) b[a] = token.balanceOf(accounts[a]);
    }

    function _indexOf(address[] memory accounts, address who) private pure returns (uint256) {
        for (uint256 a; a < accounts.length; ++a) if (accounts[a] == who) return a;
        revert UnknownAccount(who);
    }
}
