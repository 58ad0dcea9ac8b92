// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {RoleSet} from "../libraries/RoleSet.sol";
import {Validity} from "../libraries/Validity.sol";

/**
 * @title ParticipantRegistry
 * @notice Accreditation of participants, certification schemes and certificates with capacity.
 * See {IParticipantRegistry} for the model and `docs/participants.md` for the state machines.
 * @dev Governance (a multisig or timelock) holds `DEFAULT_ADMIN_ROLE` from the constructor on,
 * and grants `REGISTRAR_ROLE` and `CAPACITY_CONSUMER_ROLE`. The deployer is never admin: its one
 * power is {completeSetup}, once. Handing the admin role over (or renouncing it) takes two steps
 * and a delay of 1 to 30 days ({AccessControlDefaultAdminRules}). Participant roles are not
 * access-control roles: they are a bitmask in each accreditation, kept by registrars.
 */
contract ParticipantRegistry is IParticipantRegistry, AccessControlDefaultAdminRules {
    using RoleSet for uint32;

    /// @inheritdoc IParticipantRegistry
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @inheritdoc IParticipantRegistry
    bytes32 public constant CAPACITY_CONSUMER_ROLE = keccak256("CAPACITY_CONSUMER_ROLE");
    /// @notice How many participant roles there are (`Role` Producer .. Recycler).
    uint8 public constant ROLE_COUNT = uint8(type(Role).max) + 1;

    /// @dev The states in which an accreditation still exists and can be changed.
    uint8 private constant _LIVE =
        uint8(1 << uint8(AccreditationState.Active)) |
            uint8(1 << uint8(AccreditationState.Suspended)) |
            uint8(1 << uint8(AccreditationState.Expired));

    /// @dev The bounds of the admin hand-over delay.
    uint48 private constant _MIN_ADMIN_DELAY = 1 days;
    uint48 private constant _MAX_ADMIN_DELAY = 30 days;

    /// @dev The account that deployed the registry: it may call {completeSetup}, once.
    address private immutable _deployer;
    /// @dev The account {completeSetup} wired; zero while setup is open.
    address private _setupAccount;

    mapping(address participant => Accreditation) private _accreditations;
    mapping(bytes32 schemeId => Scheme) private _schemes;
    mapping(bytes32 schemeId => mapping(address auditor => bool)) private _authorizedAuditors;
    mapping(address participant => mapping(bytes32 schemeId => Certificate)) private _certificates;
    mapping(address participant => mapping(bytes32 schemeId => address auditor)) private _requests;

    /// @param governance the holder of `DEFAULT_ADMIN_ROLE` (a multisig or timelock); neither
    /// the zero address nor the deployer
    /// @param adminDelay how long a hand-over of the admin role waits between its two steps,
    /// 1 to 30 days
    constructor(
        address governance,
        uint48 adminDelay
    ) AccessControlDefaultAdminRules(_checkAdminDelay(adminDelay), _checkGovernance(governance)) {
        _deployer = msg.sender;
    }

    // ------------------------------------------------------------------------------------------
    // Setup
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IParticipantRegistry
    function completeSetup(address account) external {
        if (msg.sender != _deployer) revert ParticipantRegistryNotDeployer(msg.sender);
        if (_setupAccount != address(0)) revert ParticipantRegistrySetupClosed();
        if (account == address(0) || account == _deployer || account.code.length == 0) {
            revert ParticipantRegistryInvalidSetupAccount(account);
        }
        _setupAccount = account;
        _grantRole(CAPACITY_CONSUMER_ROLE, account);
        emit SetupCompleted(account);
    }

    /// @inheritdoc IParticipantRegistry
    function setupAccount() external view returns (address) {
        return _setupAccount;
    }

    // ------------------------------------------------------------------------------------------
    // Registrar actions
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IParticipantRegistry
    function accredit(
        address participant,
        uint32 roles,
        uint48 validUntil,
        bytes32 evidenceHash
    ) external onlyRole(REGISTRAR_ROLE) {
        if (participant == address(0)) revert ParticipantRegistryZeroAddress();
        _requireNotSelf(participant);
        _requireValidRoles(roles);
        _requireFuture(validUntil);
        if (evidenceHash == bytes32(0)) revert ParticipantRegistryMissingEvidence();
        _requireAccreditationState(
            participant,
            _bit(AccreditationState.None) | _bit(AccreditationState.Revoked)
        );

        _accreditations[participant] = Accreditation({
            registrar: msg.sender,
            roles: roles,
            validUntil: validUntil,
            suspended: false,
            revoked: false,
            evidenceHash: evidenceHash
        });
        emit ParticipantAccredited(participant, msg.sender, roles, validUntil, evidenceHash);
    }

    /// @inheritdoc IParticipantRegistry
    function setRoles(address participant, uint32 roles) external onlyRole(REGISTRAR_ROLE) {
        _requireNotSelf(participant);
        _requireValidRoles(roles);
        _requireAccreditationState(participant, _LIVE);

        Accreditation storage a = _accreditations[participant];
        uint32 previous = a.roles;
        a.roles = roles;
        emit ParticipantRolesChanged(participant, msg.sender, previous, roles);
    }

    /// @inheritdoc IParticipantRegistry
    function suspend(address participant, bytes32 reasonHash) external onlyRole(REGISTRAR_ROLE) {
        _requireNotSelf(participant);
        _requireAccreditationState(
            participant,
            _bit(AccreditationState.Active) | _bit(AccreditationState.Expired)
        );
        _accreditations[participant].suspended = true;
        emit ParticipantSuspended(participant, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function reinstate(address participant) external onlyRole(REGISTRAR_ROLE) {
        _requireNotSelf(participant);
        _requireAccreditationState(participant, _bit(AccreditationState.Suspended));
        _accreditations[participant].suspended = false;
        emit ParticipantReinstated(participant, msg.sender);
    }

    /// @inheritdoc IParticipantRegistry
    function renew(
        address participant,
        uint48 validUntil,
        bytes32 evidenceHash
    ) external onlyRole(REGISTRAR_ROLE) {
        _requireNotSelf(participant);
        _requireFuture(validUntil);
        if (evidenceHash == bytes32(0)) revert ParticipantRegistryMissingEvidence();
        _requireAccreditationState(participant, _LIVE);

        Accreditation storage a = _accreditations[participant];
        a.validUntil = validUntil;
        a.evidenceHash = evidenceHash;
        emit AccreditationRenewed(participant, msg.sender, validUntil, evidenceHash);
    }

    /// @inheritdoc IParticipantRegistry
    function revoke(address participant, bytes32 reasonHash) external onlyRole(REGISTRAR_ROLE) {
        _requireNotSelf(participant);
        _requireAccreditationState(participant, _LIVE);
        _accreditations[participant].revoked = true;
        emit ParticipantRevoked(participant, msg.sender, reasonHash);
    }

    // ------------------------------------------------------------------------------------------
    // Standards bodies and auditors
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IParticipantRegistry
    function defineScheme(bytes32 schemeId, bytes32 documentHash, uint48 defaultValidity) external {
        _requireActive(msg.sender, Role.StandardsBody);
        if (schemeId == bytes32(0) || defaultValidity == 0) {
            revert ParticipantRegistryInvalidScheme(schemeId, defaultValidity);
        }
        if (documentHash == bytes32(0)) revert ParticipantRegistryMissingEvidence();
        if (_schemes[schemeId].standardsBody != address(0)) {
            revert ParticipantRegistrySchemeAlreadyDefined(schemeId);
        }

        _schemes[schemeId] = Scheme({
            standardsBody: msg.sender,
            defaultValidity: defaultValidity,
            documentHash: documentHash
        });
        emit SchemeDefined(schemeId, msg.sender, documentHash, defaultValidity);
    }

    /// @inheritdoc IParticipantRegistry
    function transferScheme(
        bytes32 schemeId,
        address newBody,
        bytes32 reasonHash
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Scheme storage s = _schemes[schemeId];
        address previousBody = s.standardsBody;
        if (previousBody == address(0)) revert ParticipantRegistryUnknownScheme(schemeId);
        if (newBody == previousBody) {
            revert ParticipantRegistrySameStandardsBody(schemeId, previousBody);
        }
        _requireActive(newBody, Role.StandardsBody);

        s.standardsBody = newBody;
        emit SchemeTransferred(schemeId, previousBody, newBody, reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function authorizeAuditor(bytes32 schemeId, address auditor) external {
        _requireSchemeOwner(schemeId);
        _requireActive(msg.sender, Role.StandardsBody);
        if (auditor == msg.sender) revert ParticipantRegistrySelfCertification(msg.sender);
        _requireActive(auditor, Role.Auditor);
        if (_authorizedAuditors[schemeId][auditor]) {
            revert ParticipantRegistryAuditorAuthorization(schemeId, auditor, true);
        }

        _authorizedAuditors[schemeId][auditor] = true;
        emit AuditorAuthorized(schemeId, auditor, msg.sender);
    }

    /// @inheritdoc IParticipantRegistry
    function deauthorizeAuditor(bytes32 schemeId, address auditor) external {
        _requireSchemeOwner(schemeId);
        _requireActive(msg.sender, Role.StandardsBody);
        if (!_authorizedAuditors[schemeId][auditor]) {
            revert ParticipantRegistryAuditorAuthorization(schemeId, auditor, false);
        }

        _authorizedAuditors[schemeId][auditor] = false;
        emit AuditorDeauthorized(schemeId, auditor, msg.sender);
    }

    /// @inheritdoc IParticipantRegistry
    function requestCertificate(bytes32 schemeId, address auditor) external {
        if (_schemes[schemeId].standardsBody == address(0)) {
            revert ParticipantRegistryUnknownScheme(schemeId);
        }
        if (auditor == msg.sender) revert ParticipantRegistrySelfCertification(msg.sender);

        _requests[msg.sender][schemeId] = auditor;
        emit CertificateRequested(msg.sender, schemeId, auditor);
    }

    /// @inheritdoc IParticipantRegistry
    function grantCertificate(
        address participant,
        bytes32 schemeId,
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacityPerPeriod,
        bytes8 capacityUnit,
        uint32 periodLength,
        bytes32 evidenceHash
    ) external {
        Certificate storage c = _certificates[participant][schemeId];
        uint48 defaultValidity = _checkGrant(c, participant, schemeId, evidenceHash);
        (validFrom, validUntil, periodLength) = _resolveTerms(
            defaultValidity,
            validFrom,
            validUntil,
            capacityPerPeriod,
            periodLength
        );
        uint256 drawn = _drawnToCarry(c, capacityPerPeriod, capacityUnit);
        (uint96 used, uint24 usagePeriod) = _carryOver(
            drawn,
            validFrom,
            validUntil,
            capacityPerPeriod,
            periodLength
        );

        c.auditor = msg.sender;
        c.validFrom = validFrom;
        c.validUntil = validUntil;
        c.capacityPerPeriod = capacityPerPeriod;
        c.used = used;
        c.periodLength = periodLength;
        c.usagePeriod = usagePeriod;
        c.revoked = false;
        c.evidenceHash = evidenceHash;
        c.capacityUnit = capacityUnit;
        delete _requests[participant][schemeId];
        emit CertificateGranted(
            participant,
            schemeId,
            msg.sender,
            validFrom,
            validUntil,
            capacityPerPeriod,
            capacityUnit,
            periodLength,
            evidenceHash
        );
    }

    /// @inheritdoc IParticipantRegistry
    function revokeCertificate(address participant, bytes32 schemeId, bytes32 reasonHash) external {
        Certificate storage c = _certificates[participant][schemeId];
        CertificateState current = _certificateState(c);
        uint8 allowed = _bit(CertificateState.Pending) | _bit(CertificateState.Valid);
        if (_bit(current) & allowed == 0) {
            revert ParticipantRegistryUnexpectedCertificateState(
                participant,
                schemeId,
                current,
                allowed
            );
        }
        bool byAuditor = msg.sender == c.auditor && isActive(msg.sender, Role.Auditor);
        bool byBody =
            msg.sender == _schemes[schemeId].standardsBody &&
                isActive(msg.sender, Role.StandardsBody);
        if (!byAuditor && !byBody) {
            revert ParticipantRegistryNotCertificateIssuer(participant, schemeId, msg.sender);
        }

        c.revoked = true;
        emit CertificateRevoked(participant, schemeId, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function consumeCapacity(
        address participant,
        bytes32 schemeId,
        uint256 amount,
        bytes8 unit
    ) external onlyRole(CAPACITY_CONSUMER_ROLE) returns (uint256 remaining) {
        if (amount == 0) revert ParticipantRegistryZeroAmount();
        if (_state(_accreditations[participant]) != AccreditationState.Active) {
            _revertUnexpectedAccreditationState(participant, _bit(AccreditationState.Active));
        }
        Certificate storage c = _certificates[participant][schemeId];
        CertificateState current = _certificateState(c);
        if (current != CertificateState.Valid) {
            revert ParticipantRegistryUnexpectedCertificateState(
                participant,
                schemeId,
                current,
                _bit(CertificateState.Valid)
            );
        }
        if (c.capacityUnit != bytes8(0) && unit != c.capacityUnit) {
            revert ParticipantRegistryWrongCapacityUnit(c.capacityUnit, unit);
        }

        uint256 period;
        if (c.capacityPerPeriod == 0) {
            remaining = type(uint256).max;
        } else {
            period = Validity.periodOf(c.validFrom, c.periodLength, block.timestamp);
            uint256 available = Validity.available(
                c.capacityPerPeriod,
                c.used,
                c.usagePeriod,
                period
            );
            if (amount > available) {
                revert ParticipantRegistryCapacityExceeded(
                    participant,
                    schemeId,
                    amount,
                    available
                );
            }
            remaining = available - amount;
            // Both casts are safe: period < 2**24 was checked at grant, and what is drawn after
            // this draw is at most the capacity.
            c.usagePeriod = uint24(period);
            c.used = uint96(c.capacityPerPeriod - remaining);
        }
        emit CapacityConsumed(participant, schemeId, msg.sender, period, amount, remaining);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IParticipantRegistry
    function isActive(address account, Role role) public view returns (bool) {
        Accreditation storage a = _accreditations[account];
        return _state(a) == AccreditationState.Active && a.roles.has(role);
    }

    /// @inheritdoc IParticipantRegistry
    function accreditation(address participant) external view returns (Accreditation memory) {
        return _accreditations[participant];
    }

    /// @inheritdoc IParticipantRegistry
    function accreditationState(address participant) external view returns (AccreditationState) {
        return _state(_accreditations[participant]);
    }

    /// @inheritdoc IParticipantRegistry
    function scheme(bytes32 schemeId) external view returns (Scheme memory) {
        return _schemes[schemeId];
    }

    /// @inheritdoc IParticipantRegistry
    function isAuthorizedAuditor(bytes32 schemeId, address auditor) external view returns (bool) {
        return _authorizedAuditors[schemeId][auditor];
    }

    /// @inheritdoc IParticipantRegistry
    function requestedAuditor(
        address participant,
        bytes32 schemeId
    ) external view returns (address) {
        return _requests[participant][schemeId];
    }

    /// @inheritdoc IParticipantRegistry
    function certificate(
        address participant,
        bytes32 schemeId
    ) external view returns (Certificate memory) {
        return _certificates[participant][schemeId];
    }

    /// @inheritdoc IParticipantRegistry
    function certificateState(
        address participant,
        bytes32 schemeId
    ) external view returns (CertificateState) {
        return _certificateState(_certificates[participant][schemeId]);
    }

    /// @inheritdoc IParticipantRegistry
    function isCertified(address participant, bytes32 schemeId) public view returns (bool) {
        return
            _certificateState(_certificates[participant][schemeId]) == CertificateState.Valid &&
            _state(_accreditations[participant]) == AccreditationState.Active;
    }

    /// @inheritdoc IParticipantRegistry
    function remainingCapacity(
        address participant,
        bytes32 schemeId
    ) external view returns (uint256 remaining, uint256 periodEnd) {
        if (!isCertified(participant, schemeId)) return (0, 0);
        Certificate storage c = _certificates[participant][schemeId];
        if (c.capacityPerPeriod == 0) return (type(uint256).max, 0);
        uint256 period = Validity.periodOf(c.validFrom, c.periodLength, block.timestamp);
        remaining = Validity.available(c.capacityPerPeriod, c.used, c.usagePeriod, period);
        periodEnd = Validity.periodEnd(c.validFrom, c.periodLength, period);
        if (periodEnd > c.validUntil) periodEnd = c.validUntil;
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _state(Accreditation storage a) private view returns (AccreditationState) {
        if (a.registrar == address(0)) return AccreditationState.None;
        if (a.revoked) return AccreditationState.Revoked;
        if (a.suspended) return AccreditationState.Suspended;
        if (block.timestamp >= a.validUntil) return AccreditationState.Expired;
        return AccreditationState.Active;
    }

    function _certificateState(Certificate storage c) private view returns (CertificateState) {
        if (c.auditor == address(0)) return CertificateState.None;
        if (c.revoked) return CertificateState.Revoked;
        if (block.timestamp < c.validFrom) return CertificateState.Pending;
        if (block.timestamp >= c.validUntil) return CertificateState.Expired;
        return CertificateState.Valid;
    }

    /// @dev Who may grant certificate `c`, and to whom; returns the scheme's default validity.
    function _checkGrant(
        Certificate storage c,
        address participant,
        bytes32 schemeId,
        bytes32 evidenceHash
    ) private view returns (uint48) {
        Scheme storage s = _schemes[schemeId];
        address body = s.standardsBody;
        if (body == address(0)) revert ParticipantRegistryUnknownScheme(schemeId);
        // A scheme whose body lost its accreditation produces no certificates until governance
        // hands it to an active body.
        if (!isActive(body, Role.StandardsBody)) {
            revert ParticipantRegistrySchemeBodyInactive(schemeId, body);
        }
        if (participant == msg.sender) revert ParticipantRegistrySelfCertification(msg.sender);
        _requireActive(msg.sender, Role.Auditor);
        if (!_authorizedAuditors[schemeId][msg.sender]) {
            revert ParticipantRegistryAuditorNotAuthorized(schemeId, msg.sender);
        }
        if (_state(_accreditations[participant]) != AccreditationState.Active) {
            _revertUnexpectedAccreditationState(participant, _bit(AccreditationState.Active));
        }
        if (evidenceHash == bytes32(0)) revert ParticipantRegistryMissingEvidence();
        address requested = _requests[participant][schemeId];
        if (requested != msg.sender) {
            revert ParticipantRegistryCertificateNotRequested(
                participant,
                schemeId,
                msg.sender,
                requested
            );
        }
        CertificateState previous = _certificateState(c);
        if (previous == CertificateState.Revoked && c.auditor == msg.sender) {
            revert ParticipantRegistryRegrantAfterRevocation(participant, schemeId, msg.sender);
        }
        bool live = previous == CertificateState.Pending || previous == CertificateState.Valid;
        if (live && c.auditor != msg.sender) {
            revert ParticipantRegistryNotCertificateIssuer(participant, schemeId, msg.sender);
        }
        return s.defaultValidity;
    }

    /// @dev Fills in the defaults of a certificate's window and checks it and its period.
    function _resolveTerms(
        uint48 defaultValidity,
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacityPerPeriod,
        uint32 periodLength
    ) private view returns (uint48, uint48, uint32) {
        if (validFrom == 0) validFrom = SafeCast.toUint48(block.timestamp);
        if (validUntil == 0) validUntil = SafeCast.toUint48(uint256(validFrom) + defaultValidity);
        if (validUntil <= validFrom || validUntil <= block.timestamp) {
            revert ParticipantRegistryInvalidValidity(validFrom, validUntil);
        }
        if (capacityPerPeriod == 0) return (validFrom, validUntil, 0);
        if (
            periodLength < Validity.MIN_PERIOD ||
            Validity.periodCount(validFrom, validUntil, periodLength) > type(uint24).max
        ) {
            revert ParticipantRegistryInvalidPeriod(periodLength);
        }
        return (validFrom, validUntil, periodLength);
    }

    /// @dev Checks the unit of a new capacity and returns what was drawn this period of the
    /// certificate `c` it replaces. What was drawn stays drawn: neither replacing a certificate
    /// nor revoking it and granting anew refills it; drawn units carry over only into the same
    /// unit.
    function _drawnToCarry(
        Certificate storage c,
        uint96 capacityPerPeriod,
        bytes8 capacityUnit
    ) private view returns (uint256 drawn) {
        if (capacityPerPeriod == 0) return 0;
        if (capacityUnit == bytes8(0)) {
            revert ParticipantRegistryMissingCapacityUnit(capacityPerPeriod);
        }
        drawn = _drawnNow(c);
        if (drawn != 0 && capacityUnit != c.capacityUnit) {
            revert ParticipantRegistryWrongCapacityUnit(c.capacityUnit, capacityUnit);
        }
    }

    /// @dev What was drawn of certificate `c` in its current period, if it is valid now or was
    /// revoked while its window contains now; zero otherwise.
    function _drawnNow(Certificate storage c) private view returns (uint256) {
        CertificateState current = _certificateState(c);
        bool counts =
            current == CertificateState.Valid ||
                (current == CertificateState.Revoked &&
                    Validity.contains(c.validFrom, c.validUntil, block.timestamp));
        if (!counts || c.capacityPerPeriod == 0) return 0;
        uint256 period = Validity.periodOf(c.validFrom, c.periodLength, block.timestamp);
        return period == c.usagePeriod ? c.used : 0;
    }

    /// @dev The usage a new certificate starts with: all of `drawn`, in the period containing
    /// now, when it is valid now and has a capacity; nothing otherwise. `drawn` is kept whole,
    /// even above the new capacity, so that replacing a certificate twice cannot refill it.
    function _carryOver(
        uint256 drawn,
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacityPerPeriod,
        uint32 periodLength
    ) private view returns (uint96 used, uint24 usagePeriod) {
        if (
            drawn == 0 ||
            capacityPerPeriod == 0 ||
            !Validity.contains(validFrom, validUntil, block.timestamp)
        ) return (0, 0);
        // Safe: drawn was the `used` of a certificate, a uint96; and _resolveTerms checked that
        // the window holds fewer than 2**24 periods.
        used = uint96(drawn);
        usagePeriod = uint24(Validity.periodOf(validFrom, periodLength, block.timestamp));
    }

    function _requireNotSelf(address participant) private view {
        if (participant == msg.sender) revert ParticipantRegistrySelfAccreditation(msg.sender);
    }

    function _requireAccreditationState(address participant, uint8 allowed) private view {
        if (_bit(_state(_accreditations[participant])) & allowed == 0) {
            _revertUnexpectedAccreditationState(participant, allowed);
        }
    }

    function _revertUnexpectedAccreditationState(address participant, uint8 allowed) private view {
        revert ParticipantRegistryUnexpectedAccreditationState(
            participant,
            _state(_accreditations[participant]),
            allowed
        );
    }

    function _requireActive(address account, Role role) private view {
        if (!isActive(account, role)) revert ParticipantRegistryNotActive(account, role);
    }

    function _requireSchemeOwner(bytes32 schemeId) private view {
        address owner = _schemes[schemeId].standardsBody;
        if (owner == address(0)) revert ParticipantRegistryUnknownScheme(schemeId);
        if (owner != msg.sender) {
            revert ParticipantRegistryNotSchemeOwner(schemeId, msg.sender, owner);
        }
    }

    function _requireValidRoles(uint32 roles) private pure {
        if (!roles.isValid()) revert ParticipantRegistryInvalidRoles(roles);
    }

    function _requireFuture(uint48 validUntil) private view {
        if (validUntil <= block.timestamp) {
            revert ParticipantRegistryExpiryNotInFuture(validUntil, block.timestamp);
        }
    }

    function _bit(AccreditationState state) private pure returns (uint8) {
        return uint8(1 << uint8(state));
    }

    function _bit(CertificateState state) private pure returns (uint8) {
        return uint8(1 << uint8(state));
    }

    // ------------------------------------------------------------------------------------------
    // Governance
    // ------------------------------------------------------------------------------------------

    /// @dev Keeps a changed admin delay within the bounds the constructor enforces.
    function _changeDefaultAdminDelay(uint48 newDelay) internal override {
        _checkAdminDelay(newDelay);
        super._changeDefaultAdminDelay(newDelay);
    }

    /// @dev Refuses a first admin that is the zero address or the deployer.
    function _checkGovernance(address governance) private view returns (address) {
        if (governance == address(0) || governance == msg.sender) {
            revert ParticipantRegistryInvalidGovernance(governance);
        }
        return governance;
    }

    /// @dev Refuses an admin delay outside `[_MIN_ADMIN_DELAY, _MAX_ADMIN_DELAY]`.
    function _checkAdminDelay(uint48 delay) private pure returns (uint48) {
        if (delay < _MIN_ADMIN_DELAY || delay > _MAX_ADMIN_DELAY) {
            revert ParticipantRegistryInvalidAdminDelay(delay, _MIN_ADMIN_DELAY, _MAX_ADMIN_DELAY);
        }
        return delay;
    }
}
