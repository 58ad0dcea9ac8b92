// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICoreCharges} from "../../contracts/interfaces/ICoreCharges.sol";
import {ICoreRegistry} from "../../contracts/interfaces/ICoreRegistry.sol";
import {StablecoinMock} from "../../contracts/mocks/StablecoinMock.sol";
import {CircularFixture, PredictingHandler} from "./CircularFixture.t.sol";

/**
 * @notice The invariant fuzzer's only target for core charges. Drives random sequences of
 * requireCharge, cancelCharge, payCharge, settleCharge (with a freshly returned core, graded or
 * not, of the unit's specification or another), forfeitCharge, withdraw and time warps, in two
 * tokens, as the right parties and now and then the wrong one. An action that finds nothing to
 * act on first builds what it needs (require, pay). It keeps its own model of every charge and
 * of every credit, and ghost sums per token of what was paid in and withdrawn, and predicts the
 * outcome of every call first: a revert that was not predicted (or differs from the prediction
 * in any byte), and a success where a revert was predicted, counts in `unexpected`.
 */
contract ChargeHandler is PredictingHandler {
    /// @notice The model of one charge.
    struct Model {
        address seller;
        address buyer;
        IERC20 token;
        uint96 amount;
        bytes32 specHash;
        uint40 returnBy;
        ICoreCharges.ChargeState state;
        uint16[5] refundBps;
        uint256 coreId;
    }

    /// @notice What the handler counts.
    enum Count {
        Required,
        Cancelled,
        Paid,
        Settled,
        Forfeited,
        Withdrawn,
        LatePayments,
        LateSettlements,
        WrongSpec,
        Ungraded,
        EarlyForfeits,
        WrongCaller,
        BadSchedule,
        NothingOwed
    }

    /// @dev Largest deposit, and longest deadline, the handler requires.
    uint256 private constant MAX_AMOUNT = 1e24;
    uint256 private constant MAX_RETURN_IN = 30 days;
    uint256 private constant MAX_WARP = 10 days;
    /// @notice Where a withdrawal goes when the account sends its credit elsewhere.
    address public constant SINK = address(0x5151);

    StablecoinMock public immutable tokenB;
    /// @notice A unit of each specification, the parts the charges are required for.
    uint256 public immutable unitA;
    uint256 public immutable unitB;

    uint256 public chargeCount;
    mapping(uint256 chargeId => Model) private _models;
    mapping(uint256 chargeId => mapping(address account => uint256)) public ghostOwed;
    mapping(IERC20 token => uint256) public ghostPaidIn;
    mapping(IERC20 token => uint256) public ghostWithdrawn;
    mapping(address account => mapping(IERC20 token => uint256)) public ghostReceived;

    /// @notice How many calls of each kind succeeded (and how many refusals were predicted).
    mapping(Count kind => uint256) public counts;

    constructor(Deployment memory d) {
        _adopt(d);
        tokenB = new StablecoinMock("Test EUR", "TEUR");
        unitA = _make(oem, SPEC);
        unitB = _make(oem2, OTHER_SPEC);
        address[2] memory buyers = [customer, customer2];
        for (uint256 i; i < 2; ++i) {
            stable.mint(buyers[i], FUNDS);
            tokenB.mint(buyers[i], FUNDS);
            vm.startPrank(buyers[i]);
            stable.approve(address(charges), type(uint256).max);
            tokenB.approve(address(charges), type(uint256).max);
            cores.setApprovalForAll(address(charges), true);
            vm.stopPrank();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /// @notice A seller requires a deposit of 1 .. 1e24 in either token for a unit of either
    /// specification, due in 1 s .. 30 days, on a random schedule (now and then one share above
    /// 100%, which is refused).
    function requireCharge(uint256 seed, uint256 amount, uint256 returnIn, uint256 bps) public {
        _require(seed, amount, returnIn, bps, true);
    }

    /// @notice The seller (or, now and then, the buyer) cancels a charge.
    function cancelCharge(uint256 seed) external {
        uint256 id = _pick(seed, ICoreCharges.ChargeState.Required, false);
        Model storage m = _models[id];
        address caller = (seed >> 64) % 4 == 0 ? m.buyer : m.seller;
        bytes memory expected;
        if (caller != m.seller) {
            expected = _err(ICoreCharges.CoreChargesNotParty.selector, id, caller);
            ++counts[Count.WrongCaller];
        } else if (m.state != ICoreCharges.ChargeState.Required) {
            expected = _stateErr(id, m.state, ICoreCharges.ChargeState.Required);
        }
        vm.prank(caller);
        try charges.cancelCharge(id) {
            if (_expect("cancelCharge", true, "", expected)) {
                m.state = ICoreCharges.ChargeState.Cancelled;
                ++counts[Count.Cancelled];
            }
        } catch (bytes memory reason) {
            _expect("cancelCharge", false, reason, expected);
        }
    }

    /// @notice The buyer pays a deposit in.
    function payCharge(uint256 seed) public {
        uint256 id = _pick(seed, ICoreCharges.ChargeState.Required, true);
        _pay(id);
    }

    /**
     * @notice The buyer hands in a core against a charge: a part it is sold, returns and has
     * graded (outcome and grade random) just before; now and then of the other specification,
     * or left ungraded.
     */
    function settleCharge(uint256 seed, uint256 gradeSeed) external {
        uint256 id = _pickHeld(seed);
        Model storage m = _models[id];
        bool wrongSpec = (gradeSeed >> 8) % 6 == 0;
        bool ungraded = !wrongSpec && (gradeSeed >> 16) % 6 == 0;
        bytes32 spec = m.specHash;
        if (wrongSpec) spec = spec == SPEC ? OTHER_SPEC : SPEC;
        uint256 coreId = _return(_sold(spec, m.buyer), m.buyer);
        uint8 grade = uint8(1 + (gradeSeed % 5));
        if (!ungraded) _grade(coreId, ICoreRegistry.Outcome(1 + ((gradeSeed >> 24) % 4)), grade);

        bytes memory expected;
        if (m.state != ICoreCharges.ChargeState.Held) {
            expected = _stateErr(id, m.state, ICoreCharges.ChargeState.Held);
        } else if (block.timestamp > m.returnBy) {
            expected = abi.encodeWithSelector(
                ICoreCharges.CoreChargesDeadlinePassed.selector,
                id,
                m.returnBy
            );
            ++counts[Count.LateSettlements];
        } else if (wrongSpec) {
            expected = abi.encodeWithSelector(
                ICoreCharges.CoreChargesSpecMismatch.selector,
                coreId,
                m.specHash,
                spec
            );
            ++counts[Count.WrongSpec];
        } else if (ungraded) {
            expected = abi.encodeWithSelector(ICoreCharges.CoreChargesNotGraded.selector, coreId);
            ++counts[Count.Ungraded];
        }
        vm.prank(m.buyer);
        try charges.settleCharge(id, coreId) {
            if (_expect("settleCharge", true, "", expected)) {
                uint96 refund = uint96((uint256(m.amount) * m.refundBps[grade - 1]) / 10_000);
                ghostOwed[id][m.buyer] += refund;
                ghostOwed[id][m.seller] += m.amount - refund;
                m.state = ICoreCharges.ChargeState.Settled;
                m.coreId = coreId;
                if (cores.ownerOf(coreId) != m.seller) _unexpected("settleCharge: core", "");
                ++counts[Count.Settled];
            }
        } catch (bytes memory reason) {
            _expect("settleCharge", false, reason, expected);
        }
    }

    /// @notice Anyone forfeits a held deposit (refused before the deadline).
    function forfeitCharge(uint256 seed) external {
        uint256 id = _pickHeld(seed);
        Model storage m = _models[id];
        bytes memory expected;
        if (m.state != ICoreCharges.ChargeState.Held) {
            expected = _stateErr(id, m.state, ICoreCharges.ChargeState.Held);
        } else if (block.timestamp <= m.returnBy) {
            expected = abi.encodeWithSelector(
                ICoreCharges.CoreChargesNotYetDue.selector,
                id,
                m.returnBy
            );
            ++counts[Count.EarlyForfeits];
        }
        vm.prank(address(uint160(0xF0F0 + ((seed >> 128) % 3))));
        try charges.forfeitCharge(id) {
            if (_expect("forfeitCharge", true, "", expected)) {
                ghostOwed[id][m.seller] += m.amount;
                m.state = ICoreCharges.ChargeState.Forfeited;
                ++counts[Count.Forfeited];
            }
        } catch (bytes memory reason) {
            _expect("forfeitCharge", false, reason, expected);
        }
    }

    /// @notice The seller or the buyer withdraws its credit on a charge, to itself or elsewhere.
    function withdraw(uint256 seed, bool toSink) external {
        uint256 id = _pickOwed(seed);
        Model storage m = _models[id];
        address account = (seed >> 64) % 2 == 0 ? m.seller : m.buyer;
        address to = toSink ? SINK : account;
        uint256 amount = ghostOwed[id][account];
        bytes memory expected;
        if (amount == 0) {
            expected = _err(ICoreCharges.CoreChargesNothingOwed.selector, id, account);
            ++counts[Count.NothingOwed];
        }
        uint256 before = m.token.balanceOf(to);
        vm.prank(account);
        try charges.withdraw(id, to) {
            if (_expect("withdraw", true, "", expected)) {
                ghostOwed[id][account] = 0;
                ghostWithdrawn[m.token] += amount;
                ghostReceived[to][m.token] += amount;
                if (m.token.balanceOf(to) - before != amount) _unexpected("withdraw: paid", "");
                ++counts[Count.Withdrawn];
            }
        } catch (bytes memory reason) {
            _expect("withdraw", false, reason, expected);
        }
    }

    /// @notice Time passes: 0 .. 10 days.
    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 0, MAX_WARP));
    }

    // ------------------------------------------------------------------------------------------
    // Views for the invariants
    // ------------------------------------------------------------------------------------------

    /// @notice The model of charge `chargeId`.
    function model(uint256 chargeId) external view returns (Model memory) {
        return _models[chargeId];
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _require(
        uint256 seed,
        uint256 amount,
        uint256 returnIn,
        uint256 bps,
        bool mayBreakSchedule
    ) private returns (uint256 chargeId) {
        Model memory m;
        m.seller = seed % 2 == 0 ? oem : reman;
        m.buyer = (seed >> 1) % 2 == 0 ? customer : customer2;
        m.token = (seed >> 2) % 2 == 0 ? IERC20(address(stable)) : IERC20(address(tokenB));
        bool specA = (seed >> 3) % 2 == 0;
        m.specHash = specA ? SPEC : OTHER_SPEC;
        m.amount = uint96(bound(amount, 1, MAX_AMOUNT));
        m.returnBy = uint40(block.timestamp + bound(returnIn, 1, MAX_RETURN_IN));
        for (uint256 i; i < 5; ++i) m.refundBps[i] = uint16(bound(bps >> (16 * i), 0, 10_000));
        bytes memory expected;
        if (mayBreakSchedule && (seed >> 8) % 10 == 0) {
            m.refundBps[2] = uint16(bound(bps >> 80, 10_001, type(uint16).max));
            expected = abi.encodeWithSelector(
                ICoreCharges.CoreChargesInvalidSchedule.selector,
                m.refundBps[2]
            );
            ++counts[Count.BadSchedule];
        }
        m.state = ICoreCharges.ChargeState.Required;
        vm.prank(m.seller);
        try
            charges.requireCharge(
                m.buyer,
                specA ? unitA : unitB,
                m.token,
                m.amount,
                m.returnBy,
                m.refundBps
            )
        returns (uint256 id) {
            if (_expect("requireCharge", true, "", expected)) {
                if (id != chargeCount + 1) _unexpected("requireCharge: id", "");
                chargeId = ++chargeCount;
                _models[chargeId] = m;
                ++counts[Count.Required];
            }
        } catch (bytes memory reason) {
            _expect("requireCharge", false, reason, expected);
        }
    }

    function _pay(uint256 id) private {
        Model storage m = _models[id];
        bytes memory expected;
        if (m.state != ICoreCharges.ChargeState.Required) {
            expected = _stateErr(id, m.state, ICoreCharges.ChargeState.Required);
        } else if (block.timestamp > m.returnBy) {
            expected = abi.encodeWithSelector(
                ICoreCharges.CoreChargesDeadlinePassed.selector,
                id,
                m.returnBy
            );
            ++counts[Count.LatePayments];
        }
        uint256 before = m.token.balanceOf(m.buyer);
        vm.prank(m.buyer);
        try charges.payCharge(id) {
            if (_expect("payCharge", true, "", expected)) {
                m.state = ICoreCharges.ChargeState.Held;
                ghostPaidIn[m.token] += m.amount;
                if (before - m.token.balanceOf(m.buyer) != m.amount) {
                    _unexpected("payCharge: paid", "");
                }
                ++counts[Count.Paid];
            }
        } catch (bytes memory reason) {
            _expect("payCharge", false, reason, expected);
        }
    }

    /**
     * @dev A charge in `state`, searched from a random start; when none is, and `build`, a new
     * one is required (so that every action has something to act on); else any charge, whose
     * state the caller predicts a refusal from.
     */
    function _pick(
        uint256 seed,
        ICoreCharges.ChargeState state,
        bool build
    ) private returns (uint256) {
        uint256 n = chargeCount;
        for (uint256 k; k < n; ++k) {
            uint256 id = 1 + (((seed % n) + k) % n);
            if (_models[id].state == state) return id;
        }
        if (n == 0 || build) {
            uint256 r = uint256(keccak256(abi.encode(seed, "build")));
            return _require(r, r >> 32, r >> 64, r >> 96, false);
        }
        return 1 + (seed % n);
    }

    /// @dev A held charge; when none is, most of the time a new one is required and paid.
    function _pickHeld(uint256 seed) private returns (uint256 id) {
        id = _pick(seed, ICoreCharges.ChargeState.Held, false);
        if (_models[id].state != ICoreCharges.ChargeState.Held && (seed >> 200) % 4 != 0) {
            id = _pick(seed, ICoreCharges.ChargeState.Required, true);
            _pay(id);
        }
    }

    /// @dev A charge that owes someone, when one does; else any charge.
    function _pickOwed(uint256 seed) private returns (uint256) {
        uint256 n = chargeCount;
        for (uint256 k; k < n; ++k) {
            uint256 id = 1 + (((seed % n) + k) % n);
            Model storage m = _models[id];
            if (ghostOwed[id][m.seller] != 0 || ghostOwed[id][m.buyer] != 0) return id;
        }
        return _pick(seed, ICoreCharges.ChargeState.None, false);
    }

    /// @dev {CoreChargesInvalidState} of charge `id` in `state`, where the action needs `allowed`.
    function _stateErr(
        uint256 id,
        ICoreCharges.ChargeState state,
        ICoreCharges.ChargeState allowed
    ) private pure returns (bytes memory) {
        return
            abi.encodeWithSelector(
                ICoreCharges.CoreChargesInvalidState.selector,
                id,
                state,
                uint8(1 << uint8(allowed))
            );
    }

    function _err(bytes4 selector, uint256 id, address who) private pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, id, who);
    }
}

/**
 * @notice Core-charge deposits are conserved (the issue's invariant): for every token, the
 * contract's balance equals its liabilities, which equal the deposits held plus the credits not
 * yet withdrawn, through random sequences of every action with time warps; and every charge and
 * credit follows the handler's model.
 */
contract CoreChargesInvariantTest is CircularFixture {
    ChargeHandler private handler;

    function setUp() public {
        _deployFixture();
        handler = new ChargeHandler(_deployment());
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // The handler, driven by a fixed pseudo-random sequence: it reaches every action
    // ------------------------------------------------------------------------------------------

    function test_handler_reachesEveryActionWithoutUnexpectedOutcomes() public {
        for (uint256 step; step < 250; ++step) {
            _step(uint256(keccak256(abi.encode("step", step))));
            if (step % 25 == 0) _assertInvariants();
        }
        vm.assertEq(handler.unexpected(), 0, "unexpected");
        for (uint256 k; k <= uint256(type(ChargeHandler.Count).max); ++k) {
            vm.assertGt(handler.counts(ChargeHandler.Count(k)), 0, "every count reached");
        }
        vm.assertGt(handler.predictedRefusals(), 0, "predicted refusals reached");
        _assertInvariants();
    }

    function _step(uint256 r) private {
        uint256 a = r % 8;
        uint256 s = r >> 8;
        uint256 t = uint256(keccak256(abi.encode(r)));
        if (a == 0) handler.requireCharge(s, t, t >> 64, t >> 128);
        else if (a == 1) handler.cancelCharge(s);
        else if (a == 2) handler.payCharge(s);
        else if (a == 3) handler.settleCharge(s, t);
        else if (a == 4) handler.forfeitCharge(s);
        else if (a == 5) handler.withdraw(s, t % 2 == 0);
        else handler.warp(t % 4 == 0 ? t : t % 2 days);
    }

    // ------------------------------------------------------------------------------------------
    // A settlement's split
    // ------------------------------------------------------------------------------------------

    /// @dev The refund is the schedule's share for the core's grade, rounded down; the seller
    /// keeps the rest; the two credits add up to the deposit, and both withdraw it all.
    function testFuzz_settle_splitsTheDepositByTheGradesShare(
        uint96 amount,
        uint16[5] memory bps,
        uint8 grade
    ) public {
        amount = uint96(bound(amount, 1, type(uint96).max));
        for (uint256 i; i < 5; ++i) bps[i] = uint16(bound(bps[i], 0, 10_000));
        grade = uint8(bound(grade, 1, 5));
        uint256 unit = _make(oem, SPEC);
        // The handler funded the customers in setUp: count from what they hold now.
        uint256 buyerBefore = stable.balanceOf(customer);
        stable.mint(customer, amount);
        vm.prank(oem);
        uint256 id = charges.requireCharge(
            customer,
            unit,
            stable,
            amount,
            uint40(block.timestamp + 1 days),
            bps
        );
        vm.startPrank(customer);
        stable.approve(address(charges), amount);
        charges.payCharge(id);
        vm.stopPrank();
        uint256 coreId = _gradedCore(SPEC, customer, ICoreRegistry.Outcome.Repair, grade);
        vm.startPrank(customer);
        cores.approve(address(charges), coreId);
        charges.settleCharge(id, coreId);
        vm.stopPrank();

        uint256 refund = (uint256(amount) * bps[grade - 1]) / 10_000;
        vm.assertEq(charges.owed(id, customer), refund, "refund");
        vm.assertEq(charges.owed(id, oem), amount - refund, "kept");
        vm.assertEq(charges.liabilities(stable), amount, "liabilities");
        vm.assertEq(cores.ownerOf(coreId), oem, "core to the seller");
        if (refund != 0) {
            vm.prank(customer);
            charges.withdraw(id, customer);
        }
        if (amount - refund != 0) {
            vm.prank(oem);
            charges.withdraw(id, oem);
        }
        vm.assertEq(stable.balanceOf(customer), buyerBefore + refund, "buyer's balance");
        vm.assertEq(stable.balanceOf(oem), amount - refund, "seller's balance");
        vm.assertEq(stable.balanceOf(address(charges)), 0, "nothing left behind");
        vm.assertEq(charges.liabilities(stable), 0, "no liabilities");
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /// @dev The NatSpec's invariant: for every token, the contract's balance is its liabilities.
    function invariant_balanceEqualsLiabilities() public view {
        IERC20[2] memory tokens = _tokens();
        for (uint256 k; k < 2; ++k) {
            vm.assertEq(
                tokens[k].balanceOf(address(charges)),
                charges.liabilities(tokens[k]),
                "balance = liabilities"
            );
        }
    }

    /**
     * @dev The issue's invariant: for every token, liabilities = deposits of the charges in
     * `Held` + credits not withdrawn, read from the contract charge by charge; and the same from
     * the handler's ghost sums (paid in - withdrawn).
     */
    function invariant_liabilitiesAreHeldDepositsPlusCredits() public view {
        IERC20[2] memory tokens = _tokens();
        uint256[2] memory sums;
        uint256 n = handler.chargeCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICoreCharges.Charge memory c = charges.charge(id);
            uint256 k = address(c.token) == address(tokens[0]) ? 0 : 1;
            if (c.state == ICoreCharges.ChargeState.Held) sums[k] += c.amount;
            sums[k] += charges.owed(id, c.seller) + charges.owed(id, c.buyer);
        }
        for (uint256 k; k < 2; ++k) {
            vm.assertEq(charges.liabilities(tokens[k]), sums[k], "liabilities = held + owed");
            vm.assertEq(
                tokens[k].balanceOf(address(charges)),
                handler.ghostPaidIn(tokens[k]) - handler.ghostWithdrawn(tokens[k]),
                "balance = paid in - withdrawn"
            );
        }
    }

    /// @dev Every charge and credit is as the handler's model says; a settled charge's deposit
    /// is split exactly, and a forfeited one is all the seller's.
    function invariant_chargesAndCreditsMatchTheModel() public view {
        uint256 n = handler.chargeCount();
        for (uint256 id = 1; id <= n; ++id) {
            ICoreCharges.Charge memory c = charges.charge(id);
            ChargeHandler.Model memory m = handler.model(id);
            vm.assertEq(uint256(c.state), uint256(m.state), "state");
            vm.assertEq(c.seller, m.seller, "seller");
            vm.assertEq(c.buyer, m.buyer, "buyer");
            vm.assertEq(uint256(c.amount), uint256(m.amount), "amount");
            vm.assertEq(uint256(c.returnBy), uint256(m.returnBy), "returnBy");
            vm.assertEq(c.specHash, m.specHash, "spec");
            vm.assertEq(c.coreId, m.coreId, "core");
            vm.assertEq(charges.owed(id, c.seller), handler.ghostOwed(id, c.seller), "seller owed");
            vm.assertEq(charges.owed(id, c.buyer), handler.ghostOwed(id, c.buyer), "buyer owed");
        }
    }

    /// @dev What reached the sink is exactly what was withdrawn to it.
    function invariant_withdrawalsReachTheirRecipients() public view {
        IERC20[2] memory tokens = _tokens();
        address sink = handler.SINK();
        for (uint256 k; k < 2; ++k) {
            vm.assertEq(tokens[k].balanceOf(sink), handler.ghostReceived(sink, tokens[k]), "sink");
        }
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
        invariant_liabilitiesAreHeldDepositsPlusCredits();
        invariant_chargesAndCreditsMatchTheModel();
        invariant_withdrawalsReachTheirRecipients();
        invariant_noUnexpectedOutcomes();
    }

    function _tokens() private view returns (IERC20[2] memory) {
        return [IERC20(address(stable)), IERC20(address(handler.tokenB()))];
    }
}
