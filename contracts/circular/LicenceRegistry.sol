// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ILicenceRegistry} from "../interfaces/ILicenceRegistry.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";

/**
 * @title LicenceRegistry
 * @notice OEM licences to remanufacture, with a quota per period and an optional fee per unit.
 * See {ILicenceRegistry} and `docs/circular.md`.
 * @dev A draw reads and writes the licence's one usage slot: the period it counts and the units
 * used in it. A licence never holds tokens: a fee goes straight from the remanufacturer to the OEM.
 */
contract LicenceRegistry is ILicenceRegistry {
    using SafeERC20 for IERC20;

    /// @inheritdoc ILicenceRegistry
    uint256 public constant MIN_PERIOD = 1 days;

    IParticipantRegistry public immutable participants;
    IPartRegistry public immutable parts;
    /// @dev The account that deployed this contract: it may call {completeSetup}, once.
    address private immutable _deployer;
    /// @inheritdoc ILicenceRegistry
    address public coreRegistry;

    mapping(uint256 licenceId => Licence) private _licences;
    mapping(bytes32 specHash => mapping(address remanufacturer => uint256)) private _current;
    uint256 private _licenceCount;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_) {
        if (address(participants_) == address(0) || address(parts_) == address(0)) {
            revert LicenceRegistryMissingInput();
        }
        participants = participants_;
        parts = parts_;
        _deployer = msg.sender;
    }

    /// @inheritdoc ILicenceRegistry
    function completeSetup(address coreRegistry_) external {
        if (msg.sender != _deployer || coreRegistry != address(0)) {
            revert LicenceRegistrySetupClosed();
        }
        if (coreRegistry_ == address(0)) revert LicenceRegistryMissingInput();
        coreRegistry = coreRegistry_;
    }

    /// @inheritdoc ILicenceRegistry
    function grantLicence(
        bytes32 specHash,
        address remanufacturer,
        uint32 unitsPerPeriod,
        uint32 periodLength,
        uint40 validUntil,
        IERC20 feeToken,
        uint96 feePerUnit,
        bytes32 dataHash
    ) external returns (uint256 licenceId) {
        if (parts.specification(specHash).owner != msg.sender || specHash == bytes32(0)) {
            revert LicenceRegistryNotSpecOwner(specHash, msg.sender);
        }
        _requireRole(msg.sender, IParticipantRegistry.Role.Manufacturer);
        if (remanufacturer == msg.sender) revert LicenceRegistryNotAccredited(remanufacturer);
        _requireRole(remanufacturer, IParticipantRegistry.Role.Remanufacturer);
        _checkTerms(unitsPerPeriod, periodLength, validUntil, feeToken, feePerUnit, dataHash);
        uint256 current = _current[specHash][remanufacturer];
        if (current != 0 && _isLive(_licences[current])) {
            revert LicenceRegistryLicenceExists(current);
        }

        licenceId = ++_licenceCount;
        Licence memory terms = Licence({
            specHash: specHash,
            oem: msg.sender,
            remanufacturer: remanufacturer,
            unitsPerPeriod: unitsPerPeriod,
            periodLength: periodLength,
            start: uint40(block.timestamp),
            validUntil: validUntil,
            revoked: false,
            feeToken: feeToken,
            feePerUnit: feePerUnit,
            dataHash: dataHash,
            period: 0,
            used: 0
        });
        _licences[licenceId] = terms;
        _current[specHash][remanufacturer] = licenceId;
        emit LicenceGranted(licenceId, specHash, remanufacturer, terms);
    }

    /// @inheritdoc ILicenceRegistry
    function revokeLicence(uint256 licenceId, bytes32 reasonHash) external {
        Licence storage lic = _existing(licenceId);
        if (lic.oem != msg.sender) revert LicenceRegistryNotOem(licenceId, msg.sender);
        if (reasonHash == bytes32(0)) revert LicenceRegistryMissingInput();
        if (lic.revoked) revert LicenceRegistryRevoked(licenceId);
        lic.revoked = true;
        emit LicenceRevoked(licenceId, msg.sender, reasonHash);
    }

    /// @inheritdoc ILicenceRegistry
    function draw(bytes32 specHash, address remanufacturer) external returns (uint256 licenceId) {
        if (msg.sender != coreRegistry) revert LicenceRegistryNotCoreRegistry(msg.sender);
        licenceId = _current[specHash][remanufacturer];
        if (licenceId == 0) revert LicenceRegistryNoLicence(specHash, remanufacturer);
        Licence storage lic = _licences[licenceId];
        if (lic.revoked) revert LicenceRegistryRevoked(licenceId);
        if (block.timestamp >= lic.validUntil)
            revert LicenceRegistryExpired(licenceId, lic.validUntil);
        uint32 period = _periodOf(lic);
        uint32 used = lic.period == period ? lic.used : 0;
        if (used >= lic.unitsPerPeriod) {
            revert LicenceRegistryQuotaExhausted(licenceId, 0, _nextPeriodStart(lic, period));
        }

        ++used;
        lic.period = period;
        lic.used = used;
        uint96 fee = lic.feePerUnit;
        emit LicenceDrawn(licenceId, period, used, fee);
        if (fee != 0) lic.feeToken.safeTransferFrom(remanufacturer, lic.oem, fee);
    }

    /// @inheritdoc ILicenceRegistry
    function licence(uint256 licenceId) external view returns (Licence memory) {
        return _existing(licenceId);
    }

    /// @inheritdoc ILicenceRegistry
    function licenceOf(bytes32 specHash, address remanufacturer) external view returns (uint256) {
        return _current[specHash][remanufacturer];
    }

    /// @inheritdoc ILicenceRegistry
    function quota(
        uint256 licenceId
    ) external view returns (uint32 remaining, uint256 periodStart, uint256 nextPeriodStart) {
        Licence storage lic = _existing(licenceId);
        uint32 period = _periodOf(lic);
        periodStart = _periodStart(lic, period);
        nextPeriodStart = _nextPeriodStart(lic, period);
        if (_isLive(lic)) remaining = lic.unitsPerPeriod - (lic.period == period ? lic.used : 0);
    }

    function _checkTerms(
        uint32 unitsPerPeriod,
        uint32 periodLength,
        uint40 validUntil,
        IERC20 feeToken,
        uint96 feePerUnit,
        bytes32 dataHash
    ) private view {
        if (
            unitsPerPeriod == 0 ||
            dataHash == bytes32(0) ||
            (feePerUnit != 0 && address(feeToken) == address(0))
        ) revert LicenceRegistryMissingInput();
        if (periodLength < MIN_PERIOD) {
            revert LicenceRegistryPeriodTooShort(periodLength, MIN_PERIOD);
        }
        if (validUntil <= block.timestamp) revert LicenceRegistryExpiryPassed(validUntil);
    }

    function _existing(uint256 licenceId) private view returns (Licence storage lic) {
        lic = _licences[licenceId];
        if (lic.oem == address(0)) revert LicenceRegistryUnknownLicence(licenceId);
    }

    function _isLive(Licence storage lic) private view returns (bool) {
        return !lic.revoked && block.timestamp < lic.validUntil;
    }

    /// @dev The index of the period now running, counted from the grant.
    function _periodOf(Licence storage lic) private view returns (uint32) {
        // Safe: a uint32 of periods of at least a day outlasts any chain.
        return uint32((block.timestamp - lic.start) / lic.periodLength);
    }

    /// @dev When the period after `period` starts, or zero when the licence ends before it.
    function _nextPeriodStart(Licence storage lic, uint32 period) private view returns (uint256) {
        uint256 next = _periodStart(lic, period + 1);
        return next < lic.validUntil ? next : 0;
    }

    function _periodStart(Licence storage lic, uint32 period) private view returns (uint256) {
        return uint256(lic.start) + uint256(period) * lic.periodLength;
    }

    function _requireRole(address account, IParticipantRegistry.Role role) private view {
        if (!participants.isActive(account, role)) revert LicenceRegistryNotAccredited(account);
    }
}
