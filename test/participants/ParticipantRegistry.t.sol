// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ParticipantRegistry} from "../../contracts/participants/ParticipantRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {Test} from "../utils/Test.sol";
import {SuiteSetup} from "../utils/SuiteSetup.sol";

/// @notice Shared actors, constants and setup of the registry fuzz tests.
abstract contract RegistryFixture is SuiteSetup {
    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant ACTOR_VALIDITY = 10 * 365 days;
    uint48 internal constant DEFAULT_VALIDITY = 365 days;
    bytes32 internal constant SCHEME = "ISO-9001";
    bytes32 internal constant DOCUMENT = keccak256("scheme document");
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    bytes8 internal constant UNIT = "kg";
    uint8 internal constant VALID_BIT = uint8(
        1 << uint8(IParticipantRegistry.CertificateState.Valid)
    );
    uint8 internal constant ACTIVE_BIT = uint8(
        1 << uint8(IParticipantRegistry.AccreditationState.Active)
    );

    address internal registrar = address(0x1001);
    address internal standardsBody = address(0x1002);
    address internal auditor = address(0x1003);
    address internal producer = address(0x1004);
    address internal candidate = address(0x1005);
    address internal auditor2 = address(0x1006);

    ParticipantRegistry internal registry;

    /// @dev The test's own record of when the producer's accreditation expires (the producer
    /// is never suspended or revoked unless a test says so), kept by `_renewProducer`.
    uint256 internal producerUntil;

    function _deployFixture() internal {
        vm.warp(T0);
        registry = _deploySuite(registrar);

        uint48 until = uint48(T0 + ACTOR_VALIDITY);
        producerUntil = until;
        vm.startPrank(registrar);
        registry.accredit(
            standardsBody,
            _bit(IParticipantRegistry.Role.StandardsBody),
            until,
            EVIDENCE
        );
        registry.accredit(auditor, _bit(IParticipantRegistry.Role.Auditor), until, EVIDENCE);
        registry.accredit(auditor2, _bit(IParticipantRegistry.Role.Auditor), until, EVIDENCE);
        registry.accredit(producer, _bit(IParticipantRegistry.Role.Producer), until, EVIDENCE);
        vm.stopPrank();

        vm.startPrank(standardsBody);
        registry.defineScheme(SCHEME, DOCUMENT, DEFAULT_VALIDITY);
        registry.authorizeAuditor(SCHEME, auditor);
        registry.authorizeAuditor(SCHEME, auditor2);
        vm.stopPrank();
    }

    /// @dev The producer asks the auditor for a certificate, which grants it in kg.
    function _grant(
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacity,
        uint32 periodLength
    ) internal {
        _grantBy(auditor, validFrom, validUntil, capacity, periodLength);
    }

    /// @dev The producer asks `by` for a certificate, which grants it in kg.
    function _grantBy(
        address by,
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacity,
        uint32 periodLength
    ) internal {
        vm.prank(producer);
        registry.requestCertificate(SCHEME, by);
        vm.prank(by);
        _grantCall(validFrom, validUntil, capacity, periodLength);
    }

    /// @dev The producer asks the auditor for a certificate under the scheme.
    function _request() internal {
        vm.prank(producer);
        registry.requestCertificate(SCHEME, auditor);
    }

    /// @dev The auditor grants the certificate the producer asked for.
    function _grantRequested(
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacity,
        uint32 periodLength
    ) internal {
        vm.prank(auditor);
        _grantCall(validFrom, validUntil, capacity, periodLength);
    }

    function _grantCall(
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacity,
        uint32 periodLength
    ) private {
        registry.grantCertificate(
            producer,
            SCHEME,
            validFrom,
            validUntil,
            capacity,
            UNIT,
            periodLength,
            EVIDENCE
        );
    }

    /// @dev Moves the producer's accreditation expiry to `until` (in the future).
    function _renewProducer(uint48 until) internal {
        vm.prank(registrar);
        registry.renew(producer, until, keccak256("renewed"));
        producerUntil = until;
    }

    /// @dev Whether the producer's accreditation is active now, by the test's own record.
    function _producerActive() internal view returns (bool) {
        return block.timestamp < producerUntil;
    }

    /// @dev The error of an action that needs `participant` active, while it is `current`.
    function _notActive(
        address participant,
        IParticipantRegistry.AccreditationState current
    ) internal pure returns (bytes memory) {
        return
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryUnexpectedAccreditationState.selector,
                participant,
                current,
                ACTIVE_BIT
            );
    }

    /// @dev The error of a draw on the producer's certificate while it is `current`.
    function _notValid(
        IParticipantRegistry.CertificateState current
    ) internal view returns (bytes memory) {
        return
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryUnexpectedCertificateState.selector,
                producer,
                SCHEME,
                current,
                VALID_BIT
            );
    }

    function _exceeded(uint256 requested, uint256 remaining) internal view returns (bytes memory) {
        return
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryCapacityExceeded.selector,
                producer,
                SCHEME,
                requested,
                remaining
            );
    }
}

/**
 * @notice Drives one certificate's capacity for the invariant fuzzer: draws bounded amounts,
 * moves the clock forward, and now and then replaces the certificate (which carries what was
 * drawn this period over to the new one). Ghost variables track what was drawn in the current
 * period; every answer of the registry that differs from the model is counted in `mismatches`
 * (a revert inside a handler would be discarded, not reported).
 */
contract CapacityHandler is Test {
    ParticipantRegistry public immutable registry;
    address public immutable producer;
    address public immutable auditor;
    bytes32 public immutable scheme;

    uint96 public capacity;
    uint32 public periodLength;
    uint48 public validFrom;
    uint48 public validUntil;

    uint256 public ghostPeriod;
    uint256 public drawnThisPeriod;
    uint256 public peakCapacity;
    uint256 public mismatches;
    uint256 public draws;
    uint256 public refusals;
    uint256 public carriedOver;
    uint256 public cappedCarryOvers;

    /// @dev Grants the first certificate, with periods anchored at `validFrom_`.
    constructor(
        ParticipantRegistry registry_,
        address producer_,
        address auditor_,
        bytes32 scheme_,
        uint96 capacity_,
        uint32 periodLength_,
        uint48 validFrom_
    ) {
        registry = registry_;
        producer = producer_;
        auditor = auditor_;
        scheme = scheme_;
        _grant(capacity_, periodLength_, validFrom_, 0);
    }

    /// @notice Draws `amount` (bounded to 1 .. 1.5 x capacity), expecting success exactly when
    /// it fits in what is left this period.
    function consume(uint256 amount) external {
        _sync();
        amount = bound(amount, 1, (uint256(capacity) * 3) / 2 + 1);
        uint256 left = capacity > drawnThisPeriod ? capacity - drawnThisPeriod : 0;
        if (amount > left) {
            try registry.consumeCapacity(producer, scheme, amount, "kg") returns (uint256) {
                ++mismatches;
                drawnThisPeriod += amount;
            } catch (bytes memory reason) {
                bytes memory expected = abi.encodeWithSelector(
                    IParticipantRegistry.ParticipantRegistryCapacityExceeded.selector,
                    producer,
                    scheme,
                    amount,
                    left
                );
                if (keccak256(reason) != keccak256(expected)) ++mismatches;
                ++refusals;
            }
        } else {
            try registry.consumeCapacity(producer, scheme, amount, "kg") returns (
                uint256 remaining
            ) {
                if (remaining != left - amount) ++mismatches;
                drawnThisPeriod += amount;
                ++draws;
            } catch {
                ++mismatches;
            }
        }
    }

    /// @notice Moves the clock forward by up to two periods, staying inside the certificate.
    function warp(uint256 step) external {
        step = bound(step, 0, uint256(periodLength) * 2);
        uint256 t = block.timestamp + step;
        if (t >= validUntil) t = uint256(validUntil) - 1;
        vm.warp(t);
        _sync();
    }

    /// @notice Replaces the certificate with new terms, valid from now (`validFrom` zero) or
    /// with periods anchored up to three periods back. The old certificate is valid, so what
    /// was drawn of it this period carries over, capped at the new capacity, into the new
    /// certificate's current period. Half the time the new capacity is at most the old one,
    /// so that the cap is exercised.
    function regrant(uint96 capacity_, uint32 periodLength_, uint256 anchorBack) external {
        _sync();
        capacity_ = uint96(
            capacity_ % 2 == 0 ? bound(capacity_, 1, 1e24) : bound(capacity_, 1, capacity)
        );
        periodLength_ = uint32(bound(periodLength_, 1 hours, 3 days));
        anchorBack = bound(anchorBack, 0, 3 * uint256(periodLength_));
        bool wasValid = validFrom <= block.timestamp && block.timestamp < validUntil;
        uint256 drawn = wasValid ? drawnThisPeriod : 0;
        _grant(
            capacity_,
            periodLength_,
            anchorBack == 0 ? 0 : uint48(block.timestamp - anchorBack),
            drawn
        );

        // The carry-over, exactly: all of `drawn` (even above the new capacity) in the new
        // current period, or a fresh start (used and usagePeriod both zero) when nothing was
        // drawn.
        IParticipantRegistry.Certificate memory c = registry.certificate(producer, scheme);
        if (c.used != drawnThisPeriod) ++mismatches;
        if (c.usagePeriod != (drawn == 0 ? 0 : ghostPeriod)) ++mismatches;
        if (drawn > 0) ++carriedOver;
        if (drawn > capacity_) ++cappedCarryOvers;
    }

    /// @notice The model's index of the current capacity period.
    function currentPeriod() public view returns (uint256) {
        return (block.timestamp - validFrom) / periodLength;
    }

    /// @dev Grants a certificate from `validFrom_` (zero: now) for a year, starting the model
    /// with `drawn` (whole, even above `capacity_`) drawn in the period containing now.
    function _grant(
        uint96 capacity_,
        uint32 periodLength_,
        uint48 validFrom_,
        uint256 drawn
    ) private {
        validUntil = uint48(block.timestamp + 365 days);
        vm.prank(producer);
        registry.requestCertificate(scheme, auditor);
        vm.prank(auditor);
        registry.grantCertificate(
            producer,
            scheme,
            validFrom_,
            validUntil,
            capacity_,
            "kg",
            periodLength_,
            keccak256("handler evidence")
        );
        capacity = capacity_;
        periodLength = periodLength_;
        validFrom = validFrom_ == 0 ? uint48(block.timestamp) : validFrom_;
        ghostPeriod = currentPeriod();
        // The largest capacity any certificate had in this period: the most that may be drawn.
        peakCapacity = drawn > 0 && peakCapacity > capacity_ ? peakCapacity : capacity_;
        drawnThisPeriod = drawn;
    }

    function _sync() private {
        uint256 p = currentPeriod();
        if (p != ghostPeriod) {
            ghostPeriod = p;
            drawnThisPeriod = 0;
            peakCapacity = capacity;
        }
    }
}

contract ParticipantRegistryTest is RegistryFixture {
    CapacityHandler private handler;

    function setUp() public {
        _deployFixture();
        // The test contract draws capacity itself: governance grants it the consumer role (the
        // deployer's completeSetup refuses the deployer).
        vm.startPrank(GOVERNANCE);
        registry.grantRole(registry.CAPACITY_CONSUMER_ROLE(), address(this));
        vm.stopPrank();

        // The invariant fuzzer drives a second participant's certificate through the handler only.
        vm.prank(registrar);
        registry.accredit(
            candidate,
            _bit(IParticipantRegistry.Role.Producer),
            uint48(T0 + ACTOR_VALIDITY),
            EVIDENCE
        );
        // 1000 units a day, periods anchored five hours before now (not at T0).
        handler = new CapacityHandler(
            registry,
            candidate,
            auditor,
            SCHEME,
            1_000,
            1 days,
            uint48(T0 - 5 hours)
        );
        vm.startPrank(GOVERNANCE);
        registry.grantRole(registry.CAPACITY_CONSUMER_ROLE(), address(handler));
        vm.stopPrank();
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // Governance
    // ------------------------------------------------------------------------------------------

    function testFuzz_constructor_refusesDelaysOutsideOneToThirtyDays(uint48 delay) public {
        vm.assume(delay < 1 days || delay > 30 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidAdminDelay.selector,
                delay,
                uint48(1 days),
                uint48(30 days)
            )
        );
        new ParticipantRegistry(GOVERNANCE, delay);
    }

    function testFuzz_constructor_makesGovernanceAdminWithAnyDelayInRange(uint256 seed) public {
        uint48 delay = uint48(bound(seed, 1 days, 30 days));
        ParticipantRegistry fresh = new ParticipantRegistry(GOVERNANCE, delay);
        vm.assertEq(fresh.defaultAdminDelay(), delay);
        vm.assertEq(fresh.defaultAdmin(), GOVERNANCE);
        vm.assertFalse(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), address(this)));
    }

    function testFuzz_completeSetup_refusesEveryoneButTheDeployer(address caller) public {
        vm.assume(caller != address(this));
        ParticipantRegistry fresh = new ParticipantRegistry(GOVERNANCE, ADMIN_DELAY);
        vm.prank(caller);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryNotDeployer.selector,
                caller
            )
        );
        fresh.completeSetup(address(handler));
        vm.assertEq(fresh.setupAccount(), address(0));
    }

    // ------------------------------------------------------------------------------------------
    // Accreditation window
    // ------------------------------------------------------------------------------------------

    function testFuzz_isActive_producerActiveIffBeforeValidUntil(
        uint48 validUntil,
        uint256 t
    ) public {
        validUntil = uint48(bound(validUntil, T0 + 1, type(uint48).max));
        t = bound(t, T0, uint256(type(uint48).max) + 1 days);
        vm.prank(registrar);
        registry.renew(producer, validUntil, keccak256("renewed"));

        vm.warp(t);
        bool live = t < validUntil;
        vm.assertEq(
            registry.isActive(producer, IParticipantRegistry.Role.Producer),
            live,
            "active"
        );
        vm.assertEq(
            uint256(registry.accreditationState(producer)),
            uint256(
                live
                    ? IParticipantRegistry.AccreditationState.Active
                    : IParticipantRegistry.AccreditationState.Expired
            ),
            "state"
        );
        vm.assertEq(uint256(registry.accreditation(producer).validUntil), validUntil, "stored");
    }

    function testFuzz_isActive_endsExactlyAtValidUntil(uint48 validUntil) public {
        validUntil = uint48(bound(validUntil, T0 + 1, type(uint48).max));
        vm.prank(registrar);
        registry.renew(producer, validUntil, keccak256("renewed"));

        vm.warp(uint256(validUntil) - 1);
        vm.assertTrue(
            registry.isActive(producer, IParticipantRegistry.Role.Producer),
            "last second"
        );
        vm.assertEq(
            uint256(registry.accreditationState(producer)),
            uint256(IParticipantRegistry.AccreditationState.Active),
            "active on its last second"
        );
        vm.warp(validUntil);
        vm.assertFalse(
            registry.isActive(producer, IParticipantRegistry.Role.Producer),
            "at expiry"
        );
        vm.assertEq(
            uint256(registry.accreditationState(producer)),
            uint256(IParticipantRegistry.AccreditationState.Expired),
            "expired at validUntil"
        );
    }

    function testFuzz_isActive_holdsExactlyAccreditedRolesUntilExpiry(
        uint32 roles,
        uint48 validUntil,
        uint8 r,
        uint256 t
    ) public {
        roles = uint32(bound(roles, 1, 0xfff));
        validUntil = uint48(bound(validUntil, T0 + 1, type(uint48).max));
        r = uint8(bound(r, 0, 11));
        t = bound(t, T0, uint256(validUntil) + 365 days);
        address fresh = address(0xBEEF);
        vm.prank(registrar);
        registry.accredit(fresh, roles, validUntil, EVIDENCE);

        vm.warp(t);
        bool expected = t < validUntil && (roles >> r) & 1 == 1;
        vm.assertEq(registry.isActive(fresh, IParticipantRegistry.Role(r)), expected);
    }

    function testFuzz_accredit_revertsWhenExpiryNotInFuture(uint48 validUntil) public {
        validUntil = uint48(bound(validUntil, 0, T0));
        vm.prank(registrar);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryExpiryNotInFuture.selector,
                validUntil,
                T0
            )
        );
        registry.accredit(address(0xBEEF), 1, validUntil, EVIDENCE);
    }

    function testFuzz_accreditationState_suspensionOutranksExpiry(uint256 t) public {
        t = bound(t, T0, T0 + 2 * ACTOR_VALIDITY);
        vm.prank(registrar);
        registry.suspend(producer, bytes32(0));
        vm.warp(t);
        vm.assertEq(
            uint256(registry.accreditationState(producer)),
            uint256(IParticipantRegistry.AccreditationState.Suspended),
            "suspended"
        );
        vm.assertFalse(registry.isActive(producer, IParticipantRegistry.Role.Producer), "inactive");

        vm.prank(registrar);
        registry.reinstate(producer);
        bool live = t < T0 + ACTOR_VALIDITY;
        vm.assertEq(
            uint256(registry.accreditationState(producer)),
            uint256(
                live
                    ? IParticipantRegistry.AccreditationState.Active
                    : IParticipantRegistry.AccreditationState.Expired
            ),
            "reinstated by the clock"
        );
        vm.assertEq(
            registry.isActive(producer, IParticipantRegistry.Role.Producer),
            live,
            "active"
        );
    }

    // ------------------------------------------------------------------------------------------
    // Certificate window
    // ------------------------------------------------------------------------------------------

    function testFuzz_certificateState_followsWindow(
        uint48 validFrom,
        uint48 validUntil,
        uint256 t
    ) public {
        validFrom = uint48(bound(validFrom, 1, T0 + 5 * 365 days));
        uint256 earliest = (validFrom > T0 ? uint256(validFrom) : T0) + 1;
        validUntil = uint48(bound(validUntil, earliest, earliest + 20 * 365 days));
        t = bound(t, T0, uint256(validUntil) + 5 * 365 days);
        _grant(validFrom, validUntil, 0, 0);

        // `t` runs well past the producer's accreditation (T0 + ACTOR_VALIDITY): both windows
        // count, the certificate's for its state, both for certification and drawing.
        vm.warp(t);
        IParticipantRegistry.CertificateState expected = _windowState(validFrom, validUntil, t);
        _assertUnlimitedCertificate(expected, "at t");

        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.validFrom), validFrom, "stored validFrom");
        vm.assertEq(uint256(c.validUntil), validUntil, "stored validUntil");
        vm.assertEq(c.auditor, auditor, "stored auditor");
    }

    /// @dev Certification switches exactly at the certificate's two bounds and at the
    /// accreditation's expiry, whichever order they come in.
    function testFuzz_certificateState_switchesExactlyAtBounds(
        uint48 validFrom,
        uint48 validUntil,
        uint48 accreditedUntil
    ) public {
        validFrom = uint48(bound(validFrom, T0 + 1, T0 + 5 * 365 days));
        validUntil = uint48(bound(validUntil, uint256(validFrom) + 1, type(uint48).max));
        accreditedUntil = uint48(bound(accreditedUntil, T0 + 1, type(uint48).max));
        _renewProducer(accreditedUntil);
        _grant(validFrom, validUntil, 0, 0);

        vm.warp(uint256(validFrom) - 1);
        _assertUnlimitedCertificate(
            IParticipantRegistry.CertificateState.Pending,
            "before validFrom"
        );
        vm.warp(validFrom);
        _assertUnlimitedCertificate(IParticipantRegistry.CertificateState.Valid, "at validFrom");
        vm.warp(uint256(validUntil) - 1);
        _assertUnlimitedCertificate(IParticipantRegistry.CertificateState.Valid, "last second");
        vm.warp(validUntil);
        _assertUnlimitedCertificate(IParticipantRegistry.CertificateState.Expired, "at validUntil");

        uint256 t = uint256(accreditedUntil) - 1;
        vm.warp(t);
        vm.assertTrue(_producerActive(), "accredited on its last second");
        _assertUnlimitedCertificate(
            _windowState(validFrom, validUntil, t),
            "accreditation's last second"
        );
        vm.warp(accreditedUntil);
        vm.assertFalse(_producerActive(), "accreditation expired");
        _assertUnlimitedCertificate(
            _windowState(validFrom, validUntil, accreditedUntil),
            "at accreditation expiry"
        );
    }

    function testFuzz_grantCertificate_defaultsToNowAndSchemeValidity(uint256 t) public {
        t = bound(t, T0, T0 + ACTOR_VALIDITY - 1);
        vm.warp(t);
        _grant(0, 0, 0, 0);
        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.validFrom), t, "validFrom is now");
        vm.assertEq(uint256(c.validUntil), t + DEFAULT_VALIDITY, "validUntil is default");
        vm.assertTrue(registry.isCertified(producer, SCHEME), "valid at once");
        _assertUnlimitedCertificate(IParticipantRegistry.CertificateState.Valid, "at once");
        // The default year may run past the producer's accreditation: the certificate stays
        // valid in itself, but certifies only while the producer is active.
        vm.warp(t + DEFAULT_VALIDITY - 1);
        _assertUnlimitedCertificate(
            IParticipantRegistry.CertificateState.Valid,
            "valid on its last second"
        );
        vm.warp(t + DEFAULT_VALIDITY);
        _assertUnlimitedCertificate(
            IParticipantRegistry.CertificateState.Expired,
            "expired at validUntil"
        );
    }

    function testFuzz_grantCertificate_revertsOnEmptyOrPastWindow(
        uint48 validFrom,
        uint48 validUntil
    ) public {
        validFrom = uint48(bound(validFrom, 1, type(uint48).max));
        validUntil = uint48(bound(validUntil, 1, type(uint48).max));
        vm.assume(validUntil <= validFrom || validUntil <= T0);
        _request();
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidValidity.selector,
                validFrom,
                validUntil
            )
        );
        _grantRequested(validFrom, validUntil, 0, 0);
    }

    function testFuzz_grantCertificate_revertsOnPeriodShorterThanAnHour(
        uint96 capacity,
        uint32 periodLength
    ) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        periodLength = uint32(bound(periodLength, 0, 1 hours - 1));
        _request();
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidPeriod.selector,
                periodLength
            )
        );
        _grantRequested(uint48(T0), uint48(T0 + 30 days), capacity, periodLength);
    }

    function testFuzz_grantCertificate_revertsWhenPeriodIndexWouldOverflow(
        uint32 periodLength,
        uint256 extra
    ) public {
        periodLength = uint32(bound(periodLength, 1 hours, 100 days));
        uint256 full = uint256(periodLength) * type(uint24).max;
        extra = bound(extra, 1, type(uint48).max - T0 - full);
        _request();
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidPeriod.selector,
                periodLength
            )
        );
        _grantRequested(uint48(T0), uint48(T0 + full + extra), 1, periodLength);
    }

    function testFuzz_consumeCapacity_lastPeriodIndexFits(
        uint32 periodLength,
        uint256 window
    ) public {
        periodLength = uint32(bound(periodLength, 1 hours, 100 days));
        window = bound(window, 1, uint256(periodLength) * type(uint24).max);
        uint48 validUntil = uint48(T0 + window);
        // The window may span millions of years: the producer stays accredited to its end.
        _renewProducer(validUntil);
        _grant(uint48(T0), validUntil, 7, periodLength);

        vm.warp(uint256(validUntil) - 1);
        uint256 lastPeriod = (window - 1) / periodLength;
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, 3, "kg"), 4, "remaining");
        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.usagePeriod), lastPeriod, "usagePeriod");
        vm.assertEq(uint256(c.used), 3, "used");
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, 4, "remainingCapacity");
        // The last period is cut short by the certificate's end.
        vm.assertEq(periodEnd, _min(T0 + (lastPeriod + 1) * periodLength, validUntil), "periodEnd");

        // Both lapse together; the accreditation is checked first.
        vm.warp(validUntil);
        vm.expectRevert(_notActive(producer, IParticipantRegistry.AccreditationState.Expired));
        registry.consumeCapacity(producer, SCHEME, 1, "kg");
    }

    // ------------------------------------------------------------------------------------------
    // Capacity arithmetic
    // ------------------------------------------------------------------------------------------

    /// @dev Eight steps of up to two periods each stay inside the certificate (40 periods);
    /// the producer's accreditation ends anywhere in the first 80 periods after T0, so in
    /// some runs the sequence outlives it.
    function testFuzz_consumeCapacity_sequenceStaysWithinCapacity(
        uint96 capacity,
        uint32 periodLength,
        uint256 anchorBack,
        uint256 accreditedFor,
        uint256[8] calldata amounts,
        uint256[8] calldata steps
    ) public {
        Model memory m;
        m.capacity = bound(capacity, 1, type(uint96).max);
        m.periodLength = bound(periodLength, 1 hours, 365 days);
        m.validFrom = T0 - bound(anchorBack, 0, 3 * m.periodLength);
        m.t = T0;
        m.period = (m.t - m.validFrom) / m.periodLength;
        _renewProducer(uint48(T0 + bound(accreditedFor, 1, 80 * m.periodLength)));
        _grant(
            uint48(m.validFrom),
            uint48(m.validFrom + 40 * m.periodLength),
            uint96(m.capacity),
            uint32(m.periodLength)
        );
        for (uint256 i; i < 8; ++i) {
            _step(m, bound(steps[i], 0, 2 * m.periodLength), bound(amounts[i], 1, 2 * m.capacity));
        }
    }

    function testFuzz_remainingCapacity_fullAgainInNextPeriod(
        uint96 capacity,
        uint32 periodLength,
        uint256 amount,
        uint256 drawAt,
        uint256 into
    ) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        periodLength = uint32(bound(periodLength, 1 hours, 365 days));
        amount = bound(amount, 1, capacity);
        drawAt = bound(drawAt, 0, uint256(periodLength) - 1);
        into = bound(into, 0, uint256(periodLength) - 1);
        _grant(uint48(T0), uint48(T0 + 10 * uint256(periodLength)), capacity, periodLength);
        uint256 end = T0 + periodLength;

        vm.warp(T0 + drawAt);
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, amount, "kg"), capacity - amount);
        vm.warp(end - 1);
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, capacity - amount, "same period, last second");
        vm.assertEq(periodEnd, end, "first period end");

        vm.warp(end + into);
        (remaining, periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, capacity, "next period restores capacity");
        vm.assertEq(periodEnd, end + periodLength, "second period end");
        vm.assertEq(
            registry.consumeCapacity(producer, SCHEME, capacity, "kg"),
            0,
            "whole capacity"
        );
        vm.expectRevert(_exceeded(1, 0));
        registry.consumeCapacity(producer, SCHEME, 1, "kg");
    }

    function testFuzz_consumeCapacity_revertsAboveRemaining(
        uint96 capacity,
        uint256 first,
        uint256 requested
    ) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        first = bound(first, 0, capacity);
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, 1 days);
        if (first > 0) registry.consumeCapacity(producer, SCHEME, first, "kg");
        uint256 left = capacity - first;
        requested = bound(requested, left + 1, type(uint256).max);

        vm.expectRevert(_exceeded(requested, left));
        registry.consumeCapacity(producer, SCHEME, requested, "kg");
        (uint256 remaining, ) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, left, "a refused draw takes nothing");
    }

    function testFuzz_consumeCapacity_unlimitedWithoutCapacity(
        uint32 periodLength,
        uint256 amount
    ) public {
        amount = bound(amount, 1, type(uint256).max);
        _grant(uint48(T0), uint48(T0 + 30 days), 0, periodLength);
        vm.assertEq(uint256(registry.certificate(producer, SCHEME).periodLength), 0, "ignored");
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, amount, "kg"), type(uint256).max);
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, type(uint256).max, "remaining");
        vm.assertEq(periodEnd, 0, "periodEnd");
    }

    function test_consumeCapacity_revertsOnZeroAmount() public {
        _grant(uint48(T0), uint48(T0 + 30 days), 10, 1 days);
        vm.expectRevert(IParticipantRegistry.ParticipantRegistryZeroAmount.selector);
        registry.consumeCapacity(producer, SCHEME, 0, "kg");
    }

    function testFuzz_consumeCapacity_revertsForNonConsumer(address caller) public {
        vm.assume(caller != address(this) && caller != address(handler));
        _grant(uint48(T0), uint48(T0 + 30 days), 10, 1 days);
        bytes32 role = registry.CAPACITY_CONSUMER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                caller,
                role
            )
        );
        vm.prank(caller);
        registry.consumeCapacity(producer, SCHEME, 1, "kg");
    }

    function testFuzz_consumeCapacity_revertsUnlessAccreditationActive(
        uint8 lapse,
        uint8 held,
        uint96 capacity,
        uint256 drawn,
        uint256 amount,
        uint256 t
    ) public {
        // How the producer lapses: 0 suspended, 1 revoked, 2 expired. What it holds: 0 the
        // certificate (valid from T0 for twice its accreditation), 1 the certificate revoked,
        // 2 none.
        lapse = uint8(bound(lapse, 0, 2));
        held = uint8(bound(held, 0, 2));
        capacity = uint96(bound(capacity, 0, type(uint96).max));
        drawn = _holdCertificate(held, capacity, drawn);

        IParticipantRegistry.AccreditationState state = _lapse(lapse);
        t = bound(t, lapse == 2 ? producerUntil : T0, T0 + 3 * ACTOR_VALIDITY);
        vm.warp(t);
        IParticipantRegistry.CertificateState own =
            held == 2
                ? IParticipantRegistry.CertificateState.None
                : held == 1
                    ? IParticipantRegistry.CertificateState.Revoked
                    : _windowState(T0, T0 + 2 * ACTOR_VALIDITY, t);

        // Any amount, even one above the capacity: the accreditation is checked first.
        _assertLapsed(state, bound(amount, 1, type(uint256).max));
        vm.assertEq(
            uint256(registry.certificateState(producer, SCHEME)),
            uint256(own),
            "the certificate keeps its own state"
        );
        vm.assertEq(uint256(registry.certificate(producer, SCHEME).used), drawn, "nothing drawn");

        // Active again (accredited anew after a revocation), the certificate counts again if it
        // is still valid, with what was drawn before the lapse.
        _restore(lapse, t);
        bool valid = own == IParticipantRegistry.CertificateState.Valid;
        vm.assertEq(registry.isCertified(producer, SCHEME), valid, "certified again");
        (uint256 remaining, ) = registry.remainingCapacity(producer, SCHEME);
        // What was drawn at T0 counts until the end of that day (zero without a capacity).
        uint256 expected = capacity == 0 ? type(uint256).max : capacity;
        if (t < T0 + 1 days) expected -= drawn;
        vm.assertEq(remaining, valid ? expected : 0, "remaining again");
    }

    /// @dev Gives the producer, as `held` says, a certificate from T0 for twice its
    /// accreditation (0), the same revoked (1) or none (2), drawing `drawn` (bounded to the
    /// capacity, zero without one) of it at T0 first; returns what was drawn.
    function _holdCertificate(
        uint8 held,
        uint96 capacity,
        uint256 drawn
    ) private returns (uint256) {
        if (held == 2) return 0;
        _grant(uint48(T0), uint48(T0 + 2 * ACTOR_VALIDITY), capacity, 1 days);
        drawn = capacity == 0 ? 0 : bound(drawn, 0, capacity);
        if (drawn > 0) registry.consumeCapacity(producer, SCHEME, drawn, "kg");
        if (held == 1) {
            vm.prank(auditor);
            registry.revokeCertificate(producer, SCHEME, bytes32(0));
        }
        return drawn;
    }

    /// @dev Checks that the producer, whose accreditation is `state`, is not certified, has
    /// nothing to draw, and that a draw of `amount` is refused for its accreditation.
    function _assertLapsed(IParticipantRegistry.AccreditationState state, uint256 amount) private {
        vm.assertEq(uint256(registry.accreditationState(producer)), uint256(state), "lapsed");
        vm.assertFalse(registry.isCertified(producer, SCHEME), "lapsed: not certified");
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, 0, "lapsed: nothing remaining");
        vm.assertEq(periodEnd, 0, "lapsed: no periodEnd");
        vm.expectRevert(_notActive(producer, state));
        registry.consumeCapacity(producer, SCHEME, amount, "kg");
    }

    /// @dev Makes the producer's accreditation lapse as `lapse` says (0 suspended, 1 revoked,
    /// 2 expired, by the clock later) and returns the state it is then in.
    function _lapse(uint8 lapse) private returns (IParticipantRegistry.AccreditationState) {
        vm.startPrank(registrar);
        if (lapse == 0) registry.suspend(producer, keccak256("suspended"));
        if (lapse == 1) registry.revoke(producer, keccak256("revoked"));
        vm.stopPrank();
        if (lapse == 0) return IParticipantRegistry.AccreditationState.Suspended;
        if (lapse == 1) return IParticipantRegistry.AccreditationState.Revoked;
        return IParticipantRegistry.AccreditationState.Expired;
    }

    /// @dev Makes the producer active again at `t`, after `_lapse(lapse)`.
    function _restore(uint8 lapse, uint256 t) private {
        uint48 until = uint48(t + 1 days);
        vm.startPrank(registrar);
        if (lapse == 1) {
            registry.accredit(producer, _bit(IParticipantRegistry.Role.Producer), until, EVIDENCE);
        } else {
            if (lapse == 0) registry.reinstate(producer);
            if (t >= producerUntil) registry.renew(producer, until, keccak256("renewed"));
        }
        vm.stopPrank();
        vm.assertEq(
            uint256(registry.accreditationState(producer)),
            uint256(IParticipantRegistry.AccreditationState.Active),
            "active again"
        );
    }

    // ------------------------------------------------------------------------------------------
    // Replacing a certificate
    // ------------------------------------------------------------------------------------------

    /// @dev The terms of a replacement certificate, and what the old one had drawn.
    struct Replacement {
        uint256 replacedAt;
        uint256 drawn;
        uint256 capacity;
        uint256 periodLength;
        uint256 validFrom;
        uint256 validUntil;
    }

    /**
     * @dev The old certificate (periods of a day, from T0 for 30 days) draws `amount` at
     * `drawAt` and is replaced `gap` later, perhaps in the same day, perhaps after it expired,
     * perhaps just after it was revoked (then another auditor grants anew: the revoking one may
     * not). A draw in the current period of a certificate that is valid, or was revoked inside
     * its window, carries over whole into the new certificate's period containing now, if the
     * new certificate is valid now and has a capacity; otherwise the new one starts fresh (used
     * and usagePeriod zero). A revocation never refills the period.
     */
    function testFuzz_grantCertificate_carriesOverDrawnCapacity(
        uint96 capacity,
        uint256 amount,
        uint256 drawAt,
        uint256 gap,
        bool revokeFirst,
        uint96 newCapacity,
        uint32 newPeriod,
        uint256 newFrom,
        uint256 newLength
    ) public {
        capacity = uint96(bound(capacity, 0, type(uint96).max));
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, 1 days);
        drawAt = bound(drawAt, 0, 30 days - 1);
        vm.warp(T0 + drawAt);
        amount = bound(amount, 1, capacity == 0 ? type(uint256).max : capacity);
        registry.consumeCapacity(producer, SCHEME, amount, "kg");

        // Three times in four, the replacement comes later the same day.
        Replacement memory r;
        uint256 sameDay = 1 days - 1 - (drawAt % 1 days);
        r.replacedAt =
            T0 +
            drawAt +
            (gap % 4 == 0 ? bound(gap, 0, 40 days) : bound(gap, 0, sameDay));
        vm.warp(r.replacedAt);
        bool oldValid = r.replacedAt < T0 + 30 days;
        bool revoked = revokeFirst && oldValid;
        if (revoked) {
            vm.prank(auditor);
            registry.revokeCertificate(producer, SCHEME, bytes32(0));
        }
        bool samePeriod = (r.replacedAt - T0) / 1 days == drawAt / 1 days;
        r.drawn = oldValid && samePeriod && capacity > 0 ? amount : 0;

        r.capacity = bound(newCapacity, 0, type(uint96).max);
        r.periodLength = bound(newPeriod, 1 hours, 30 days);
        r.validFrom = bound(newFrom, r.replacedAt - 60 days, r.replacedAt + 30 days);
        r.validUntil =
            (r.validFrom > r.replacedAt ? r.validFrom : r.replacedAt) +
            bound(newLength, 1, 60 days);
        _grantBy(
            revoked ? auditor2 : auditor,
            uint48(r.validFrom),
            uint48(r.validUntil),
            uint96(r.capacity),
            uint32(r.periodLength)
        );
        _assertReplacement(r);
    }

    /// @dev Checks the certificate that replaced one at `r.replacedAt`, then drains it.
    function _assertReplacement(Replacement memory r) private {
        bool validNow = r.validFrom <= r.replacedAt;
        bool carries = r.drawn > 0 && r.capacity > 0 && validNow;
        uint256 period =
            validNow && r.capacity > 0 ? (r.replacedAt - r.validFrom) / r.periodLength : 0;
        uint256 used = carries ? r.drawn : 0;

        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.used), used, "used carried over whole");
        vm.assertEq(uint256(c.usagePeriod), carries ? period : 0, "usagePeriod");
        vm.assertEq(uint256(c.capacityPerPeriod), r.capacity, "capacity");
        vm.assertEq(uint256(c.periodLength), r.capacity == 0 ? 0 : r.periodLength, "period");
        vm.assertFalse(c.revoked, "not revoked");

        if (!validNow) {
            // Pending: nothing to draw yet; it starts fresh at its validFrom.
            vm.assertFalse(registry.isCertified(producer, SCHEME), "pending");
            (uint256 none, ) = registry.remainingCapacity(producer, SCHEME);
            vm.assertEq(none, 0, "pending: nothing remaining");
            vm.expectRevert(_notValid(IParticipantRegistry.CertificateState.Pending));
            registry.consumeCapacity(producer, SCHEME, 1, "kg");
            vm.warp(r.validFrom);
        }
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        if (r.capacity == 0) {
            vm.assertEq(remaining, type(uint256).max, "unlimited");
            vm.assertEq(periodEnd, 0, "unlimited: no periodEnd");
            return;
        }
        uint256 left = r.capacity > used ? r.capacity - used : 0;
        vm.assertEq(remaining, left, "remaining");
        vm.assertEq(
            periodEnd,
            _min(r.validFrom + (period + 1) * r.periodLength, r.validUntil),
            "periodEnd"
        );
        vm.expectRevert(_exceeded(left + 1, left));
        registry.consumeCapacity(producer, SCHEME, left + 1, "kg");
        if (left > 0)
            vm.assertEq(registry.consumeCapacity(producer, SCHEME, left, "kg"), 0, "drain");
    }

    /**
     * @dev The bypass the security review found: draw, replace the certificate, draw again in
     * the same period. Across one replacement of a valid certificate, at most the larger of the
     * two capacities can be drawn: exactly `max(first, newCapacity)`, where `first` is what was
     * drawn before. `sameTerms` replaces it with identical terms (the review's case).
     */
    function testFuzz_grantCertificate_replacementNeverRefillsPeriod(
        uint96 capacity,
        uint256 first,
        uint256 drawAt,
        uint256 replaceAt,
        bool sameTerms,
        uint96 newCapacity,
        uint32 newPeriod,
        uint256 anchorBack
    ) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, 1 days);
        drawAt = bound(drawAt, 0, 1 days - 1);
        first = bound(first, 0, capacity);
        vm.warp(T0 + drawAt);
        if (first > 0) registry.consumeCapacity(producer, SCHEME, first, "kg");

        // Replaced later in the same day (period 0 of the old certificate).
        Replacement memory r;
        r.replacedAt = T0 + bound(replaceAt, drawAt, 1 days - 1);
        vm.warp(r.replacedAt);
        r.drawn = first;
        if (sameTerms) {
            (r.capacity, r.periodLength, r.validFrom, r.validUntil) = (
                capacity,
                1 days,
                T0,
                T0 + 30 days
            );
        } else {
            r.capacity = bound(newCapacity, 1, type(uint96).max);
            r.periodLength = bound(newPeriod, 1 hours, 30 days);
            r.validFrom = r.replacedAt - bound(anchorBack, 0, 3 * r.periodLength);
            r.validUntil = r.replacedAt + 30 days;
        }
        _grant(
            uint48(r.validFrom),
            uint48(r.validUntil),
            uint96(r.capacity),
            uint32(r.periodLength)
        );
        _assertNoRefill(r, capacity);
    }

    /// @dev Drains the certificate that replaced one (of capacity `oldCapacity`, `r.drawn`
    /// drawn) at `r.replacedAt`, and checks that the replacement refilled nothing.
    function _assertNoRefill(Replacement memory r, uint256 oldCapacity) private {
        uint256 period = (r.replacedAt - r.validFrom) / r.periodLength;
        uint256 periodEnd = _min(r.validFrom + (period + 1) * r.periodLength, r.validUntil);

        // Draw all that is left, then one more unit.
        (uint256 left, ) = registry.remainingCapacity(producer, SCHEME);
        if (left > 0)
            vm.assertEq(registry.consumeCapacity(producer, SCHEME, left, "kg"), 0, "drain");
        vm.expectRevert(_exceeded(1, 0));
        registry.consumeCapacity(producer, SCHEME, 1, "kg");
        uint256 total = r.drawn + left;
        vm.assertLe(total, _max(oldCapacity, r.capacity), "within the larger capacity");
        vm.assertEq(total, _max(r.drawn, r.capacity), "exactly max(drawn before, new capacity)");

        // Nothing comes back until the new certificate's period ends.
        vm.warp(periodEnd - 1);
        (uint256 remaining, ) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, 0, "empty to the end of the period");
        if (periodEnd < r.validUntil) {
            vm.warp(periodEnd);
            (remaining, ) = registry.remainingCapacity(producer, SCHEME);
            vm.assertEq(remaining, r.capacity, "full in the next period");
        }
    }

    /// @dev The state of a certificate with window `[validFrom, validUntil)` at time `t`.
    function _windowState(
        uint256 validFrom,
        uint256 validUntil,
        uint256 t
    ) private pure returns (IParticipantRegistry.CertificateState) {
        if (t < validFrom) return IParticipantRegistry.CertificateState.Pending;
        if (t < validUntil) return IParticipantRegistry.CertificateState.Valid;
        return IParticipantRegistry.CertificateState.Expired;
    }

    /**
     * @dev Checks the producer's unlimited certificate, in state `expected` by its own window,
     * against both windows: it certifies (and has unlimited capacity) only while valid and
     * while the producer is accredited; a draw of one unit is refused first for the
     * accreditation, then for the certificate, and otherwise returns the unlimited remainder.
     */
    function _assertUnlimitedCertificate(
        IParticipantRegistry.CertificateState expected,
        string memory when
    ) private {
        bool active = _producerActive();
        bool certified = expected == IParticipantRegistry.CertificateState.Valid && active;
        vm.assertEq(uint256(registry.certificateState(producer, SCHEME)), uint256(expected), when);
        vm.assertEq(registry.isCertified(producer, SCHEME), certified, when);
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, certified ? type(uint256).max : 0, when);
        vm.assertEq(periodEnd, 0, when);

        if (!active) {
            vm.expectRevert(_notActive(producer, IParticipantRegistry.AccreditationState.Expired));
        } else if (!certified) {
            vm.expectRevert(_notValid(expected));
        }
        uint256 returned = registry.consumeCapacity(producer, SCHEME, 1, "kg");
        if (certified) vm.assertEq(returned, type(uint256).max, when);
    }

    /// @dev The test's model of one certificate's capacity: `drawn` in period `period`.
    struct Model {
        uint256 capacity;
        uint256 periodLength;
        uint256 validFrom;
        uint256 t;
        uint256 period;
        uint256 drawn;
    }

    /// @dev Moves the clock by `step`, then draws `amount`, checking every figure against `m`.
    /// The certificate is valid throughout; once the producer's accreditation has expired,
    /// nothing is certified and every draw is refused for the accreditation.
    function _step(Model memory m, uint256 step, uint256 amount) private {
        m.t += step;
        vm.warp(m.t);
        uint256 period = (m.t - m.validFrom) / m.periodLength;
        if (period != m.period) {
            m.period = period;
            m.drawn = 0;
        }
        uint256 left = m.capacity - m.drawn;
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(
            uint256(registry.certificateState(producer, SCHEME)),
            uint256(IParticipantRegistry.CertificateState.Valid),
            "certificate valid"
        );
        if (!_producerActive()) {
            _assertLapsed(IParticipantRegistry.AccreditationState.Expired, amount);
            return;
        }
        vm.assertTrue(registry.isCertified(producer, SCHEME), "certified");
        vm.assertEq(remaining, left, "remaining before draw");
        vm.assertEq(
            periodEnd,
            _min(m.validFrom + (period + 1) * m.periodLength, _validUntil(producer)),
            "periodEnd"
        );

        if (amount > left) {
            vm.expectRevert(_exceeded(amount, left));
            registry.consumeCapacity(producer, SCHEME, amount, "kg");
        } else {
            vm.expectEmit(true, true, true, true, address(registry));
            emit IParticipantRegistry.CapacityConsumed(
                producer,
                SCHEME,
                address(this),
                period,
                amount,
                left - amount
            );
            uint256 returned = registry.consumeCapacity(producer, SCHEME, amount, UNIT);
            vm.assertEq(returned, left - amount, "ret");
            m.drawn += amount;
            IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
            vm.assertEq(uint256(c.used), m.drawn, "used");
            vm.assertEq(uint256(c.usagePeriod), period, "usagePeriod");
        }
        vm.assertLe(m.drawn, m.capacity, "drawn within capacity");
        (remaining, ) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, m.capacity - m.drawn, "remaining after draw");
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a : b;
    }

    function _validUntil(address participant) private view returns (uint256) {
        return registry.certificate(participant, SCHEME).validUntil;
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /// @dev Replacing certificates never lets more be drawn in a period than the largest
    /// capacity any certificate had in it.
    function invariant_drawnThisPeriodWithinCapacity() public view {
        vm.assertLe(handler.drawnThisPeriod(), handler.peakCapacity());
    }

    function invariant_remainingIsCapacityMinusDrawn() public view {
        vm.assertEq(handler.currentPeriod(), handler.ghostPeriod(), "ghost period in step");
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(candidate, SCHEME);
        uint256 capacity = handler.capacity();
        uint256 drawn = handler.drawnThisPeriod();
        vm.assertEq(remaining, capacity > drawn ? capacity - drawn : 0, "remaining");
        vm.assertEq(
            periodEnd,
            _min(
                uint256(handler.validFrom()) + (handler.ghostPeriod() + 1) * handler.periodLength(),
                _validUntil(candidate)
            ),
            "periodEnd"
        );
    }

    function invariant_registryAgreesWithModel() public view {
        vm.assertEq(handler.mismatches(), 0, "mismatches");
        IParticipantRegistry.Certificate memory c = registry.certificate(candidate, SCHEME);
        if (c.usagePeriod == handler.ghostPeriod()) {
            vm.assertEq(uint256(c.used), handler.drawnThisPeriod(), "used this period");
        } else {
            vm.assertEq(handler.drawnThisPeriod(), 0, "nothing drawn this period");
        }
    }
}
