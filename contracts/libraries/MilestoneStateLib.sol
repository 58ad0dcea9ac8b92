// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IInvoiceEscrow} from "../interfaces/IInvoiceEscrow.sol";

/**
 * @title MilestoneStateLib
 * @notice The allowed moves between the states of an escrow milestone, as a table that can be
 * fuzzed alone. Every state change of a milestone in the escrow goes through {canMove}, but for
 * `reclaim`'s Pending to Refunded (a move of the table), which it writes directly for each
 * pending milestone of the invoice in one pass.
 *
 *   Pending   ─▶ Delivered (deliver, with a window), Released (approve; deliver, no window),
 *                Disputed (the supplier), Refunded (reclaim)
 *   Delivered ─▶ Released (accept, claim), Disputed (reject, dispute)
 *   Disputed  ─▶ Resolved (rule), Pending or Delivered (the dispute lapses)
 *   Released, Resolved, Refunded: final
 */
library MilestoneStateLib {
    uint8 private constant _PENDING = uint8(1 << uint8(IInvoiceEscrow.MilestoneState.Pending));
    uint8 private constant _DELIVERED = uint8(1 << uint8(IInvoiceEscrow.MilestoneState.Delivered));
    uint8 private constant _DISPUTED = uint8(1 << uint8(IInvoiceEscrow.MilestoneState.Disputed));
    uint8 private constant _RELEASED = uint8(1 << uint8(IInvoiceEscrow.MilestoneState.Released));
    uint8 private constant _RESOLVED = uint8(1 << uint8(IInvoiceEscrow.MilestoneState.Resolved));
    uint8 private constant _REFUNDED = uint8(1 << uint8(IInvoiceEscrow.MilestoneState.Refunded));

    /// @dev The table: byte `from` (counted from the lowest) is the bitmask of the states
    /// reachable from `from`; the bytes of None, Released, Resolved and Refunded are zero.
    uint256 private constant _TABLE =
        (uint256(_DELIVERED | _RELEASED | _DISPUTED | _REFUNDED) <<
            (8 * uint8(IInvoiceEscrow.MilestoneState.Pending))) |
            (uint256(_RELEASED | _DISPUTED) <<
                (8 * uint8(IInvoiceEscrow.MilestoneState.Delivered))) |
            (uint256(_RESOLVED | _PENDING | _DELIVERED) <<
                (8 * uint8(IInvoiceEscrow.MilestoneState.Disputed)));

    /// @notice The states reachable from `from`, as a bitmask with bit `1 << state`.
    function targets(IInvoiceEscrow.MilestoneState from) internal pure returns (uint8) {
        return uint8(_TABLE >> (8 * uint256(from)));
    }

    /// @notice Whether a milestone may move from `from` to `to`.
    function canMove(
        IInvoiceEscrow.MilestoneState from,
        IInvoiceEscrow.MilestoneState to
    ) internal pure returns (bool) {
        return targets(from) & bit(to) != 0;
    }

    /// @notice The bit of `state` in a bitmask of states: `1 << state`.
    function bit(IInvoiceEscrow.MilestoneState state) internal pure returns (uint8) {
        return uint8(1 << uint8(state));
    }
}
