// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title Validity
 * @notice Pure arithmetic of validity windows and capacity periods, kept apart so that it can be
 * fuzzed alone.
 * @dev A window `[from, until)` includes its start and excludes its end. Capacity periods are
 * counted from an anchor: period `n` is `[anchor + n * length, anchor + (n + 1) * length)`.
 */
library Validity {
    /// @notice The shortest capacity period accepted. Nothing finer than minutes depends on the
    /// block clock.
    uint32 internal constant MIN_PERIOD = 1 hours;

    /// @notice Whether `time` lies in `[from, until)`.
    function contains(uint48 from, uint48 until, uint256 time) internal pure returns (bool) {
        return from <= time && time < until;
    }

    /// @notice The index of the period that contains `time`. Requires `time >= anchor` and
    /// `length > 0`.
    function periodOf(uint48 anchor, uint32 length, uint256 time) internal pure returns (uint256) {
        return (time - anchor) / length;
    }

    /// @notice When period `period` ends (the first second of the next one).
    function periodEnd(
        uint48 anchor,
        uint32 length,
        uint256 period
    ) internal pure returns (uint256) {
        return uint256(anchor) + (period + 1) * length;
    }

    /// @notice How many periods a window `[from, until)` touches, at most.
    function periodCount(uint48 from, uint48 until, uint32 length) internal pure returns (uint256) {
        return (uint256(until) - from + length - 1) / length;
    }

    /**
     * @notice What is left of `capacity` in `currentPeriod`, given that `used` units were drawn
     * in `usagePeriod`. A draw in an earlier period does not count against a later one; `used`
     * may exceed `capacity` (drawn under an earlier, larger capacity), leaving nothing.
     */
    function available(
        uint96 capacity,
        uint96 used,
        uint256 usagePeriod,
        uint256 currentPeriod
    ) internal pure returns (uint256) {
        if (currentPeriod != usagePeriod) return capacity;
        return used < capacity ? capacity - used : 0;
    }
}
