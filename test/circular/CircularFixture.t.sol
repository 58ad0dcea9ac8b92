// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ParticipantRegistry} from "../../contracts/participants/ParticipantRegistry.sol";
import {CoreCharges} from "../../contracts/circular/CoreCharges.sol";
import {CoreRegistry} from "../../contracts/circular/CoreRegistry.sol";
import {LicenceRegistry} from "../../contracts/circular/LicenceRegistry.sol";
import {WarrantyRegistry} from "../../contracts/circular/WarrantyRegistry.sol";
import {ICoreRegistry} from "../../contracts/interfaces/ICoreRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {StablecoinMock} from "../../contracts/mocks/StablecoinMock.sol";
import {PartRegistry} from "../../contracts/provenance/PartRegistry.sol";
import {SuiteSetup} from "../utils/SuiteSetup.sol";

/// @notice Constants shared by the circular fixture and its invariant handlers.
abstract contract CircularConstants {
    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant ACTOR_VALIDITY = 10 * 365 days;
    uint48 internal constant DEFAULT_VALIDITY = 365 days;
    bytes32 internal constant SCHEME = "EN-10204-3.1";
    bytes32 internal constant DOCUMENT = keccak256("scheme document");
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    bytes32 internal constant TERMS = keccak256("warranty terms");
    bytes32 internal constant DATA = keccak256("specification and performance data");
    bytes32 internal constant REASON = keccak256("reason");
    bytes32 internal constant RECYCLED = keccak256("recycled Ti-6Al-4V");
    bytes8 internal constant UNIT = "kg";
    /// @dev Owned by `oem`, with a new-part warranty of {NEW_PART_WARRANTY}.
    bytes32 internal constant SPEC = keccak256("bracket, rev A");
    /// @dev Owned by `oem2`: cores of it do not match {SPEC}.
    bytes32 internal constant OTHER_SPEC = keccak256("housing, rev B");
    uint32 internal constant NEW_PART_WARRANTY = 365 days;
    /// @dev The recycler's certified capacity under {SCHEME}: 500 kg per 7 days.
    uint96 internal constant RECYCLER_CAPACITY = 500;
    uint32 internal constant RECYCLER_PERIOD = 7 days;
    /// @dev What every token holder of the fixture starts with.
    uint256 internal constant FUNDS = 1e30;
}

/**
 * @notice The participants, the part registry and the circular family wired as in a deployment
 * (the deployer's one-shot `completeSetup` calls), for the circular Solidity tests. Specifications
 * require no attestation, so a part conforms as it is made. Actors: the OEM (manufacturer, owns
 * {SPEC}), a second manufacturer (owns {OTHER_SPEC}), two customers, an inspector, two
 * remanufacturers and a recycler certified for {RECYCLER_CAPACITY} kg per {RECYCLER_PERIOD}.
 */
// One slot per actor and per contract reads best in the tests; nothing here is deployed for real.
// solhint-disable-next-line max-states-count
abstract contract CircularFixture is SuiteSetup, CircularConstants {
    address internal registrar = address(0x4001);
    address internal standardsBody = address(0x4002);
    address internal auditor = address(0x4003);
    address internal oem = address(0x4004);
    address internal oem2 = address(0x4005);
    address internal customer = address(0x4006);
    address internal customer2 = address(0x4007);
    address internal inspector = address(0x4008);
    address internal reman = address(0x4009);
    address internal reman2 = address(0x400A);
    address internal recycler = address(0x400B);

    ParticipantRegistry internal participants;
    PartRegistry internal parts;
    LicenceRegistry internal licences;
    WarrantyRegistry internal warranties;
    CoreRegistry internal cores;
    CoreCharges internal charges;
    StablecoinMock internal stable;

    uint256 private _serialNonce;

    /// @notice The deployed contracts, handed from the test to its invariant handler.
    struct Deployment {
        ParticipantRegistry participants;
        PartRegistry parts;
        LicenceRegistry licences;
        WarrantyRegistry warranties;
        CoreRegistry cores;
        CoreCharges charges;
        StablecoinMock stable;
    }

    function _deployment() internal view returns (Deployment memory) {
        return Deployment(participants, parts, licences, warranties, cores, charges, stable);
    }

    /// @dev A handler takes over the contracts the test deployed (the actors are the same).
    function _adopt(Deployment memory d) internal {
        participants = d.participants;
        parts = d.parts;
        licences = d.licences;
        warranties = d.warranties;
        cores = d.cores;
        charges = d.charges;
        stable = d.stable;
    }

    function _deployFixture() internal {
        vm.warp(T0);
        participants = _deploySuite(registrar);
        _accreditAll();

        _defineScheme(participants, standardsBody, SCHEME, DOCUMENT, DEFAULT_VALIDITY, auditor);
        _grantCertificate(
            participants,
            recycler,
            auditor,
            SCHEME,
            RECYCLER_CAPACITY,
            UNIT,
            RECYCLER_PERIOD,
            EVIDENCE
        );

        parts = new PartRegistry(participants);
        participants.completeSetup(address(parts));
        licences = new LicenceRegistry(participants, parts);
        warranties = new WarrantyRegistry(participants, parts);
        cores = new CoreRegistry(participants, parts, licences, warranties);
        licences.completeSetup(address(cores));
        warranties.completeSetup(address(cores));
        charges = new CoreCharges(participants, cores);
        stable = new StablecoinMock("Test USD", "TUSD");

        vm.startPrank(oem);
        parts.defineSpecification(SPEC, 0);
        warranties.setNewPartWarranty(SPEC, NEW_PART_WARRANTY);
        vm.stopPrank();
        vm.prank(oem2);
        parts.defineSpecification(OTHER_SPEC, 0);
    }

    function _accreditAll() private {
        uint48 until = uint48(T0 + ACTOR_VALIDITY);
        address[10] memory who = [
            standardsBody,
            auditor,
            oem,
            oem2,
            customer,
            customer2,
            inspector,
            reman,
            reman2,
            recycler
        ];
        IParticipantRegistry.Role[10] memory roles = [
            IParticipantRegistry.Role.StandardsBody,
            IParticipantRegistry.Role.Auditor,
            IParticipantRegistry.Role.Manufacturer,
            IParticipantRegistry.Role.Manufacturer,
            IParticipantRegistry.Role.Customer,
            IParticipantRegistry.Role.Customer,
            IParticipantRegistry.Role.Inspector,
            IParticipantRegistry.Role.Remanufacturer,
            IParticipantRegistry.Role.Remanufacturer,
            IParticipantRegistry.Role.Recycler
        ];
        vm.startPrank(registrar);
        for (uint256 i; i < roles.length; ++i) {
            participants.accredit(who[i], _bit(roles[i]), until, EVIDENCE);
        }
        vm.stopPrank();
    }

    /// @dev A fresh part of `spec` made by `maker` (no material, conforming at once). The serial
    /// names the contract that asks, so that a test and its handler never make the same part.
    function _make(address maker, bytes32 spec) internal returns (uint256 partId) {
        vm.prank(maker);
        partId = parts.makePart(
            spec,
            keccak256(abi.encode(address(this), ++_serialNonce)),
            address(0),
            new IPartRegistry.BatchInput[](0),
            new uint256[](0)
        );
    }

    /// @dev A fresh part of `spec`, made by its owner and handed to `holder`.
    function _sold(bytes32 spec, address holder) internal returns (uint256 partId) {
        address maker = spec == SPEC ? oem : oem2;
        partId = _make(maker, spec);
        if (holder != maker) {
            vm.prank(maker);
            parts.transferFrom(maker, holder, partId);
        }
    }

    /// @dev `holder` approves the core registry for `partId` alone and returns it as a core.
    function _return(uint256 partId, address holder) internal returns (uint256 coreId) {
        vm.startPrank(holder);
        parts.approve(address(cores), partId);
        coreId = cores.returnCore(partId, EVIDENCE);
        vm.stopPrank();
    }

    /// @dev The inspector grades core `coreId`.
    function _grade(uint256 coreId, ICoreRegistry.Outcome outcome, uint8 value) internal {
        vm.prank(inspector);
        cores.grade(coreId, outcome, value, EVIDENCE);
    }

    /// @dev A fresh part of `spec` sold to `holder`, returned and graded.
    function _gradedCore(
        bytes32 spec,
        address holder,
        ICoreRegistry.Outcome outcome,
        uint8 value
    ) internal returns (uint256 coreId) {
        coreId = _return(_sold(spec, holder), holder);
        _grade(coreId, outcome, value);
    }
}

/**
 * @dev An invariant handler that predicts the outcome of every call it makes. A refusal it did
 * not predict (or with other revert data), or a success where it predicted a refusal, counts in
 * `unexpected`, which every invariant asserts is zero; a refusal that came as predicted counts
 * in `predictedRefusals`.
 */
abstract contract PredictingHandler is CircularFixture {
    uint256 public unexpected;
    string public lastUnexpectedAction;
    bytes public lastUnexpectedReason;
    uint256 public predictedRefusals;

    /// @dev Classifies an outcome against the prediction (`expected` empty: success). Returns
    /// whether the call succeeded.
    function _expect(
        string memory action,
        bool ok,
        bytes memory reason,
        bytes memory expected
    ) internal returns (bool) {
        if (ok) {
            if (expected.length != 0) _unexpected(action, "succeeded; a refusal was predicted");
            return true;
        }
        _refusedAsPredicted(action, reason, expected);
        return false;
    }

    /// @dev Classifies a refusal against the prediction; returns whether it was the one predicted.
    function _refusedAsPredicted(
        string memory action,
        bytes memory reason,
        bytes memory expected
    ) internal returns (bool) {
        if (expected.length == 0 || keccak256(reason) != keccak256(expected)) {
            _unexpected(action, reason);
            return false;
        }
        ++predictedRefusals;
        return true;
    }

    function _unexpected(string memory action, bytes memory reason) internal {
        ++unexpected;
        lastUnexpectedAction = action;
        lastUnexpectedReason = reason;
    }
}
