// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ParticipantRegistry} from "../../contracts/access/ParticipantRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {Test} from "../utils/Test.sol";

/// @notice Shared actors, constants and setup of the registry fuzz tests.
abstract contract RegistryFixture is Test {
    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant ACTOR_VALIDITY = 10 * 365 days;
    uint48 internal constant DEFAULT_VALIDITY = 365 days;
    bytes32 internal constant SCHEME = "ISO-9001";
    bytes32 internal constant DOCUMENT = keccak256("scheme document");
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    uint8 internal constant VALID_BIT = uint8(
        1 << uint8(IParticipantRegistry.CertificateState.Valid)
    );

    address internal registrar = address(0x1001);
    address internal standardsBody = address(0x1002);
    address internal auditor = address(0x1003);
    address internal producer = address(0x1004);
    address internal candidate = address(0x1005);

    ParticipantRegistry internal registry;

    function _deployFixture() internal {
        vm.warp(T0);
        registry = new ParticipantRegistry(address(this));
        registry.grantRole(registry.REGISTRAR_ROLE(), registrar);

        uint48 until = uint48(T0 + ACTOR_VALIDITY);
        vm.startPrank(registrar);
        registry.accredit(
            standardsBody,
            _bit(IParticipantRegistry.Role.StandardsBody),
            until,
            EVIDENCE
        );
        registry.accredit(auditor, _bit(IParticipantRegistry.Role.Auditor), until, EVIDENCE);
        registry.accredit(producer, _bit(IParticipantRegistry.Role.Producer), until, EVIDENCE);
        vm.stopPrank();

        vm.startPrank(standardsBody);
        registry.defineScheme(SCHEME, DOCUMENT, DEFAULT_VALIDITY);
        registry.authorizeAuditor(SCHEME, auditor);
        vm.stopPrank();
    }

    function _grant(
        uint48 validFrom,
        uint48 validUntil,
        uint96 capacity,
        uint32 periodLength
    ) internal {
        vm.prank(auditor);
        registry.grantCertificate(
            producer,
            SCHEME,
            validFrom,
            validUntil,
            capacity,
            periodLength,
            EVIDENCE
        );
    }

    function _bit(IParticipantRegistry.Role role) internal pure returns (uint32) {
        return uint32(1) << uint8(role);
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
 * moves the clock forward, and now and then replaces the certificate. Ghost variables track what
 * was drawn in the current period; every answer of the registry that differs from the model is
 * counted in `mismatches` (a revert inside a handler would be discarded, not reported).
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
    uint256 public mismatches;
    uint256 public draws;
    uint256 public refusals;

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
        _grant(capacity_, periodLength_, validFrom_);
    }
    /// @notice Draws `amount` (bounded to 1 .. 1.5 x capacity), expecting success exactly when
    /// it fits in what is left this period.
    function consume(uint256 amount) external {
        _sync();
        amount = bound(amount, 1, (uint256(capacity) * 3) / 2 + 1);
        uint256 left = capacity - drawnThisPeriod;
        if (amount > left) {
            try registry.consumeCapacity(producer, scheme, amount) returns (uint256) {
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
            try registry.consumeCapacity(producer, scheme, amount) returns (uint256 remaining) {
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

    /// @notice Replaces the certificate with new terms starting now (`validFrom` zero); what
    /// was drawn resets.
    function regrant(uint96 capacity_, uint32 periodLength_) external {
        capacity_ = uint96(bound(capacity_, 1, 1e24));
        periodLength_ = uint32(bound(periodLength_, 1 hours, 3 days));
        _grant(capacity_, periodLength_, 0);
    }

    /// @notice The model's index of the current capacity period.
    function currentPeriod() public view returns (uint256) {
        return (block.timestamp - validFrom) / periodLength;
    }

    function _grant(uint96 capacity_, uint32 periodLength_, uint48 validFrom_) private {
        validUntil = uint48(block.timestamp + 365 days);
        vm.prank(auditor);
        registry.grantCertificate(
            producer,
            scheme,
            validFrom_,
            validUntil,
            capacity_,
            periodLength_,
            keccak256("handler evidence")
        );
        capacity = capacity_;
        periodLength = periodLength_;
        validFrom = validFrom_ == 0 ? uint48(block.timestamp) : validFrom_;
        ghostPeriod = currentPeriod();
        drawnThisPeriod = 0;
    }

    function _sync() private {
        uint256 p = currentPeriod();
        if (p != ghostPeriod) {
            ghostPeriod = p;
            drawnThisPeriod = 0;
        }
    }
}

contract ParticipantRegistryTest is RegistryFixture {
    CapacityHandler private handler;

    function setUp() public {
        _deployFixture();
        registry.grantRole(registry.CAPACITY_CONSUMER_ROLE(), address(this));

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
        registry.grantRole(registry.CAPACITY_CONSUMER_ROLE(), address(handler));
        targetContract(address(handler));
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
        roles = uint32(bound(roles, 1, 0x7ff));
        validUntil = uint48(bound(validUntil, T0 + 1, type(uint48).max));
        r = uint8(bound(r, 0, 10));
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

        vm.warp(t);
        IParticipantRegistry.CertificateState expected =
            t < validFrom
                ? IParticipantRegistry.CertificateState.Pending
                : t < validUntil
                    ? IParticipantRegistry.CertificateState.Valid
                    : IParticipantRegistry.CertificateState.Expired;
        bool valid = expected == IParticipantRegistry.CertificateState.Valid;

        vm.assertEq(
            uint256(registry.certificateState(producer, SCHEME)),
            uint256(expected),
            "state"
        );
        vm.assertEq(registry.isCertified(producer, SCHEME), valid, "isCertified");
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, valid ? type(uint256).max : 0, "remaining");
        vm.assertEq(periodEnd, 0, "periodEnd");

        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.validFrom), validFrom, "stored validFrom");
        vm.assertEq(uint256(c.validUntil), validUntil, "stored validUntil");
        vm.assertEq(c.auditor, auditor, "stored auditor");

        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IParticipantRegistry.ParticipantRegistryUnexpectedCertificateState.selector,
                    producer,
                    SCHEME,
                    expected,
                    VALID_BIT
                )
            );
        }
        uint256 returned = registry.consumeCapacity(producer, SCHEME, 1);
        if (valid) vm.assertEq(returned, type(uint256).max, "unlimited draw");
    }

    function testFuzz_certificateState_switchesExactlyAtBounds(
        uint48 validFrom,
        uint48 validUntil
    ) public {
        validFrom = uint48(bound(validFrom, T0 + 1, T0 + 5 * 365 days));
        validUntil = uint48(bound(validUntil, uint256(validFrom) + 1, type(uint48).max));
        _grant(validFrom, validUntil, 0, 0);

        vm.warp(uint256(validFrom) - 1);
        _assertCertificateState(IParticipantRegistry.CertificateState.Pending, "before validFrom");
        vm.warp(validFrom);
        _assertCertificateState(IParticipantRegistry.CertificateState.Valid, "at validFrom");
        vm.warp(uint256(validUntil) - 1);
        _assertCertificateState(IParticipantRegistry.CertificateState.Valid, "last second");
        vm.warp(validUntil);
        _assertCertificateState(IParticipantRegistry.CertificateState.Expired, "at validUntil");
    }

    function testFuzz_grantCertificate_defaultsToNowAndSchemeValidity(uint256 t) public {
        t = bound(t, T0, T0 + ACTOR_VALIDITY - 1);
        vm.warp(t);
        _grant(0, 0, 0, 0);
        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.validFrom), t, "validFrom is now");
        vm.assertEq(uint256(c.validUntil), t + DEFAULT_VALIDITY, "validUntil is default");
        vm.assertTrue(registry.isCertified(producer, SCHEME), "valid at once");
        vm.warp(t + DEFAULT_VALIDITY - 1);
        vm.assertTrue(registry.isCertified(producer, SCHEME), "valid on its last second");
        vm.warp(t + DEFAULT_VALIDITY);
        vm.assertFalse(registry.isCertified(producer, SCHEME), "expired at validUntil");
    }

    function testFuzz_grantCertificate_revertsOnEmptyOrPastWindow(
        uint48 validFrom,
        uint48 validUntil
    ) public {
        validFrom = uint48(bound(validFrom, 1, type(uint48).max));
        validUntil = uint48(bound(validUntil, 1, type(uint48).max));
        vm.assume(validUntil <= validFrom || validUntil <= T0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidValidity.selector,
                validFrom,
                validUntil
            )
        );
        _grant(validFrom, validUntil, 0, 0);
    }

    function testFuzz_grantCertificate_revertsOnPeriodShorterThanAnHour(
        uint96 capacity,
        uint32 periodLength
    ) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        periodLength = uint32(bound(periodLength, 0, 1 hours - 1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidPeriod.selector,
                periodLength
            )
        );
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, periodLength);
    }

    function testFuzz_grantCertificate_revertsWhenPeriodIndexWouldOverflow(
        uint32 periodLength,
        uint256 extra
    ) public {
        periodLength = uint32(bound(periodLength, 1 hours, 100 days));
        uint256 full = uint256(periodLength) * type(uint24).max;
        extra = bound(extra, 1, type(uint48).max - T0 - full);
        vm.expectRevert(
            abi.encodeWithSelector(
                IParticipantRegistry.ParticipantRegistryInvalidPeriod.selector,
                periodLength
            )
        );
        _grant(uint48(T0), uint48(T0 + full + extra), 1, periodLength);
    }

    function testFuzz_consumeCapacity_lastPeriodIndexFits(
        uint32 periodLength,
        uint256 window
    ) public {
        periodLength = uint32(bound(periodLength, 1 hours, 100 days));
        window = bound(window, 1, uint256(periodLength) * type(uint24).max);
        uint48 validUntil = uint48(T0 + window);
        _grant(uint48(T0), validUntil, 7, periodLength);

        vm.warp(uint256(validUntil) - 1);
        uint256 lastPeriod = (window - 1) / periodLength;
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, 3), 4, "remaining");
        IParticipantRegistry.Certificate memory c = registry.certificate(producer, SCHEME);
        vm.assertEq(uint256(c.usagePeriod), lastPeriod, "usagePeriod");
        vm.assertEq(uint256(c.used), 3, "used");
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, 4, "remainingCapacity");
        // The last period is cut short by the certificate's end.
        vm.assertEq(periodEnd, _min(T0 + (lastPeriod + 1) * periodLength, validUntil), "periodEnd");
    }

    // ------------------------------------------------------------------------------------------
    // Capacity arithmetic
    // ------------------------------------------------------------------------------------------

    function testFuzz_consumeCapacity_sequenceStaysWithinCapacity(
        uint96 capacity,
        uint32 periodLength,
        uint256 anchorBack,
        uint256[8] calldata amounts,
        uint256[8] calldata steps
    ) public {
        Model memory m;
        m.capacity = bound(capacity, 1, type(uint96).max);
        m.periodLength = bound(periodLength, 1 hours, 365 days);
        m.validFrom = T0 - bound(anchorBack, 0, 3 * m.periodLength);
        m.t = T0;
        m.period = (m.t - m.validFrom) / m.periodLength;
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
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, amount), capacity - amount);
        vm.warp(end - 1);
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, capacity - amount, "same period, last second");
        vm.assertEq(periodEnd, end, "first period end");

        vm.warp(end + into);
        (remaining, periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, capacity, "next period restores capacity");
        vm.assertEq(periodEnd, end + periodLength, "second period end");
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, capacity), 0, "whole capacity");
        vm.expectRevert(_exceeded(1, 0));
        registry.consumeCapacity(producer, SCHEME, 1);
    }

    function testFuzz_consumeCapacity_revertsAboveRemaining(
        uint96 capacity,
        uint256 first,
        uint256 requested
    ) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        first = bound(first, 0, capacity);
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, 1 days);
        if (first > 0) registry.consumeCapacity(producer, SCHEME, first);
        uint256 left = capacity - first;
        requested = bound(requested, left + 1, type(uint256).max);

        vm.expectRevert(_exceeded(requested, left));
        registry.consumeCapacity(producer, SCHEME, requested);
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
        vm.assertEq(registry.consumeCapacity(producer, SCHEME, amount), type(uint256).max);
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, type(uint256).max, "remaining");
        vm.assertEq(periodEnd, 0, "periodEnd");
    }

    function test_consumeCapacity_revertsOnZeroAmount() public {
        _grant(uint48(T0), uint48(T0 + 30 days), 10, 1 days);
        vm.expectRevert(IParticipantRegistry.ParticipantRegistryZeroAmount.selector);
        registry.consumeCapacity(producer, SCHEME, 0);
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
        registry.consumeCapacity(producer, SCHEME, 1);
    }

    function testFuzz_grantCertificate_resetsDrawnCapacity(uint96 capacity, uint256 amount) public {
        capacity = uint96(bound(capacity, 1, type(uint96).max));
        amount = bound(amount, 1, capacity);
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, 1 days);
        registry.consumeCapacity(producer, SCHEME, amount);
        _grant(uint48(T0), uint48(T0 + 30 days), capacity, 1 days);
        (uint256 remaining, ) = registry.remainingCapacity(producer, SCHEME);
        vm.assertEq(remaining, capacity);
        vm.assertEq(uint256(registry.certificate(producer, SCHEME).used), 0, "used");
    }

    function _assertCertificateState(
        IParticipantRegistry.CertificateState expected,
        string memory when
    ) private view {
        vm.assertEq(uint256(registry.certificateState(producer, SCHEME)), uint256(expected), when);
        vm.assertEq(
            registry.isCertified(producer, SCHEME),
            expected == IParticipantRegistry.CertificateState.Valid,
            when
        );
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
        vm.assertEq(remaining, left, "remaining before draw");
        vm.assertEq(
            periodEnd,
            _min(m.validFrom + (period + 1) * m.periodLength, _validUntil(producer)),
            "periodEnd"
        );

        if (amount > left) {
            vm.expectRevert(_exceeded(amount, left));
            registry.consumeCapacity(producer, SCHEME, amount);
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
            vm.assertEq(registry.consumeCapacity(producer, SCHEME, amount), left - amount, "ret");
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

    function _validUntil(address participant) private view returns (uint256) {
        return registry.certificate(participant, SCHEME).validUntil;
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    function invariant_drawnThisPeriodWithinCapacity() public view {
        vm.assertLe(handler.drawnThisPeriod(), handler.capacity());
    }

    function invariant_remainingIsCapacityMinusDrawn() public view {
        vm.assertEq(handler.currentPeriod(), handler.ghostPeriod(), "ghost period in step");
        (uint256 remaining, uint256 periodEnd) = registry.remainingCapacity(candidate, SCHEME);
        vm.assertEq(remaining, handler.capacity() - handler.drawnThisPeriod(), "remaining");
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
