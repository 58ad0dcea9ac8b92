// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {RoleSet} from "../../contracts/libraries/RoleSet.sol";
import {Validity} from "../../contracts/libraries/Validity.sol";
import {Test} from "../utils/Test.sol";

/// @notice Exposes the internal functions of {Validity} and {RoleSet} as external calls.
contract LibrariesHarness {
    function contains(uint48 from, uint48 until, uint256 time) external pure returns (bool) {
        return Validity.contains(from, until, time);
    }

    function periodOf(uint48 anchor, uint32 length, uint256 time) external pure returns (uint256) {
        return Validity.periodOf(anchor, length, time);
    }

    function periodEnd(
        uint48 anchor,
        uint32 length,
        uint256 period
    ) external pure returns (uint256) {
        return Validity.periodEnd(anchor, length, period);
    }

    function periodCount(uint48 from, uint48 until, uint32 length) external pure returns (uint256) {
        return Validity.periodCount(from, until, length);
    }

    function available(
        uint96 capacity,
        uint96 used,
        uint256 usagePeriod,
        uint256 currentPeriod
    ) external pure returns (uint256) {
        return Validity.available(capacity, used, usagePeriod, currentPeriod);
    }

    function minPeriod() external pure returns (uint32) {
        return Validity.MIN_PERIOD;
    }

    function all() external pure returns (uint32) {
        return RoleSet.ALL;
    }

    function bit(IParticipantRegistry.Role role) external pure returns (uint32) {
        return RoleSet.bit(role);
    }

    function has(uint32 roles, IParticipantRegistry.Role role) external pure returns (bool) {
        return RoleSet.has(roles, role);
    }

    function isValid(uint32 roles) external pure returns (bool) {
        return RoleSet.isValid(roles);
    }
}

contract ValidityTest is Test {
    /// @dev Eleven roles, Producer (0) .. Device (10).
    uint256 private constant _ROLE_COUNT = 12;

    LibrariesHarness private h;

    function setUp() public {
        h = new LibrariesHarness();
    }

    // ------------------------------------------------------------------------------------------
    // Validity.contains
    // ------------------------------------------------------------------------------------------

    function testFuzz_contains_isHalfOpenWindow(
        uint48 from,
        uint48 until,
        uint256 time
    ) public view {
        vm.assertEq(h.contains(from, until, time), from <= time && time < until);
    }

    function testFuzz_contains_includesStartExcludesEnd(uint48 from, uint48 until) public view {
        vm.assertEq(h.contains(from, until, from), from < until, "start");
        vm.assertFalse(h.contains(from, until, until), "end");
        if (from > 0) vm.assertFalse(h.contains(from, until, uint256(from) - 1), "before start");
        if (until > from) vm.assertTrue(h.contains(from, until, uint256(until) - 1), "last second");
    }

    // ------------------------------------------------------------------------------------------
    // Validity.periodOf / periodEnd
    // ------------------------------------------------------------------------------------------

    function testFuzz_periodOf_liesInsideItsPeriod(
        uint48 anchor,
        uint32 length,
        uint256 time
    ) public view {
        length = uint32(bound(length, 1, type(uint32).max));
        time = bound(time, anchor, uint256(type(uint48).max) * 2);

        uint256 period = h.periodOf(anchor, length, time);
        uint256 end = h.periodEnd(anchor, length, period);

        vm.assertLe(uint256(anchor) + period * length, time, "period starts at or before time");
        vm.assertLt(time, end, "period ends after time");
        vm.assertEq(end, uint256(anchor) + (period + 1) * length, "end is the next period's start");
        vm.assertEq(h.periodOf(anchor, length, end), period + 1, "end opens the next period");
        vm.assertEq(h.periodOf(anchor, length, end - 1), period, "last second stays in period");
    }

    function testFuzz_periodOf_zeroAtAnchor(uint48 anchor, uint32 length) public view {
        length = uint32(bound(length, 1, type(uint32).max));
        vm.assertEq(h.periodOf(anchor, length, anchor), 0);
        vm.assertEq(h.periodEnd(anchor, length, 0), uint256(anchor) + length);
    }

    function testFuzz_periodOf_revertsBeforeAnchor(
        uint48 anchor,
        uint32 length,
        uint256 time
    ) public {
        anchor = uint48(bound(anchor, 1, type(uint48).max));
        length = uint32(bound(length, 1, type(uint32).max));
        time = bound(time, 0, uint256(anchor) - 1);
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x11));
        h.periodOf(anchor, length, time);
    }

    // ------------------------------------------------------------------------------------------
    // Validity.periodCount
    // ------------------------------------------------------------------------------------------

    function testFuzz_periodCount_coversWindow(
        uint48 from,
        uint48 until,
        uint32 length
    ) public view {
        from = uint48(bound(from, 0, type(uint48).max - 1));
        until = uint48(bound(until, uint256(from) + 1, type(uint48).max));
        length = uint32(bound(length, 1, type(uint32).max));

        uint256 count = h.periodCount(from, until, length);

        vm.assertGe(count, 1, "touches at least one period");
        vm.assertGe(uint256(from) + count * length, until, "count periods reach until");
        vm.assertLt(uint256(from) + (count - 1) * length, until, "one fewer does not");
        // The last second of the window lies in the last period counted.
        vm.assertEq(h.periodOf(from, length, uint256(until) - 1), count - 1, "last period");
    }

    function testFuzz_periodCount_exactMultiple(uint48 from, uint32 length, uint16 n) public view {
        length = uint32(bound(length, 1, type(uint32).max));
        // Keep `from + length * n + 1` inside uint48.
        uint256 maxN = (uint256(type(uint48).max) - 1) / length;
        n = uint16(bound(n, 1, maxN < type(uint16).max ? maxN : type(uint16).max));
        from = uint48(bound(from, 0, type(uint48).max - 1 - uint256(length) * n));
        uint48 until = uint48(uint256(from) + uint256(length) * n);
        vm.assertEq(h.periodCount(from, until, length), n, "exact multiple");
        vm.assertEq(h.periodCount(from, until + 1, length), uint256(n) + 1, "one second more");
    }

    // ------------------------------------------------------------------------------------------
    // Validity.available
    // ------------------------------------------------------------------------------------------

    function testFuzz_available_isCapacityMinusUsedInSamePeriod(
        uint96 capacity,
        uint96 used,
        uint256 period
    ) public view {
        used = uint96(bound(used, 0, capacity));
        vm.assertEq(h.available(capacity, used, period, period), uint256(capacity) - used);
    }

    function testFuzz_available_isFullCapacityInOtherPeriod(
        uint96 capacity,
        uint96 used,
        uint256 usagePeriod,
        uint256 currentPeriod
    ) public view {
        vm.assume(usagePeriod != currentPeriod);
        vm.assertEq(h.available(capacity, used, usagePeriod, currentPeriod), capacity);
    }

    function test_minPeriod_isOneHour() public view {
        vm.assertEq(uint256(h.minPeriod()), 3600);
    }

    // ------------------------------------------------------------------------------------------
    // RoleSet
    // ------------------------------------------------------------------------------------------

    function test_all_isTwelveBits() public view {
        vm.assertEq(uint256(h.all()), 0xfff);
        vm.assertEq(uint256(type(IParticipantRegistry.Role).max) + 1, _ROLE_COUNT);
    }

    function testFuzz_isValid_nonZeroAndNoUnknownBit(uint32 roles) public view {
        bool expected = roles != 0;
        for (uint256 b = _ROLE_COUNT; b < 32; ++b) {
            if ((roles >> b) & 1 == 1) expected = false;
        }
        vm.assertEq(h.isValid(roles), expected);
    }

    function testFuzz_isValid_everySingleRole(uint8 r) public view {
        r = uint8(bound(r, 0, _ROLE_COUNT - 1));
        vm.assertTrue(h.isValid(uint32(1) << r), "known role");
        vm.assertFalse(h.isValid(uint32(1) << (r + uint8(_ROLE_COUNT))), "unknown bit");
    }

    function testFuzz_has_matchesBit(uint32 roles, uint8 r) public view {
        r = uint8(bound(r, 0, _ROLE_COUNT - 1));
        IParticipantRegistry.Role role = IParticipantRegistry.Role(r);
        vm.assertEq(uint256(h.bit(role)), uint256(1) << r, "bit");
        vm.assertEq(h.has(roles, role), (roles >> r) & 1 == 1, "has");
    }
}
