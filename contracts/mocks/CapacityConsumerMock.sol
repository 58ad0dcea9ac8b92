// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";

/**
 * @title CapacityConsumerMock
 * @notice Test-only stand-in for a contract that governance authorises to draw certified
 * capacity (the parts registry draws it when a producer registers a material batch).
 */
contract CapacityConsumerMock {
    IParticipantRegistry public immutable registry;

    /// @notice The `remaining` figure returned by the last successful draw.
    uint256 public lastRemaining;

    constructor(IParticipantRegistry registry_) {
        registry = registry_;
    }

    /// @notice Draws `amount` units of `unit` of `participant`'s capacity under `schemeId`.
    function produce(address participant, bytes32 schemeId, uint256 amount, bytes8 unit) external {
        lastRemaining = registry.consumeCapacity(participant, schemeId, amount, unit);
    }
}
