// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ParticipantRegistry} from "../../contracts/participants/ParticipantRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {Test} from "./Test.sol";

/**
 * @title SuiteSetup
 * @notice The bottom layers every Solidity fixture builds on, as test/fixtures does for the
 * TypeScript tests: the participant registry under {GOVERNANCE} with a registrar, a scheme with
 * its auditor, and a certificate granted under it.
 */
abstract contract SuiteSetup is Test {
    /// @dev The role set holding `role` alone.
    function _bit(IParticipantRegistry.Role role) internal pure returns (uint32) {
        return uint32(1) << uint8(role);
    }

    /// @dev Layer 1: deploys the participant registry under {GOVERNANCE} (behind
    /// {ADMIN_DELAY}); governance appoints `registrar`. Nobody is accredited yet.
    function _deploySuite(address registrar) internal returns (ParticipantRegistry registry) {
        registry = new ParticipantRegistry(GOVERNANCE, ADMIN_DELAY);
        vm.startPrank(GOVERNANCE);
        registry.grantRole(registry.REGISTRAR_ROLE(), registrar);
        vm.stopPrank();
    }

    /// @dev `standardsBody` defines `scheme` and authorises `auditor` to certify under it.
    function _defineScheme(
        ParticipantRegistry registry,
        address standardsBody,
        bytes32 scheme,
        bytes32 document,
        uint48 validity,
        address auditor
    ) internal {
        vm.startPrank(standardsBody);
        registry.defineScheme(scheme, document, validity);
        registry.authorizeAuditor(scheme, auditor);
        vm.stopPrank();
    }

    /// @dev `holder` asks `auditor` for a certificate under `scheme`, which it grants for the
    /// scheme's default validity with `capacity` `unit`s per `period` (0, 0, 0: no capacity).
    function _grantCertificate(
        ParticipantRegistry registry,
        address holder,
        address auditor,
        bytes32 scheme,
        uint96 capacity,
        bytes8 unit,
        uint32 period,
        bytes32 evidence
    ) internal {
        vm.prank(holder);
        registry.requestCertificate(scheme, auditor);
        vm.prank(auditor);
        registry.grantCertificate(holder, scheme, 0, 0, capacity, unit, period, evidence);
    }
}
