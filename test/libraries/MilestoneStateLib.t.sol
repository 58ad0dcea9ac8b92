// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IInvoiceEscrow} from "../../contracts/interfaces/IInvoiceEscrow.sol";
import {MilestoneStateLib} from "../../contracts/libraries/MilestoneStateLib.sol";
import {Test} from "../utils/Test.sol";

/// @notice Exposes the internal functions of {MilestoneStateLib} as external calls.
contract MilestoneStateHarness {
    function canMove(
        IInvoiceEscrow.MilestoneState from,
        IInvoiceEscrow.MilestoneState to
    ) external pure returns (bool) {
        return MilestoneStateLib.canMove(from, to);
    }

    function targets(IInvoiceEscrow.MilestoneState from) external pure returns (uint8) {
        return MilestoneStateLib.targets(from);
    }

    function bit(IInvoiceEscrow.MilestoneState state) external pure returns (uint8) {
        return MilestoneStateLib.bit(state);
    }
}

/**
 * @notice The transition table of escrow milestones, checked against the table in
 * {MilestoneStateLib}'s NatSpec (and the diagram on {IInvoiceEscrow.MilestoneState}):
 *
 *   Pending   ─▶ Delivered, Released, Disputed, Refunded
 *   Delivered ─▶ Released, Disputed
 *   Disputed  ─▶ Resolved, Pending, Delivered
 *   None, Released, Resolved, Refunded: no move
 */
contract MilestoneStateLibTest is Test {
    /// @dev None (0) .. Refunded (6).
    uint256 private constant _STATE_COUNT = 7;

    IInvoiceEscrow.MilestoneState private constant NONE = IInvoiceEscrow.MilestoneState.None;
    IInvoiceEscrow.MilestoneState private constant PENDING = IInvoiceEscrow.MilestoneState.Pending;
    IInvoiceEscrow.MilestoneState private constant DELIVERED = IInvoiceEscrow
        .MilestoneState
        .Delivered;
    IInvoiceEscrow.MilestoneState private constant DISPUTED = IInvoiceEscrow
        .MilestoneState
        .Disputed;
    IInvoiceEscrow.MilestoneState private constant RELEASED = IInvoiceEscrow
        .MilestoneState
        .Released;
    IInvoiceEscrow.MilestoneState private constant RESOLVED = IInvoiceEscrow
        .MilestoneState
        .Resolved;
    IInvoiceEscrow.MilestoneState private constant REFUNDED = IInvoiceEscrow
        .MilestoneState
        .Refunded;

    MilestoneStateHarness private h;

    function setUp() public {
        h = new MilestoneStateHarness();
    }

    /// @dev The allowed moves, written out one by one; every other pair of the 49 is refused.
    function test_canMove_theNineAllowedMoves() public view {
        vm.assertTrue(h.canMove(PENDING, DELIVERED), "Pending -> Delivered");
        vm.assertTrue(h.canMove(PENDING, RELEASED), "Pending -> Released");
        vm.assertTrue(h.canMove(PENDING, DISPUTED), "Pending -> Disputed");
        vm.assertTrue(h.canMove(PENDING, REFUNDED), "Pending -> Refunded");
        vm.assertTrue(h.canMove(DELIVERED, RELEASED), "Delivered -> Released");
        vm.assertTrue(h.canMove(DELIVERED, DISPUTED), "Delivered -> Disputed");
        vm.assertTrue(h.canMove(DISPUTED, RESOLVED), "Disputed -> Resolved");
        vm.assertTrue(h.canMove(DISPUTED, PENDING), "Disputed -> Pending");
        vm.assertTrue(h.canMove(DISPUTED, DELIVERED), "Disputed -> Delivered");
        uint256 allowed;
        for (uint256 from; from < _STATE_COUNT; ++from) {
            for (uint256 to; to < _STATE_COUNT; ++to) {
                if (h.canMove(_state(from), _state(to))) ++allowed;
            }
        }
        vm.assertEq(allowed, 9, "nine moves in all");
    }

    function testFuzz_canMove_matchesTable(uint8 from, uint8 to) public view {
        from = uint8(bound(from, 0, _STATE_COUNT - 1));
        to = uint8(bound(to, 0, _STATE_COUNT - 1));
        vm.assertEq(h.canMove(_state(from), _state(to)), _table(from) & (1 << to) != 0);
    }

    function testFuzz_targets_isTheBitmaskOfCanMove(uint8 from) public view {
        from = uint8(bound(from, 0, _STATE_COUNT - 1));
        uint8 mask = h.targets(_state(from));
        vm.assertEq(uint256(mask), uint256(_table(from)), "targets");
        vm.assertEq(uint256(mask) >> _STATE_COUNT, 0, "no bit beyond Refunded");
        for (uint256 to; to < _STATE_COUNT; ++to) {
            vm.assertEq(h.canMove(_state(from), _state(to)), mask & (1 << to) != 0, "bit");
        }
    }

    function testFuzz_bit_isOneShiftedByTheState(uint8 state) public view {
        state = uint8(bound(state, 0, _STATE_COUNT - 1));
        vm.assertEq(uint256(h.bit(_state(state))), 1 << state);
    }

    function testFuzz_canMove_neverToItselfNorToNone(uint8 state) public view {
        state = uint8(bound(state, 0, _STATE_COUNT - 1));
        vm.assertFalse(h.canMove(_state(state), _state(state)), "to itself");
        vm.assertFalse(h.canMove(_state(state), NONE), "to None");
    }

    /// @dev A settled milestone (Released, Resolved, Refunded) and a missing one never move.
    function testFuzz_canMove_settledStatesAreFinal(uint8 to) public view {
        to = uint8(bound(to, 0, _STATE_COUNT - 1));
        vm.assertFalse(h.canMove(NONE, _state(to)), "from None");
        vm.assertFalse(h.canMove(RELEASED, _state(to)), "from Released");
        vm.assertFalse(h.canMove(RESOLVED, _state(to)), "from Resolved");
        vm.assertFalse(h.canMove(REFUNDED, _state(to)), "from Refunded");
    }

    /// @dev Only a pending milestone is refunded, and only a disputed one is resolved: the
    /// money of a delivery never goes back without a ruling.
    function testFuzz_canMove_refundsOnlyPendingAndResolvesOnlyDisputed(uint8 from) public view {
        from = uint8(bound(from, 0, _STATE_COUNT - 1));
        vm.assertEq(h.canMove(_state(from), REFUNDED), _state(from) == PENDING, "Refunded");
        vm.assertEq(h.canMove(_state(from), RESOLVED), _state(from) == DISPUTED, "Resolved");
    }

    function testFuzz_canMove_outOfRangeStateRefusedByDecoder(uint8 bad, uint8 good) public {
        bad = uint8(bound(bad, _STATE_COUNT, type(uint8).max));
        good = uint8(bound(good, 0, _STATE_COUNT - 1));
        vm.expectRevert(OutOfRange.selector);
        this.canMoveRaw(bad, good);
        vm.expectRevert(OutOfRange.selector);
        this.canMoveRaw(good, bad);
    }

    /// @dev Calls the harness with raw bytes, so that an out-of-range enum reaches its decoder.
    function canMoveRaw(uint8 from, uint8 to) external view returns (bool) {
        (bool ok, bytes memory ret) = address(h).staticcall(
            abi.encodeWithSelector(MilestoneStateHarness.canMove.selector, from, to)
        );
        if (!ok) revert OutOfRange();
        return abi.decode(ret, (bool));
    }

    error OutOfRange();

    /// @dev The NatSpec table, written independently of the library: bit `1 << to`.
    function _table(uint256 from) private pure returns (uint8) {
        if (from == 1) return uint8((1 << 2) | (1 << 3) | (1 << 4) | (1 << 6)); // Pending
        if (from == 2) return uint8((1 << 3) | (1 << 4)); // Delivered
        if (from == 3) return uint8((1 << 1) | (1 << 2) | (1 << 5)); // Disputed
        return 0; // None, Released, Resolved, Refunded
    }

    function _state(uint256 s) private pure returns (IInvoiceEscrow.MilestoneState) {
        return IInvoiceEscrow.MilestoneState(s);
    }
}
