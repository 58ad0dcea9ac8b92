// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {PartStatusLib} from "../../contracts/libraries/PartStatusLib.sol";
import {Test} from "../utils/Test.sol";

/// @notice Exposes the internal functions of {PartStatusLib} as external calls.
contract PartStatusHarness {
    function canMove(
        IPartRegistry.PartStatus from,
        IPartRegistry.PartStatus to
    ) external pure returns (bool) {
        return PartStatusLib.canMove(from, to);
    }

    function targets(IPartRegistry.PartStatus from) external pure returns (uint8) {
        return PartStatusLib.targets(from);
    }
}

/**
 * @notice The transition table of part statuses, checked against the table in
 * {PartStatusLib}'s NatSpec (and the diagram on {IPartRegistry.PartStatus}):
 *
 *   Made        ─▶ InService, Quarantined, Returned
 *   InService   ─▶ Quarantined, Returned
 *   Quarantined ─▶ Made, InService, Destroyed
 *   Returned    ─▶ Recycled, Destroyed
 *   Recycled, Destroyed: final
 */
contract PartStatusLibTest is Test {
    /// @dev Made (0) .. Destroyed (5).
    uint256 private constant _STATUS_COUNT = 6;

    IPartRegistry.PartStatus private constant MADE = IPartRegistry.PartStatus.Made;
    IPartRegistry.PartStatus private constant IN_SERVICE = IPartRegistry.PartStatus.InService;
    IPartRegistry.PartStatus private constant QUARANTINED = IPartRegistry.PartStatus.Quarantined;
    IPartRegistry.PartStatus private constant RETURNED = IPartRegistry.PartStatus.Returned;
    IPartRegistry.PartStatus private constant RECYCLED = IPartRegistry.PartStatus.Recycled;
    IPartRegistry.PartStatus private constant DESTROYED = IPartRegistry.PartStatus.Destroyed;

    PartStatusHarness private h;

    function setUp() public {
        h = new PartStatusHarness();
    }

    // ------------------------------------------------------------------------------------------
    // The whole table, pair by pair
    // ------------------------------------------------------------------------------------------

    /// @dev All 36 (from, to) pairs, written out one by one.
    function test_canMove_allThirtySixPairs() public view {
        // from Made
        _expect(MADE, MADE, false);
        _expect(MADE, IN_SERVICE, true);
        _expect(MADE, QUARANTINED, true);
        _expect(MADE, RETURNED, true);
        _expect(MADE, RECYCLED, false);
        _expect(MADE, DESTROYED, false);
        // from InService
        _expect(IN_SERVICE, MADE, false);
        _expect(IN_SERVICE, IN_SERVICE, false);
        _expect(IN_SERVICE, QUARANTINED, true);
        _expect(IN_SERVICE, RETURNED, true);
        _expect(IN_SERVICE, RECYCLED, false);
        _expect(IN_SERVICE, DESTROYED, false);
        // from Quarantined
        _expect(QUARANTINED, MADE, true);
        _expect(QUARANTINED, IN_SERVICE, true);
        _expect(QUARANTINED, QUARANTINED, false);
        _expect(QUARANTINED, RETURNED, false);
        _expect(QUARANTINED, RECYCLED, false);
        _expect(QUARANTINED, DESTROYED, true);
        // from Returned
        _expect(RETURNED, MADE, false);
        _expect(RETURNED, IN_SERVICE, false);
        _expect(RETURNED, QUARANTINED, false);
        _expect(RETURNED, RETURNED, false);
        _expect(RETURNED, RECYCLED, true);
        _expect(RETURNED, DESTROYED, true);
        // from Recycled
        _expect(RECYCLED, MADE, false);
        _expect(RECYCLED, IN_SERVICE, false);
        _expect(RECYCLED, QUARANTINED, false);
        _expect(RECYCLED, RETURNED, false);
        _expect(RECYCLED, RECYCLED, false);
        _expect(RECYCLED, DESTROYED, false);
        // from Destroyed
        _expect(DESTROYED, MADE, false);
        _expect(DESTROYED, IN_SERVICE, false);
        _expect(DESTROYED, QUARANTINED, false);
        _expect(DESTROYED, RETURNED, false);
        _expect(DESTROYED, RECYCLED, false);
        _expect(DESTROYED, DESTROYED, false);
    }

    /// @dev Ten moves are allowed in all; every other pair of the 36 is refused.
    function test_canMove_tenAllowedMovesInAll() public view {
        uint256 allowed;
        for (uint256 from; from < _STATUS_COUNT; ++from) {
            for (uint256 to; to < _STATUS_COUNT; ++to) {
                if (h.canMove(_status(from), _status(to))) ++allowed;
            }
        }
        vm.assertEq(allowed, 10);
    }

    // ------------------------------------------------------------------------------------------
    // Properties
    // ------------------------------------------------------------------------------------------

    function testFuzz_canMove_matchesTable(uint8 from, uint8 to) public view {
        from = uint8(bound(from, 0, _STATUS_COUNT - 1));
        to = uint8(bound(to, 0, _STATUS_COUNT - 1));
        vm.assertEq(
            h.canMove(_status(from), _status(to)),
            _table(from) & (1 << to) != 0,
            "canMove"
        );
    }

    function testFuzz_targets_isTheBitmaskOfCanMove(uint8 from) public view {
        from = uint8(bound(from, 0, _STATUS_COUNT - 1));
        uint8 mask = h.targets(_status(from));
        vm.assertEq(uint256(mask), uint256(_table(from)), "targets");
        vm.assertEq(uint256(mask) >> _STATUS_COUNT, 0, "no bit beyond Destroyed");
        for (uint256 to; to < _STATUS_COUNT; ++to) {
            vm.assertEq(h.canMove(_status(from), _status(to)), mask & (1 << to) != 0, "bit");
        }
    }

    function testFuzz_canMove_neverToItself(uint8 s) public view {
        s = uint8(bound(s, 0, _STATUS_COUNT - 1));
        vm.assertFalse(h.canMove(_status(s), _status(s)));
        vm.assertEq(uint256(h.targets(_status(s))) & (1 << s), 0, "own bit");
    }

    function testFuzz_canMove_recycledAndDestroyedAreFinal(uint8 to) public view {
        to = uint8(bound(to, 0, _STATUS_COUNT - 1));
        vm.assertFalse(h.canMove(RECYCLED, _status(to)), "from Recycled");
        vm.assertFalse(h.canMove(DESTROYED, _status(to)), "from Destroyed");
        vm.assertEq(uint256(h.targets(RECYCLED)), 0, "Recycled targets");
        vm.assertEq(uint256(h.targets(DESTROYED)), 0, "Destroyed targets");
    }

    /// @dev Only a part that is Made or InService can be returned.
    function testFuzz_canMove_onlyLiveStatusesReachReturned(uint8 from) public view {
        from = uint8(bound(from, 0, _STATUS_COUNT - 1));
        vm.assertEq(h.canMove(_status(from), RETURNED), from <= uint8(IN_SERVICE));
    }

    function testFuzz_canMove_outOfRangeStatusRefusedByDecoder(uint8 bad, uint8 good) public {
        bad = uint8(bound(bad, _STATUS_COUNT, type(uint8).max));
        good = uint8(bound(good, 0, _STATUS_COUNT - 1));
        vm.expectRevert();
        this.canMoveRaw(bad, good);
        vm.expectRevert();
        this.canMoveRaw(good, bad);
    }

    /// @dev Calls the harness with raw bytes, so that an out-of-range enum reaches its decoder.
    function canMoveRaw(uint8 from, uint8 to) external view returns (bool) {
        (bool ok, bytes memory ret) = address(h).staticcall(
            abi.encodeWithSelector(PartStatusHarness.canMove.selector, from, to)
        );
        if (!ok) revert OutOfRange();
        return abi.decode(ret, (bool));
    }

    error OutOfRange();

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    /// @dev The NatSpec table, written independently of the library: bit `1 << to`.
    function _table(uint256 from) private pure returns (uint8) {
        if (from == 0) return uint8((1 << 1) | (1 << 2) | (1 << 3)); // Made
        if (from == 1) return uint8((1 << 2) | (1 << 3)); // InService
        if (from == 2) return uint8((1 << 0) | (1 << 1) | (1 << 5)); // Quarantined
        if (from == 3) return uint8((1 << 4) | (1 << 5)); // Returned
        return 0; // Recycled, Destroyed
    }

    function _expect(
        IPartRegistry.PartStatus from,
        IPartRegistry.PartStatus to,
        bool allowed
    ) private view {
        vm.assertEq(h.canMove(from, to), allowed, _pairName(from, to));
    }

    function _status(uint256 s) private pure returns (IPartRegistry.PartStatus) {
        return IPartRegistry.PartStatus(s);
    }

    function _pairName(
        IPartRegistry.PartStatus from,
        IPartRegistry.PartStatus to
    ) private pure returns (string memory) {
        return string.concat(_name(from), " -> ", _name(to));
    }

    function _name(IPartRegistry.PartStatus s) private pure returns (string memory) {
        if (s == MADE) return "Made";
        if (s == IN_SERVICE) return "InService";
        if (s == QUARANTINED) return "Quarantined";
        if (s == RETURNED) return "Returned";
        if (s == RECYCLED) return "Recycled";
        return "Destroyed";
    }
}
