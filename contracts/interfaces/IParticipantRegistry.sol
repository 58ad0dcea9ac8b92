// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IParticipantRegistry
 * @notice Answers the question every other contract of the suite asks first: "may this address
 * do this, now?". Governance appoints registrars (trust roots); registrars accredit participants
 * with a set of roles, an expiry and a hash of the accreditation evidence; standards bodies
 * define certification schemes and authorise auditors; auditors grant certificates with a
 * validity window and an optional capacity per period, which contracts authorised by governance
 * draw down.
 * @dev Timestamps are unix seconds in `uint48`. Capacity periods are at least one hour, so no
 * rule depends on `block.timestamp` finer than minutes. Nobody acts on their own standing: a
 * registrar cannot change its own accreditation, an auditor cannot certify itself.
 */
interface IParticipantRegistry {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /// @notice What a participant may do. A participant holds a set of roles, stored as a bitmask
    /// in which role `r` is bit `1 << uint8(r)`.
    enum Role {
        Producer,
        Manufacturer,
        Customer,
        ServiceProvider,
        TestLab,
        Inspector,
        Remanufacturer,
        Auditor,
        StandardsBody,
        Arbiter,
        Device,
        Recycler
    }

    /**
     * @notice Where an accreditation stands. `Expired` is never stored: an accreditation whose
     * `validUntil` has passed reports it by itself, without anyone having to act. When several
     * apply, the most severe shows: Revoked, then Suspended, then Expired.
     *
     *   None / Revoked ──accredit──▶ Active
     *   Active / Expired ──suspend──▶ Suspended ──reinstate──▶ Active (or Expired, by the clock)
     *   Active ──(validUntil passes)──▶ Expired
     *   Active / Suspended / Expired ──renew──▶ same state, new expiry (Expired becomes Active)
     *   Active / Suspended / Expired ──revoke──▶ Revoked
     */
    enum AccreditationState {
        None,
        Active,
        Suspended,
        Expired,
        Revoked
    }

    /**
     * @notice Where a certificate stands. `Pending` (before `validFrom`) and `Expired` (after
     * `validUntil`) are derived from the clock, never stored.
     */
    enum CertificateState {
        None,
        Pending,
        Valid,
        Expired,
        Revoked
    }

    /// @notice An accreditation as stored. Layout: slot 0 = registrar (20) + roles (4) +
    /// validUntil (6) + suspended (1) + revoked (1) = 32 bytes; slot 1 = evidenceHash.
    struct Accreditation {
        address registrar;
        uint32 roles;
        uint48 validUntil;
        bool suspended;
        bool revoked;
        bytes32 evidenceHash;
    }

    /// @notice A certification scheme. Layout: slot 0 = standardsBody (20) + defaultValidity (6);
    /// slot 1 = documentHash.
    struct Scheme {
        address standardsBody;
        uint48 defaultValidity;
        bytes32 documentHash;
    }

    /**
     * @notice A certificate of one participant under one scheme (a participant holds at most one
     * per scheme; granting again replaces it). Layout: slot 0 = auditor (20) + validFrom (6) +
     * validUntil (6); slot 1 = capacityPerPeriod (12) + used (12) + periodLength (4) +
     * usagePeriod (3) + revoked (1); slot 2 = evidenceHash; slot 3 = capacityUnit (8). `used`
     * can exceed the capacity after a replacement with a smaller one; nothing is then left that
     * period. After a revocation `auditor` still names the auditor of the revoked certificate.
     * @dev A `capacityPerPeriod` of zero means the certificate sets no capacity limit.
     * `capacityUnit` is the unit the capacity counts (a short ASCII name such as `kg`, left-aligned
     * and zero-padded); a certificate with a capacity always names one, one without may (zero:
     * none). Draws must be made in the certificate's unit when it names one. Periods
     * are counted from `validFrom`: period `n` is `[validFrom + n * periodLength,
     * validFrom + (n + 1) * periodLength)`. `used` is what was drawn in period `usagePeriod`.
     */
    struct Certificate {
        address auditor;
        uint48 validFrom;
        uint48 validUntil;
        uint96 capacityPerPeriod;
        uint96 used;
        uint32 periodLength;
        uint24 usagePeriod;
        bool revoked;
        bytes32 evidenceHash;
        bytes8 capacityUnit;
    }

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /// @notice `registrar` accredited `participant` with `roles` until `validUntil`, on the
    /// evidence whose hash is `evidenceHash`.
    event ParticipantAccredited(
        address indexed participant,
        address indexed registrar,
        uint32 roles,
        uint48 validUntil,
        bytes32 evidenceHash
    );

    /// @notice `registrar` changed the roles of `participant` from `previousRoles` to `roles`.
    event ParticipantRolesChanged(
        address indexed participant,
        address indexed registrar,
        uint32 previousRoles,
        uint32 roles
    );

    /// @notice `registrar` suspended `participant`, for the reason whose hash is `reasonHash`.
    event ParticipantSuspended(
        address indexed participant,
        address indexed registrar,
        bytes32 reasonHash
    );

    /// @notice `registrar` lifted the suspension of `participant`.
    event ParticipantReinstated(address indexed participant, address indexed registrar);

    /// @notice `registrar` extended the accreditation of `participant` to `validUntil`, on new
    /// evidence whose hash is `evidenceHash`.
    event AccreditationRenewed(
        address indexed participant,
        address indexed registrar,
        uint48 validUntil,
        bytes32 evidenceHash
    );

    /// @notice `registrar` revoked the accreditation of `participant`, for the reason whose hash
    /// is `reasonHash`.
    event ParticipantRevoked(
        address indexed participant,
        address indexed registrar,
        bytes32 reasonHash
    );

    /// @notice `standardsBody` defined scheme `schemeId`, whose document hashes to
    /// `documentHash`; its certificates last `defaultValidity` seconds unless the auditor says
    /// otherwise.
    event SchemeDefined(
        bytes32 indexed schemeId,
        address indexed standardsBody,
        bytes32 documentHash,
        uint48 defaultValidity
    );

    /// @notice `standardsBody` authorised `auditor` to grant certificates under `schemeId`.
    event AuditorAuthorized(
        bytes32 indexed schemeId,
        address indexed auditor,
        address indexed standardsBody
    );

    /// @notice `standardsBody` withdrew the authorisation of `auditor` under `schemeId`.
    /// Certificates the auditor granted stay valid.
    event AuditorDeauthorized(
        bytes32 indexed schemeId,
        address indexed auditor,
        address indexed standardsBody
    );

    /// @notice Governance handed scheme `schemeId` from `previousBody` to `newBody`, for the
    /// reason whose hash is `reasonHash`. The scheme's document, validity, authorised auditors
    /// and certificates are unchanged; `newBody` now owns it.
    event SchemeTransferred(
        bytes32 indexed schemeId,
        address indexed previousBody,
        address indexed newBody,
        bytes32 reasonHash
    );

    /// @notice `participant` asked `auditor` to certify it under `schemeId` (replacing any
    /// earlier request of the pair); `auditor` zero withdraws the request.
    event CertificateRequested(
        address indexed participant,
        bytes32 indexed schemeId,
        address indexed auditor
    );

    /// @notice `auditor` certified `participant` under `schemeId` for `[validFrom, validUntil)`,
    /// with `capacityPerPeriod` units of `capacityUnit` per `periodLength` seconds (zero: no
    /// limit), on the evidence whose hash is `evidenceHash`. Replaces any earlier certificate of
    /// the pair, and consumes the participant's request.
    event CertificateGranted(
        address indexed participant,
        bytes32 indexed schemeId,
        address indexed auditor,
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacityPerPeriod,
        bytes8 capacityUnit,
        uint32 periodLength,
        bytes32 evidenceHash
    );

    /// @notice `revokedBy` revoked the certificate of `participant` under `schemeId`, for the
    /// reason whose hash is `reasonHash`.
    event CertificateRevoked(
        address indexed participant,
        bytes32 indexed schemeId,
        address indexed revokedBy,
        bytes32 reasonHash
    );

    /// @notice `consumer` drew `amount` units of the capacity of `participant` under `schemeId`
    /// in capacity period `period`, leaving `remaining` for that period.
    event CapacityConsumed(
        address indexed participant,
        bytes32 indexed schemeId,
        address indexed consumer,
        uint256 period,
        uint256 amount,
        uint256 remaining
    );

    /// @notice The deployer granted `CAPACITY_CONSUMER_ROLE` to `account` (the part registry),
    /// the one wiring step of the deployment; setup is now closed.
    event SetupCompleted(address indexed account);

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    /// @notice An address argument was the zero address.
    error ParticipantRegistryZeroAddress();

    /// @notice `roles` is empty or has a bit that names no role.
    error ParticipantRegistryInvalidRoles(uint32 roles);

    /// @notice A required evidence or document hash was zero.
    error ParticipantRegistryMissingEvidence();

    /// @notice `validUntil` is not after the current time `currentTime`.
    error ParticipantRegistryExpiryNotInFuture(uint48 validUntil, uint256 currentTime);

    /// @notice A registrar tried to accredit itself or change its own accreditation.
    error ParticipantRegistrySelfAccreditation(address registrar);

    /// @notice `account` tried to certify itself, or to authorise itself as an auditor.
    error ParticipantRegistrySelfCertification(address account);

    /// @notice The accreditation of `participant` is in state `current`, and the action needs
    /// one of the states whose bit (`1 << uint8(state)`) is set in `allowedStates`.
    error ParticipantRegistryUnexpectedAccreditationState(
        address participant,
        AccreditationState current,
        uint8 allowedStates
    );

    /// @notice `account` is not an active accredited participant in `role`.
    error ParticipantRegistryNotActive(address account, Role role);

    /// @notice No scheme `schemeId` has been defined.
    error ParticipantRegistryUnknownScheme(bytes32 schemeId);

    /// @notice Scheme `schemeId` is already defined.
    error ParticipantRegistrySchemeAlreadyDefined(bytes32 schemeId);

    /// @notice `schemeId` is zero, or `defaultValidity` is zero.
    error ParticipantRegistryInvalidScheme(bytes32 schemeId, uint48 defaultValidity);

    /// @notice `caller` is not `standardsBody`, which defined scheme `schemeId`.
    error ParticipantRegistryNotSchemeOwner(
        bytes32 schemeId,
        address caller,
        address standardsBody
    );

    /// @notice `auditor` is already authorised (`authorized` true) or not authorised
    /// (`authorized` false) under `schemeId`, so the call would change nothing.
    error ParticipantRegistryAuditorAuthorization(
        bytes32 schemeId,
        address auditor,
        bool authorized
    );

    /// @notice `auditor` is not authorised to certify under `schemeId`.
    error ParticipantRegistryAuditorNotAuthorized(bytes32 schemeId, address auditor);

    /// @notice The window `[validFrom, validUntil)`, after the defaults for zero ends are
    /// applied, is empty or already over.
    error ParticipantRegistryInvalidValidity(uint48 validFrom, uint48 validUntil);

    /// @notice A capacity was given with a period shorter than one hour, or so short that the
    /// validity window would hold 2**24 periods or more.
    error ParticipantRegistryInvalidPeriod(uint32 periodLength);

    /// @notice The certificate of `participant` under `schemeId` is in state `current`, and the
    /// action needs one of the states whose bit is set in `allowedStates`.
    error ParticipantRegistryUnexpectedCertificateState(
        address participant,
        bytes32 schemeId,
        CertificateState current,
        uint8 allowedStates
    );

    /// @notice `caller` may not replace or revoke the certificate of `participant` under
    /// `schemeId`: it is not the active auditor that granted it (nor, to revoke, the scheme's
    /// active standards body).
    error ParticipantRegistryNotCertificateIssuer(
        address participant,
        bytes32 schemeId,
        address caller
    );

    /// @notice Drawing `requested` units would take the capacity of `participant` under
    /// `schemeId` below zero; `remaining` is what is left this period.
    error ParticipantRegistryCapacityExceeded(
        address participant,
        bytes32 schemeId,
        uint256 requested,
        uint256 remaining
    );

    /// @notice An amount of zero was given where a positive amount is needed.
    error ParticipantRegistryZeroAmount();

    /// @notice Scheme `schemeId` cannot produce certificates: its standards body `standardsBody`
    /// is not an active accredited standards body (suspended, lapsed, revoked or no longer in
    /// the role). Governance can hand the scheme to another body with {transferScheme}.
    error ParticipantRegistrySchemeBodyInactive(bytes32 schemeId, address standardsBody);

    /// @notice Scheme `schemeId` already belongs to `standardsBody`, so the transfer would change
    /// nothing.
    error ParticipantRegistrySameStandardsBody(bytes32 schemeId, address standardsBody);

    /// @notice `auditor` may not certify `participant` under `schemeId`: the participant's
    /// request names `requestedAuditor` (zero: the participant asked nobody).
    error ParticipantRegistryCertificateNotRequested(
        address participant,
        bytes32 schemeId,
        address auditor,
        address requestedAuditor
    );

    /// @notice `auditor` granted the certificate of `participant` under `schemeId` that was
    /// revoked, so it may not grant it again; another authorised auditor must audit anew.
    error ParticipantRegistryRegrantAfterRevocation(
        address participant,
        bytes32 schemeId,
        address auditor
    );

    /// @notice A capacity of `capacityPerPeriod` units per period was given without naming its
    /// unit.
    error ParticipantRegistryMissingCapacityUnit(uint96 capacityPerPeriod);

    /// @notice The capacity counts `expected`, and `given` was used: a draw in another unit, or a
    /// replacement in another unit of a certificate whose capacity was drawn this period.
    error ParticipantRegistryWrongCapacityUnit(bytes8 expected, bytes8 given);

    /// @notice `governance` cannot be the first admin: it is the zero address or the deployer.
    error ParticipantRegistryInvalidGovernance(address governance);

    /// @notice The admin hand-over delay `delay` is outside `[min, max]` seconds.
    error ParticipantRegistryInvalidAdminDelay(uint48 delay, uint48 min, uint48 max);

    /// @notice `caller` is not the deployer, the only account that may complete the setup.
    error ParticipantRegistryNotDeployer(address caller);

    /// @notice The setup was already completed; it happens once.
    error ParticipantRegistrySetupClosed();

    /// @notice `account` cannot be wired at setup: it is the zero address, the deployer, or has
    /// no code (the capacity consumer is a contract).
    error ParticipantRegistryInvalidSetupAccount(address account);

    // ------------------------------------------------------------------------------------------
    // Governance and registrars
    // ------------------------------------------------------------------------------------------

    /// @notice The access-control role of registrars, granted and revoked by governance
    /// (`DEFAULT_ADMIN_ROLE`) through `grantRole` / `revokeRole`.
    function REGISTRAR_ROLE() external view returns (bytes32);

    /// @notice The access-control role of contracts allowed to draw certified capacity (the
    /// parts registry), granted by governance.
    function CAPACITY_CONSUMER_ROLE() external view returns (bytes32);

    /**
     * @notice Grants `CAPACITY_CONSUMER_ROLE` to `account` (the part registry), the one wiring
     * step the deployment needs, without the deployer ever holding the admin role.
     * @dev Caller: the deployer, once. `account` must be a contract other than the deployer.
     * Governance can revoke the role later like any other grant.
     */
    function completeSetup(address account) external;

    /// @notice The account wired by {completeSetup}; the zero address while setup is open.
    function setupAccount() external view returns (address);

    // ------------------------------------------------------------------------------------------
    // Registrar actions
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Accredits `participant` with `roles` until `validUntil`.
     * @dev Caller: a registrar. The participant must have no accreditation, or a revoked one.
     * A registrar cannot accredit itself.
     * @param participant the address to accredit
     * @param roles bitmask of {Role}; not empty
     * @param validUntil when the accreditation lapses; after now
     * @param evidenceHash hash of the accreditation evidence (see the SDK's `hashDocument`)
     */
    function accredit(
        address participant,
        uint32 roles,
        uint48 validUntil,
        bytes32 evidenceHash
    ) external;

    /**
     * @notice Replaces the roles of `participant` without re-accrediting it.
     * @dev Caller: a registrar other than `participant`. The accreditation must be active,
     * suspended or expired.
     */
    function setRoles(address participant, uint32 roles) external;

    /**
     * @notice Suspends an active (or lapsed) accreditation; it stops counting at once.
     * @dev Caller: a registrar other than `participant`.
     * @param reasonHash hash of the reason document (may be zero)
     */
    function suspend(address participant, bytes32 reasonHash) external;

    /**
     * @notice Lifts a suspension.
     * @dev Caller: a registrar other than `participant`. Reinstating after the expiry leaves
     * the accreditation expired.
     */
    function reinstate(address participant) external;

    /**
     * @notice Sets a new expiry on an active, suspended or expired accreditation, on new
     * evidence. A suspension stays in force.
     * @dev Caller: a registrar other than `participant`.
     */
    function renew(address participant, uint48 validUntil, bytes32 evidenceHash) external;

    /**
     * @notice Ends an accreditation for good; the participant can only be accredited anew.
     * Certificates it held are not touched: they count again if it is accredited anew while
     * they are still valid.
     * @dev Caller: a registrar other than `participant`.
     * @param reasonHash hash of the reason document (may be zero)
     */
    function revoke(address participant, bytes32 reasonHash) external;

    // ------------------------------------------------------------------------------------------
    // Standards bodies and auditors
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Defines certification scheme `schemeId`.
     * @dev Caller: an active standards body, which becomes the scheme's owner.
     * @param schemeId the scheme's identifier (the SDK uses the scheme's short name as bytes32)
     * @param documentHash hash of the scheme's normative document
     * @param defaultValidity how long a certificate lasts when the auditor gives no end, in
     * seconds
     */
    function defineScheme(bytes32 schemeId, bytes32 documentHash, uint48 defaultValidity) external;

    /**
     * @notice Hands scheme `schemeId` to another standards body, typically because its body
     * lost its accreditation (suspended, lapsed or revoked), which stops the scheme's grants.
     * The scheme's document, default validity, authorised auditors and certificates stay as they
     * are; the new body owns the scheme from now on (authorises, deauthorises, revokes).
     * @dev Caller: governance (`DEFAULT_ADMIN_ROLE`). `newBody` must be an active standards body
     * other than the scheme's current one.
     * @param reasonHash hash of the reason document (may be zero)
     */
    function transferScheme(bytes32 schemeId, address newBody, bytes32 reasonHash) external;

    /**
     * @notice Authorises `auditor` to grant certificates under `schemeId`.
     * @dev Caller: the standards body that defined the scheme, while active. The auditor must be
     * an active accredited auditor, and not the caller itself.
     */
    function authorizeAuditor(bytes32 schemeId, address auditor) external;

    /**
     * @notice Withdraws the authorisation of `auditor` under `schemeId`. Certificates it already
     * granted stay valid.
     * @dev Caller: the standards body that defined the scheme, while active.
     */
    function deauthorizeAuditor(bytes32 schemeId, address auditor) external;

    /**
     * @notice The caller asks `auditor` to certify it under `schemeId`: only that auditor may
     * then grant (or renew) the caller's certificate under the scheme, once. A new request
     * replaces the previous one; `auditor` zero withdraws it.
     * @dev Caller: the participant itself. The scheme must be defined; the auditor cannot be the
     * caller.
     */
    function requestCertificate(bytes32 schemeId, address auditor) external;

    /**
     * @notice Certifies `participant` under `schemeId`, replacing any earlier certificate of the
     * pair, and consumes the participant's request. What was drawn of the capacity this period
     * stays drawn, whether the certificate it replaces is valid or was revoked during its
     * window, so neither a replacement nor a revocation followed by a new grant refills it (a
     * draw above the new capacity leaves none).
     * @dev Caller: an active auditor authorised under the scheme, other than `participant`, that
     * the participant asked for ({requestCertificate}). The scheme's standards body must be
     * active. The participant must be active in some role. A pending or valid certificate can
     * be replaced only by the auditor that granted it; a revoked one only by another auditor.
     * @param validFrom start of validity; zero means now
     * @param validUntil end of validity; zero means `validFrom` plus the scheme's default
     * validity
     * @param capacityPerPeriod units the participant may produce per period; zero means no limit
     * @param capacityUnit the unit of the capacity (e.g. `kg`); required with a capacity,
     * optional without
     * @param periodLength length of a capacity period in seconds; at least one hour when a
     * capacity is given, ignored otherwise
     * @param evidenceHash hash of the audit report
     */
    function grantCertificate(
        address participant,
        bytes32 schemeId,
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacityPerPeriod,
        bytes8 capacityUnit,
        uint32 periodLength,
        bytes32 evidenceHash
    ) external;

    /**
     * @notice Revokes the certificate of `participant` under `schemeId`.
     * @dev Caller: the auditor that granted it, or the scheme's standards body, while active.
     * The certificate must be pending or valid.
     */
    function revokeCertificate(address participant, bytes32 schemeId, bytes32 reasonHash) external;

    /**
     * @notice Draws `amount` units of the certified capacity of `participant` under `schemeId`
     * in the current period.
     * @dev Caller: a contract holding `CAPACITY_CONSUMER_ROLE`. Refuses when the participant is
     * not active, when the certificate is not valid now, when `unit` is not the certificate's
     * unit (if it names one), or when the draw would take this period's capacity below zero.
     * @param unit the unit `amount` counts (the parts registry passes the batch's unit)
     * @return remaining what is left of this period's capacity (`type(uint256).max` if none is
     * set)
     */
    function consumeCapacity(
        address participant,
        bytes32 schemeId,
        uint256 amount,
        bytes8 unit
    ) external returns (uint256 remaining);

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @notice Whether `account` is accredited, not suspended, not lapsed and holds `role`, now.
    function isActive(address account, Role role) external view returns (bool);

    /// @notice The stored accreditation of `participant`.
    function accreditation(address participant) external view returns (Accreditation memory);

    /// @notice Where the accreditation of `participant` stands now.
    function accreditationState(address participant) external view returns (AccreditationState);

    /// @notice The scheme `schemeId` (all zero if undefined).
    function scheme(bytes32 schemeId) external view returns (Scheme memory);

    /// @notice Whether `auditor` is authorised under `schemeId`.
    function isAuthorizedAuditor(bytes32 schemeId, address auditor) external view returns (bool);

    /// @notice The auditor `participant` asked to certify it under `schemeId` and that has not
    /// granted yet (zero: none).
    function requestedAuditor(
        address participant,
        bytes32 schemeId
    ) external view returns (address);

    /// @notice The stored certificate of `participant` under `schemeId`.
    function certificate(
        address participant,
        bytes32 schemeId
    ) external view returns (Certificate memory);

    /// @notice Where the certificate of `participant` under `schemeId` stands now.
    function certificateState(
        address participant,
        bytes32 schemeId
    ) external view returns (CertificateState);

    /// @notice Whether `participant` holds a valid certificate under `schemeId` now and is
    /// itself active (accredited, not suspended, lapsed or revoked).
    function isCertified(address participant, bytes32 schemeId) external view returns (bool);

    /**
     * @notice What is left of the capacity of `participant` under `schemeId` this period.
     * @return remaining units left (zero unless {isCertified}; `type(uint256).max` if the
     * certificate sets no limit)
     * @return periodEnd when the current period ends, or the certificate if that comes first
     * (zero if not valid or no limit)
     */
    function remainingCapacity(
        address participant,
        bytes32 schemeId
    ) external view returns (uint256 remaining, uint256 periodEnd);
}
