// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IInvoiceEscrow} from "../interfaces/IInvoiceEscrow.sol";

/**
 * @title MilestoneStateLib
 * @notice The allowed moves between the states of an escrow milestone, as a table that can be
 * fuzzed alone. Every state change of a milestone in the escrow goes through {canMove}.
 *
 *   Pending   ─▶ Delivered (deliver, with a window), Released (approve; deliver, no window),
 *                Disputed (the supplier), Refunded (reclaim)
 *   Delivered ─▶ Released (accept, claim), Disputed (reject, dispute)
 *   Disputed  ─▶ Resolved (rule), Pending or Delivered (the dispute lapses)
 *   Released, Resolved, Refunded: final
 */
library MilestoneStateLib {
    /// @notice The states reachable from `from`, as a bitmask with bit `1 << state`.
    function targets(IInvoiceEscrow.MilestoneState from) internal pure returns (uint8) {
        if (from == IInvoiceEscrow.MilestoneState.Pending) {
            return
                bit(IInvoiceEscrow.MilestoneState.Delivered) |
                bit(IInvoiceEscrow.MilestoneState.Released) |
                bit(IInvoiceEscrow.MilestoneState.Disputed) |
                bit(IInvoiceEscrow.MilestoneState.Refunded);
        }
        if (from == IInvoiceEscrow.MilestoneState.Delivered) {
            return
                bit(IInvoiceEscrow.MilestoneState.Released) |
                bit(IInvoiceEscrow.MilestoneState.Disputed);
        }
        if (from == IInvoiceEscrow.MilestoneState.Disputed) {
            return
                bit(IInvoiceEscrow.MilestoneState.Resolved) |
                bit(IInvoiceEscrow.MilestoneState.Pending) |
                bit(IInvoiceEscrow.MilestoneState.Delivered);
        }
        return 0;
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
