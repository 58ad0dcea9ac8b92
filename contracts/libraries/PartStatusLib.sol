// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IPartRegistry} from "../interfaces/IPartRegistry.sol";

/**
 * @title PartStatusLib
 * @notice The allowed moves between part statuses, as a table that can be fuzzed alone.
 *
 *   Made        ─▶ InService, Quarantined, Returned
 *   InService   ─▶ Quarantined, Returned
 *   Quarantined ─▶ Made, InService, Destroyed
 *   Returned    ─▶ Recycled, Destroyed
 *   Recycled, Destroyed: final
 */
library PartStatusLib {
    /// @notice The statuses reachable from `from`, as a bitmask with bit `1 << status`.
    function targets(IPartRegistry.PartStatus from) internal pure returns (uint8) {
        if (from == IPartRegistry.PartStatus.Made) {
            return
                _bit(IPartRegistry.PartStatus.InService) |
                _bit(IPartRegistry.PartStatus.Quarantined) |
                _bit(IPartRegistry.PartStatus.Returned);
        }
        if (from == IPartRegistry.PartStatus.InService) {
            return
                _bit(IPartRegistry.PartStatus.Quarantined) |
                _bit(IPartRegistry.PartStatus.Returned);
        }
        if (from == IPartRegistry.PartStatus.Quarantined) {
            return
                _bit(IPartRegistry.PartStatus.Made) |
                _bit(IPartRegistry.PartStatus.InService) |
                _bit(IPartRegistry.PartStatus.Destroyed);
        }
        if (from == IPartRegistry.PartStatus.Returned) {
            return
                _bit(IPartRegistry.PartStatus.Recycled) | _bit(IPartRegistry.PartStatus.Destroyed);
        }
        return 0;
    }

    /// @notice Whether a part may move from `from` to `to`.
    function canMove(
        IPartRegistry.PartStatus from,
        IPartRegistry.PartStatus to
    ) internal pure returns (bool) {
        return targets(from) & _bit(to) != 0;
    }

    function _bit(IPartRegistry.PartStatus status) private pure returns (uint8) {
        return uint8(1 << uint8(status));
    }
}
