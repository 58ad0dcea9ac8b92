// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";

/**
 * @title RoleSet
 * @notice A participant's roles as a bitmask: role `r` is bit `1 << uint8(r)`.
 */
library RoleSet {
    /// @notice Every bit that names a role (twelve roles, Producer .. Recycler).
    uint32 internal constant ALL =
        (uint32(1) << (uint8(type(IParticipantRegistry.Role).max) + 1)) - 1;

    /// @notice The bitmask holding only `role`.
    function bit(IParticipantRegistry.Role role) internal pure returns (uint32) {
        return uint32(1) << uint8(role);
    }

    /// @notice Whether `roles` includes `role`.
    function has(uint32 roles, IParticipantRegistry.Role role) internal pure returns (bool) {
        return roles & bit(role) != 0;
    }

    /// @notice Whether `roles` is not empty and names only known roles.
    function isValid(uint32 roles) internal pure returns (bool) {
        return roles != 0 && roles & ~ALL == 0;
    }
}
