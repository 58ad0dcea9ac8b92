// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ICoreRegistry} from "../../contracts/interfaces/ICoreRegistry.sol";
import {ILicenceRegistry} from "../../contracts/interfaces/ILicenceRegistry.sol";
import {CircularFixture, PredictingHandler} from "./CircularFixture.t.sol";

/**
 * @notice The invariant fuzzer's only target for licence quotas. Two remanufacturers hold (or
 * not) the OEM's licence for {SPEC}; the handler remanufactures graded cores under them, warps
 * time (across period boundaries and expiries), and has the OEM revoke and grant licences with
 * random terms (units per period, period length, validity, fee). It counts the successful draws
 * of every licence per period index, computed from the licence's start and period length as
 * the interface documents, and predicts every outcome from that count first: a remanufacture is
 * refused for quota exactly when that period's count has reached the units per period, with
 * the error naming when the next period starts. A revert that was not predicted (or differs from
 * the prediction in any byte), and a success where a revert was predicted, counts in
 * `unexpected`.
 */
contract LicenceHandler is PredictingHandler {
    /// @notice The model of one licence.
    struct LicModel {
        address remanufacturer;
        uint32 unitsPerPeriod;
        uint32 periodLength;
        uint40 start;
        uint40 validUntil;
        bool revoked;
        uint96 fee;
    }

    /// @notice What the handler counts.
    enum Count {
        Remanufactured,
        Granted,
        Revoked,
        QuotaRefusals,
        RevokedRefusals,
        ExpiredRefusals,
        NoLicenceRefusals,
        ExistsRefusals,
        ShortPeriodRefusals,
        NewPeriodDraws
    }

    uint256 private constant MAX_WARP = 3 days;

    uint256 public licenceCount;
    mapping(uint256 licenceId => LicModel) private _lics;
    mapping(address remanufacturer => uint256 licenceId) public currentOf;
    /// @notice Successful draws per licence and period index.
    mapping(uint256 licenceId => mapping(uint256 period => uint256)) public drawsIn;
    /// @notice Every (licence, period) with a draw, as `licenceId << 64 | period`.
    uint256[] public drawnPeriods;
    uint256 public ghostFees;
    uint256 public ghostRemanufactures;

    /// @dev Graded cores and unlinked new parts each remanufacturer holds, ready to use.
    mapping(address remanufacturer => uint256[]) private _cores;
    mapping(address remanufacturer => uint256[]) private _newParts;

    mapping(Count kind => uint256) public counts;

    /// @dev `reman` starts with 2 units per 7 days for 90 days, a fee of 5 per unit; `reman2`
    /// starts with no licence.
    constructor(Deployment memory d) {
        _adopt(d);
        address[2] memory remans = [reman, reman2];
        for (uint256 i; i < 2; ++i) {
            stable.mint(remans[i], FUNDS);
            vm.prank(remans[i]);
            stable.approve(address(licences), type(uint256).max);
        }
        _grant(reman, 2, 7 days, uint40(block.timestamp + 90 days), 5e6);
    }

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /// @notice A remanufacturer remanufactures one of its graded cores into a new part it made.
    function remanufacture(uint256 seed) external {
        address who = seed % 2 == 0 ? reman : reman2;
        if (_cores[who].length == 0) {
            uint8 outcome = uint8(1 + ((seed >> 8) % 3));
            _cores[who].push(_gradedCore(SPEC, who, ICoreRegistry.Outcome(outcome), 1));
        }
        if (_newParts[who].length == 0) _newParts[who].push(_make(who, SPEC));
        uint256 coreId = _cores[who][_cores[who].length - 1];
        uint256 newPartId = _newParts[who][_newParts[who].length - 1];

        uint256 id = currentOf[who];
        LicModel storage m = _lics[id];
        (uint256 period, bytes memory expected) = _predictDraw(who);
        uint256 oemBefore = stable.balanceOf(oem);
        vm.prank(who);
        try cores.remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS) returns (
            uint256 drawn
        ) {
            if (_expect("remanufacture", true, "", expected)) {
                if (drawn != id) _unexpected("remanufacture: licence id", "");
                if (drawsIn[id][period] == 0) {
                    drawnPeriods.push((id << 64) | period);
                    ++counts[Count.NewPeriodDraws];
                }
                ++drawsIn[id][period];
                ghostFees += m.fee;
                ++ghostRemanufactures;
                if (stable.balanceOf(oem) - oemBefore != m.fee)
                    _unexpected("remanufacture: fee", "");
                _cores[who].pop();
                _newParts[who].pop();
                ++counts[Count.Remanufactured];
            }
        } catch (bytes memory reason) {
            _expect("remanufacture", false, reason, expected);
        }
    }

    /// @notice Time passes: 0 .. 3 days.
    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 0, MAX_WARP));
    }

    /// @notice The OEM revokes a remanufacturer's latest licence (refused when it already did).
    function revoke(uint256 seed) external {
        address who = seed % 2 == 0 ? reman : reman2;
        uint256 id = currentOf[who];
        if (id == 0) return;
        bytes memory expected;
        if (_lics[id].revoked) {
            expected = abi.encodeWithSelector(ILicenceRegistry.LicenceRegistryRevoked.selector, id);
        }
        vm.prank(oem);
        try licences.revokeLicence(id, REASON) {
            if (_expect("revoke", true, "", expected)) {
                _lics[id].revoked = true;
                ++counts[Count.Revoked];
            }
        } catch (bytes memory reason) {
            _expect("revoke", false, reason, expected);
        }
    }

    /**
     * @notice The OEM grants a remanufacturer a licence: 1 .. 4 units per period of 1 .. 10 days
     * (now and then under a day, which is refused), valid for 1 .. 60 days, with or without a
     * fee. Refused while the remanufacturer's licence is live.
     */
    function grant(
        uint256 seed,
        uint256 units,
        uint256 periodLength,
        uint256 validFor,
        uint256 fee
    ) external {
        address who = seed % 2 == 0 ? reman : reman2;
        uint32 length =
            (seed >> 8) % 8 == 0
                ? uint32(bound(periodLength, 1, 1 days - 1))
                : uint32(bound(periodLength, 1 days, 10 days));
        _grant(
            who,
            uint32(bound(units, 1, 4)),
            length,
            uint40(block.timestamp + bound(validFor, 1 days, 60 days)),
            (seed >> 16) % 2 == 0 ? 0 : uint96(bound(fee, 1, 1e9))
        );
    }

    // ------------------------------------------------------------------------------------------
    // Views for the invariants
    // ------------------------------------------------------------------------------------------

    /// @notice The model of licence `licenceId`.
    function lic(uint256 licenceId) external view returns (LicModel memory) {
        return _lics[licenceId];
    }

    /// @notice How many (licence, period) pairs saw a draw.
    function drawnPeriodCount() external view returns (uint256) {
        return drawnPeriods.length;
    }

    /// @notice The index of licence `licenceId`'s period now: (now - start) / periodLength.
    function periodIndex(uint256 licenceId) public view returns (uint256) {
        LicModel storage m = _lics[licenceId];
        return (block.timestamp - m.start) / m.periodLength;
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    /// @dev What a remanufacture by `who` draws from: the period index, and the refusal
    /// predicted (empty: success). The quota is full exactly when this period's successful
    /// draws reached the units.
    function _predictDraw(address who) private returns (uint256 period, bytes memory expected) {
        uint256 id = currentOf[who];
        LicModel storage m = _lics[id];
        if (id == 0) {
            expected = abi.encodeWithSelector(
                ILicenceRegistry.LicenceRegistryNoLicence.selector,
                SPEC,
                who
            );
            ++counts[Count.NoLicenceRefusals];
        } else if (m.revoked) {
            expected = abi.encodeWithSelector(ILicenceRegistry.LicenceRegistryRevoked.selector, id);
            ++counts[Count.RevokedRefusals];
        } else if (block.timestamp >= m.validUntil) {
            expected = abi.encodeWithSelector(
                ILicenceRegistry.LicenceRegistryExpired.selector,
                id,
                m.validUntil
            );
            ++counts[Count.ExpiredRefusals];
        } else {
            period = periodIndex(id);
            if (drawsIn[id][period] >= m.unitsPerPeriod) {
                uint256 next = uint256(m.start) + (period + 1) * m.periodLength;
                expected = abi.encodeWithSelector(
                    ILicenceRegistry.LicenceRegistryQuotaExhausted.selector,
                    id,
                    uint32(0),
                    next < m.validUntil ? next : 0
                );
                ++counts[Count.QuotaRefusals];
            }
        }
    }

    function _grant(
        address who,
        uint32 units,
        uint32 periodLength,
        uint40 validUntil,
        uint96 fee
    ) private {
        bytes memory expected = _predictGrant(who, periodLength);
        vm.prank(oem);
        try
            licences.grantLicence(
                SPEC,
                who,
                units,
                periodLength,
                validUntil,
                fee == 0 ? IERC20(address(0)) : IERC20(address(stable)),
                fee,
                DATA
            )
        returns (uint256 id) {
            if (_expect("grant", true, "", expected)) {
                if (id != licenceCount + 1) _unexpected("grant: id", "");
                licenceCount = id;
                _lics[id] = LicModel({
                    remanufacturer: who,
                    unitsPerPeriod: units,
                    periodLength: periodLength,
                    start: uint40(block.timestamp),
                    validUntil: validUntil,
                    revoked: false,
                    fee: fee
                });
                currentOf[who] = id;
                ++counts[Count.Granted];
            }
        } catch (bytes memory reason) {
            _expect("grant", false, reason, expected);
        }
    }

    /// @dev The refusal a grant to `who` with `periodLength` is predicted (empty: success).
    function _predictGrant(
        address who,
        uint32 periodLength
    ) private returns (bytes memory expected) {
        uint256 current = currentOf[who];
        if (periodLength < 1 days) {
            expected = abi.encodeWithSelector(
                ILicenceRegistry.LicenceRegistryPeriodTooShort.selector,
                periodLength,
                uint256(1 days)
            );
            ++counts[Count.ShortPeriodRefusals];
        } else if (
            current != 0 && !_lics[current].revoked && block.timestamp < _lics[current].validUntil
        ) {
            expected = abi.encodeWithSelector(
                ILicenceRegistry.LicenceRegistryLicenceExists.selector,
                current
            );
            ++counts[Count.ExistsRefusals];
        }
    }
}

/**
 * @notice A licence's quota is never exceeded in any period: random sequences of remanufactures,
 * time warps, revocations and grants; the handler counts successful draws per (licence, period
 * index) and predicts every refusal (see {LicenceHandler}). Plus the exact period boundary,
 * fuzzed over the terms.
 */
contract LicenceQuotaInvariantTest is CircularFixture {
    LicenceHandler private handler;

    function setUp() public {
        _deployFixture();
        handler = new LicenceHandler(_deployment());
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // The handler, driven by a fixed pseudo-random sequence: it reaches every action
    // ------------------------------------------------------------------------------------------

    function test_handler_reachesEveryActionWithoutUnexpectedOutcomes() public {
        for (uint256 step; step < 300; ++step) {
            _step(uint256(keccak256(abi.encode("step", step))));
            if (step % 25 == 0) _assertInvariants();
        }
        vm.assertEq(handler.unexpected(), 0, "unexpected");
        for (uint256 k; k <= uint256(type(LicenceHandler.Count).max); ++k) {
            vm.assertGt(handler.counts(LicenceHandler.Count(k)), 0, "every count reached");
        }
        vm.assertGt(handler.predictedRefusals(), 0, "predicted refusals reached");
        _assertInvariants();
    }

    function _step(uint256 r) private {
        uint256 a = r % 16;
        uint256 s = r >> 8;
        uint256 t = uint256(keccak256(abi.encode(r)));
        if (a < 8) handler.remanufacture(s);
        else if (a < 12) handler.warp(t % 2 == 0 ? t : t % 1 days);
        else if (a == 12) handler.revoke(s);
        else handler.grant(s, t, t >> 32, t >> 64, t >> 128);
    }

    // ------------------------------------------------------------------------------------------
    // The period boundary
    // ------------------------------------------------------------------------------------------

    /**
     * @dev (`reman2`: the handler licensed `reman` in setUp.) With `units` per period of `length`, `units` draws succeed at any point of a period,
     * the next is refused naming no units left and the next period's start, still refused a
     * second before that start, and succeeds at it.
     */
    function testFuzz_quota_fullPeriodRefusedUntilTheNextStarts(
        uint256 units,
        uint256 length,
        uint256 offset
    ) public {
        units = bound(units, 1, 3);
        uint32 periodLength = uint32(bound(length, 1 days, 365 days));
        vm.prank(oem);
        uint256 id = licences.grantLicence(
            SPEC,
            reman2,
            uint32(units),
            periodLength,
            uint40(block.timestamp + 10 * uint256(periodLength)),
            IERC20(address(0)),
            0,
            DATA
        );
        uint256 start = block.timestamp;
        // Somewhere in the third period.
        vm.warp(start + 2 * uint256(periodLength) + bound(offset, 0, periodLength - 1));
        uint256 next = start + 3 * uint256(periodLength);
        for (uint256 i; i < units; ++i) _remanufacture(reman2);
        (uint32 remaining, uint256 periodStart, uint256 nextStart) = licences.quota(id);
        vm.assertEq(uint256(remaining), 0, "none left");
        vm.assertEq(periodStart, start + 2 * uint256(periodLength), "period start");
        vm.assertEq(nextStart, next, "next period start");

        (uint256 coreId, uint256 newPartId) = _ready(reman2);
        bytes memory exhausted = abi.encodeWithSelector(
            ILicenceRegistry.LicenceRegistryQuotaExhausted.selector,
            id,
            uint32(0),
            next
        );
        vm.expectRevert(exhausted);
        vm.prank(reman2);
        cores.remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS);
        vm.warp(next - 1);
        vm.expectRevert(exhausted);
        vm.prank(reman2);
        cores.remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS);

        vm.warp(next);
        vm.prank(reman2);
        vm.assertEq(cores.remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS), id, "drawn");
        ILicenceRegistry.Licence memory terms = licences.licence(id);
        vm.assertEq(uint256(terms.period), 3, "fourth period");
        vm.assertEq(uint256(terms.used), 1, "one used in it");
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /// @dev The issue's invariant: no (licence, period) ever saw more successful draws than the
    /// licence's units per period.
    function invariant_quotaNeverExceededInAnyPeriod() public view {
        uint256 n = handler.drawnPeriodCount();
        for (uint256 i; i < n; ++i) {
            uint256 key = handler.drawnPeriods(i);
            uint256 id = key >> 64;
            uint256 period = key & type(uint64).max;
            vm.assertLe(
                handler.drawsIn(id, period),
                licences.licence(id).unitsPerPeriod,
                "draws <= units per period"
            );
        }
    }

    /// @dev Every licence's usage and quota are as the model counts them: `used` is the draws of
    /// the period it names, and `quota` leaves the units less this period's draws (none when
    /// revoked or expired), with this period's start and the next.
    function invariant_licenceUsageMatchesTheModel() public view {
        uint256 n = handler.licenceCount();
        for (uint256 id = 1; id <= n; ++id) {
            ILicenceRegistry.Licence memory terms = licences.licence(id);
            LicenceHandler.LicModel memory m = handler.lic(id);
            vm.assertEq(uint256(terms.start), uint256(m.start), "start");
            vm.assertEq(uint256(terms.unitsPerPeriod), uint256(m.unitsPerPeriod), "units");
            vm.assertEq(terms.revoked, m.revoked, "revoked");
            vm.assertEq(uint256(terms.used), handler.drawsIn(id, terms.period), "used");
            uint256 period = handler.periodIndex(id);
            (uint32 remaining, uint256 periodStart, uint256 nextStart) = licences.quota(id);
            bool live = !m.revoked && block.timestamp < m.validUntil;
            vm.assertEq(
                uint256(remaining),
                live ? m.unitsPerPeriod - handler.drawsIn(id, period) : 0,
                "remaining"
            );
            vm.assertEq(periodStart, uint256(m.start) + period * m.periodLength, "period start");
            uint256 next = periodStart + m.periodLength;
            vm.assertEq(nextStart, next < m.validUntil ? next : 0, "next period start");
        }
    }

    /// @dev Every remanufacture paid its licence's fee to the OEM, and nothing else did.
    function invariant_feesReachTheOem() public view {
        vm.assertEq(stable.balanceOf(oem), handler.ghostFees(), "fees");
        vm.assertEq(stable.balanceOf(address(licences)), 0, "the registry holds nothing");
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
        invariant_quotaNeverExceededInAnyPeriod();
        invariant_licenceUsageMatchesTheModel();
        invariant_feesReachTheOem();
        invariant_noUnexpectedOutcomes();
    }

    /// @dev A graded core and a new part of {SPEC}, both held by `who`.
    function _ready(address who) private returns (uint256 coreId, uint256 newPartId) {
        coreId = _gradedCore(SPEC, who, ICoreRegistry.Outcome.Remanufacture, 1);
        newPartId = _make(who, SPEC);
    }

    function _remanufacture(address who) private {
        (uint256 coreId, uint256 newPartId) = _ready(who);
        vm.prank(who);
        cores.remanufacture(coreId, newPartId, NEW_PART_WARRANTY, TERMS);
    }
}
