// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ParticipantRegistry} from "../../contracts/participants/ParticipantRegistry.sol";
import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {PartRegistry} from "../../contracts/provenance/PartRegistry.sol";
import {Test} from "../utils/Test.sol";
import {SuiteSetup} from "../utils/SuiteSetup.sol";

/// @notice Constants shared by the fixture and the invariant handler.
abstract contract PartConstants {
    uint256 internal constant T0 = 1_700_000_000;
    uint48 internal constant ACTOR_VALIDITY = 10 * 365 days;
    uint48 internal constant DEFAULT_VALIDITY = 365 days;
    bytes32 internal constant SCHEME = "EN-10204-3.1";
    bytes32 internal constant DOCUMENT = keccak256("scheme document");
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    bytes32 internal constant MATERIAL = keccak256("Ti-6Al-4V bar, AMS 4928");
    bytes8 internal constant UNIT = "kg";
    bytes32 internal constant SPEC = keccak256("bracket, rev A");
    bytes32 internal constant REASON = keccak256("reason");
    /// @dev Order of the secp256k1 group: private keys are `1 .. N - 1`.
    uint256 internal constant SECP256K1_N =
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// @dev How many blocks back a chip's answer may be bound.
    uint256 internal constant MAX_AGE = 64;

    function _insufficient(
        uint32 batchId,
        uint256 requested,
        uint256 remaining
    ) internal pure returns (bytes memory) {
        return
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryInsufficientBatch.selector,
                batchId,
                requested,
                remaining
            );
    }

    function _recalled(uint32 batchId, uint32 root) internal pure returns (bytes memory) {
        return
            abi.encodeWithSelector(IPartRegistry.PartRegistryBatchRecalled.selector, batchId, root);
    }

    function _one(
        uint32 batchId,
        uint256 quantity
    ) internal pure returns (IPartRegistry.BatchInput[] memory inputs) {
        inputs = new IPartRegistry.BatchInput[](1);
        inputs[0] = IPartRegistry.BatchInput({batchId: batchId, quantity: uint64(quantity)});
    }

    function _schemes() internal pure returns (bytes32[] memory schemeIds) {
        schemeIds = new bytes32[](1);
        schemeIds[0] = SCHEME;
    }

    /// @dev The token id the interface documents: `uint256(keccak256(abi.encode(maker, serial)))`.
    function _idOf(address maker, bytes32 serial) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(maker, serial)));
    }
}

/// @notice The participants, the certificate and the part registry every test starts from.
abstract contract PartFixture is SuiteSetup, PartConstants {
    address internal registrar = address(0x2001);
    address internal standardsBody = address(0x2002);
    address internal auditor = address(0x2003);
    address internal producer = address(0x2004);
    address internal maker = address(0x2005);
    address internal otherMaker = address(0x2006);

    ParticipantRegistry internal participants;
    PartRegistry internal parts;

    function _deployFixture() internal {
        vm.warp(T0);
        participants = _deploySuite(registrar);

        uint48 until = uint48(T0 + ACTOR_VALIDITY);
        vm.startPrank(registrar);
        participants.accredit(
            standardsBody,
            _bit(IParticipantRegistry.Role.StandardsBody),
            until,
            EVIDENCE
        );
        participants.accredit(auditor, _bit(IParticipantRegistry.Role.Auditor), until, EVIDENCE);
        participants.accredit(producer, _bit(IParticipantRegistry.Role.Producer), until, EVIDENCE);
        participants.accredit(maker, _bit(IParticipantRegistry.Role.Manufacturer), until, EVIDENCE);
        participants.accredit(
            otherMaker,
            _bit(IParticipantRegistry.Role.Manufacturer),
            until,
            EVIDENCE
        );
        vm.stopPrank();

        _defineScheme(participants, standardsBody, SCHEME, DOCUMENT, DEFAULT_VALIDITY, auditor);
        // No capacity limit (capacityPerPeriod 0): batches of any size can be registered.
        _grantCertificate(participants, producer, auditor, SCHEME, 0, 0, 0, EVIDENCE);

        parts = new PartRegistry(participants);
        participants.completeSetup(address(parts));
        vm.prank(maker);
        parts.defineSpecification(SPEC, 0);
    }

    function _register(uint256 quantity) internal returns (uint32 batchId) {
        bytes32[] memory schemeIds = _schemes();
        vm.prank(producer);
        batchId = parts.registerBatch(MATERIAL, uint64(quantity), UNIT, schemeIds, EVIDENCE);
    }

    function _transfer(
        address from,
        uint32 batchId,
        address to,
        uint256 quantity
    ) internal returns (uint32 childId) {
        vm.prank(from);
        childId = parts.transferBatch(batchId, to, uint64(quantity));
    }

    /// @dev Registers `registered` and hands `held` of it to `to`.
    function _supply(
        address to,
        uint256 registered,
        uint256 held
    ) internal returns (uint32 root, uint32 batchId) {
        root = _register(registered);
        batchId = _transfer(producer, root, to, held);
    }

    function _make(
        address by,
        bytes32 serial,
        uint32 batchId,
        uint256 quantity
    ) internal returns (uint256 partId) {
        IPartRegistry.BatchInput[] memory inputs = _one(batchId, quantity);
        vm.prank(by);
        partId = parts.makePart(SPEC, serial, address(0), inputs, new uint256[](0));
    }

    function _makeRun(
        address by,
        bytes32[] memory serials,
        uint32 batchId,
        uint256 quantity
    ) internal returns (uint256 firstPartId) {
        IPartRegistry.BatchInput[] memory inputs = _one(batchId, quantity);
        vm.prank(by);
        firstPartId = parts.makeParts(SPEC, serials, new address[](0), inputs);
    }

    /// @dev `count` serials `tag ‖ 0`, `tag ‖ 1`, ...
    function _serials(bytes32 tag, uint256 count) internal pure returns (bytes32[] memory s) {
        s = new bytes32[](count);
        for (uint256 i; i < count; ++i) s[i] = keccak256(abi.encode(tag, i));
    }

    function _assertBatch(
        uint32 batchId,
        uint256 quantity,
        uint256 transferredOut,
        uint256 used,
        string memory what
    ) internal view {
        IPartRegistry.Batch memory b = parts.batch(batchId);
        vm.assertEq(uint256(b.quantity), quantity, string.concat(what, ": quantity"));
        vm.assertEq(
            uint256(b.transferredOut),
            transferredOut,
            string.concat(what, ": transferredOut")
        );
        vm.assertEq(parts.consumed(batchId), used, string.concat(what, ": consumed"));
        vm.assertEq(
            uint256(b.remaining),
            quantity - transferredOut - used,
            string.concat(what, ": remaining")
        );
    }
}

/**
 * @notice The invariant fuzzer's only target. Registers, splits, consumes and recalls material
 * with bounded inputs as the right participants, and keeps per-batch ghost totals: what a batch
 * was created with, what it gave to other batches, and what parts took from it. Every outcome is
 * predicted from the ghosts first; a revert that was not predicted (or differs from the
 * prediction in any byte), and a success where a revert was predicted, counts in `unexpected`
 * (a revert inside a handler call would otherwise be silently discarded).
 */
contract BatchHandler is Test, PartConstants {
    /// @notice The model of one batch: what it was created with, what it gave to other batches,
    /// what parts took from it, who holds it and where it came from.
    struct Ghost {
        uint256 registered;
        uint256 transferredOut;
        uint256 consumed;
        address owner;
        uint32 root;
        uint32 parent;
    }

    /// @dev Largest quantity registered at once, and longest production run.
    uint256 private constant MAX_QUANTITY = 1e12;
    uint256 private constant MAX_RUN_LENGTH = 20;

    PartRegistry public immutable parts;
    address public immutable producer;
    address public immutable registrar;
    address public immutable makerA;
    address public immutable makerB;

    uint32[] private _batchIds;
    mapping(uint32 batchId => Ghost) private _ghosts;
    mapping(uint32 root => bool) public ghostRecalled;
    mapping(address maker => uint256) public ghostPartsMade;
    uint256 public ghostRootRegisteredSum;

    uint256 public unexpected;
    uint256 public registrations;
    uint256 public transfers;
    uint256 public partsMade;
    uint256 public recalls;
    uint256 public insufficientRefusals;
    uint256 public recalledRefusals;
    uint256 private _serialNonce;

    constructor(
        PartRegistry parts_,
        address producer_,
        address registrar_,
        address makerA_,
        address makerB_
    ) {
        parts = parts_;
        producer = producer_;
        registrar = registrar_;
        makerA = makerA_;
        makerB = makerB_;
    }

    // ------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------

    /// @notice The producer registers a batch of 1 .. MAX_QUANTITY.
    function registerBatch(uint256 quantity) external {
        quantity = bound(quantity, 1, MAX_QUANTITY);
        bytes32[] memory schemeIds = _schemes();
        vm.prank(producer);
        try parts.registerBatch(MATERIAL, uint64(quantity), UNIT, schemeIds, EVIDENCE) returns (
            uint32 batchId
        ) {
            if (batchId != _batchIds.length + 1) ++unexpected;
            _record(batchId, producer, batchId, 0, quantity);
            ghostRootRegisteredSum += quantity;
            ++registrations;
        } catch {
            ++unexpected;
        }
    }

    /// @notice The owner of a random batch transfers part of it (sometimes more than it holds)
    /// to the producer or one of the manufacturers, as a new batch.
    function transferBatch(uint256 batchSeed, uint256 toSeed, uint256 quantity) external {
        if (_batchIds.length == 0) return;
        uint32 batchId = _batchIds[batchSeed % _batchIds.length];
        address to = _participant(toSeed);
        uint256 left = remainingOf(batchId);
        quantity = bound(quantity, 1, left + left / 4 + 1);

        uint32 root = _ghosts[batchId].root;
        bytes memory expected;
        if (ghostRecalled[root]) expected = _recalled(batchId, root);
        else if (quantity > left) expected = _insufficient(batchId, quantity, left);

        vm.prank(_ghosts[batchId].owner);
        try parts.transferBatch(batchId, to, uint64(quantity)) returns (uint32 childId) {
            if (expected.length != 0 || childId != _batchIds.length + 1) ++unexpected;
            _ghosts[batchId].transferredOut += quantity;
            _record(childId, to, root, batchId, quantity);
            ++transfers;
        } catch (bytes memory reason) {
            _refused(reason, expected);
        }
    }

    /// @notice A manufacturer makes one part from a batch it holds (sometimes asking for more
    /// than is left).
    function makePart(uint256 makerSeed, uint256 batchSeed, uint256 perPart) external {
        address by = makerSeed % 2 == 0 ? makerA : makerB;
        (bool found, uint32 batchId) = _heldBy(by, batchSeed);
        if (!found) return;
        uint256 left = remainingOf(batchId);
        perPart = bound(perPart, 1, left + left / 4 + 1);
        _make(by, _one(batchId, perPart), 1);
    }

    /// @notice A manufacturer makes a run of 1 .. 20 parts, each taking a quantity from one
    /// batch, or from two (possibly the same batch twice).
    function makeParts(
        uint256 makerSeed,
        uint256 batchSeed,
        uint256 perPart,
        uint256 count,
        uint256 secondSeed,
        uint256 secondPerPart
    ) external {
        address by = makerSeed % 2 == 0 ? makerA : makerB;
        (bool found, uint32 batchId) = _heldBy(by, batchSeed);
        if (!found) return;
        count = bound(count, 1, MAX_RUN_LENGTH);
        uint256 left = remainingOf(batchId);
        perPart = bound(perPart, 1, (left + left / 4) / count + 1);

        IPartRegistry.BatchInput[] memory inputs;
        if (secondSeed % 3 == 0) {
            (, uint32 second) = _heldBy(by, secondSeed / 3);
            uint256 secondLeft = remainingOf(second);
            secondPerPart = bound(secondPerPart, 1, (secondLeft + secondLeft / 4) / count + 1);
            inputs = new IPartRegistry.BatchInput[](2);
            inputs[0] = IPartRegistry.BatchInput({batchId: batchId, quantity: uint64(perPart)});
            inputs[1] = IPartRegistry.BatchInput({
                batchId: second,
                quantity: uint64(secondPerPart)
            });
        } else {
            inputs = _one(batchId, perPart);
        }
        _make(by, inputs, count);
    }

    /// @notice Now and then (one call in eight), the producer or a registrar recalls the
    /// material of a random batch.
    function recallBatch(uint256 batchSeed, uint256 chance, bool byRegistrar) external {
        if (_batchIds.length == 0 || chance % 8 != 0) return;
        uint32 batchId = _batchIds[batchSeed % _batchIds.length];
        uint32 root = _ghosts[batchId].root;
        bytes memory expected = ghostRecalled[root] ? _recalled(batchId, root) : bytes("");

        vm.prank(byRegistrar ? registrar : producer);
        try parts.recallBatch(batchId, REASON) {
            if (expected.length != 0) ++unexpected;
            ghostRecalled[root] = true;
            ++recalls;
        } catch (bytes memory reason) {
            _refused(reason, expected);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Ghost views
    // ------------------------------------------------------------------------------------------

    function batchCount() external view returns (uint256) {
        return _batchIds.length;
    }

    function batchIdAt(uint256 index) external view returns (uint32) {
        return _batchIds[index];
    }

    /// @notice The model of batch `batchId`.
    function ghost(uint32 batchId) external view returns (Ghost memory) {
        return _ghosts[batchId];
    }

    /// @notice What the model says is left of `batchId`.
    function remainingOf(uint32 batchId) public view returns (uint256) {
        Ghost storage g = _ghosts[batchId];
        return g.registered - g.transferredOut - g.consumed;
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    function _make(address by, IPartRegistry.BatchInput[] memory inputs, uint256 count) private {
        bytes memory expected = _expectConsume(inputs, count);
        bytes32[] memory serials = new bytes32[](count);
        for (uint256 i; i < count; ++i) serials[i] = keccak256(abi.encode(++_serialNonce));

        vm.prank(by);
        if (count == 1 && inputs.length == 1) {
            try parts.makePart(SPEC, serials[0], address(0), inputs, new uint256[](0)) returns (
                uint256 partId
            ) {
                _made(by, inputs, count, expected, partId == _idOf(by, serials[0]));
            } catch (bytes memory reason) {
                _refused(reason, expected);
            }
        } else {
            try parts.makeParts(SPEC, serials, new address[](0), inputs) returns (
                uint256 firstPartId
            ) {
                _made(by, inputs, count, expected, firstPartId == _idOf(by, serials[0]));
            } catch (bytes memory reason) {
                _refused(reason, expected);
            }
        }
    }

    function _made(
        address by,
        IPartRegistry.BatchInput[] memory inputs,
        uint256 count,
        bytes memory expected,
        bool idAsDocumented
    ) private {
        if (expected.length != 0 || !idAsDocumented) ++unexpected;
        for (uint256 i; i < inputs.length; ++i) {
            _ghosts[inputs[i].batchId].consumed += uint256(inputs[i].quantity) * count;
        }
        ghostPartsMade[by] += count;
        partsMade += count;
    }

    /// @dev The revert a consumption of `inputs` for `count` parts must meet, or empty: inputs
    /// are taken in order, so a batch named twice gives its second draw from what the first
    /// left.
    function _expectConsume(
        IPartRegistry.BatchInput[] memory inputs,
        uint256 count
    ) private view returns (bytes memory) {
        uint256[] memory taken = new uint256[](inputs.length);
        for (uint256 i; i < inputs.length; ++i) {
            uint32 batchId = inputs[i].batchId;
            uint32 root = _ghosts[batchId].root;
            if (ghostRecalled[root]) return _recalled(batchId, root);
            uint256 left = remainingOf(batchId);
            for (uint256 j; j < i; ++j) {
                if (inputs[j].batchId == batchId) left -= taken[j];
            }
            uint256 amount = uint256(inputs[i].quantity) * count;
            if (amount > left) return _insufficient(batchId, amount, left);
            taken[i] = amount;
        }
        return "";
    }

    /// @dev Classifies a revert: exactly the predicted one, or unexpected.
    function _refused(bytes memory reason, bytes memory expected) private {
        if (expected.length == 0 || keccak256(reason) != keccak256(expected)) {
            ++unexpected;
        } else if (bytes4(expected) == IPartRegistry.PartRegistryBatchRecalled.selector) {
            ++recalledRefusals;
        } else {
            ++insufficientRefusals;
        }
    }

    function _record(
        uint32 batchId,
        address owner,
        uint32 root,
        uint32 parent,
        uint256 quantity
    ) private {
        _batchIds.push(batchId);
        _ghosts[batchId].registered = quantity;
        _ghosts[batchId].owner = owner;
        _ghosts[batchId].root = root;
        _ghosts[batchId].parent = parent;
    }

    /// @dev The first batch held by `by`, searching from a random index.
    function _heldBy(address by, uint256 seed) private view returns (bool, uint32) {
        uint256 n = _batchIds.length;
        if (n == 0) return (false, 0);
        for (uint256 k; k < n; ++k) {
            uint32 batchId = _batchIds[(seed + k) % n];
            if (_ghosts[batchId].owner == by) return (true, batchId);
        }
        return (false, 0);
    }

    function _participant(uint256 seed) private view returns (address) {
        uint256 pick = seed % 3;
        if (pick == 0) return producer;
        return pick == 1 ? makerA : makerB;
    }
}

contract PartRegistryTest is PartFixture {
    BatchHandler private handler;

    function setUp() public {
        _deployFixture();
        handler = new BatchHandler(parts, producer, registrar, maker, otherMaker);
        targetContract(address(handler));
    }

    // ------------------------------------------------------------------------------------------
    // registerBatch / transferBatch
    // ------------------------------------------------------------------------------------------

    function testFuzz_registerBatch_holdsItsWholeQuantity(uint64 quantity) public {
        quantity = uint64(bound(quantity, 1, type(uint64).max));
        uint32 id = _register(quantity);

        IPartRegistry.Batch memory b = parts.batch(id);
        vm.assertEq(b.owner, producer, "owner");
        vm.assertEq(b.producer, producer, "producer");
        vm.assertEq(uint256(b.root), id, "root of itself");
        vm.assertEq(uint256(b.parent), 0, "no parent");
        vm.assertEq(bytes32(b.unit), bytes32(UNIT), "unit");
        vm.assertEq(b.materialSpec, MATERIAL, "material");
        vm.assertFalse(b.recalled, "recalled");
        _assertBatch(id, quantity, 0, 0, "new batch");
    }

    function testFuzz_transferBatch_splitsIntoNewBatch(
        uint64 quantity,
        uint64 amount,
        uint256 toSeed
    ) public {
        quantity = uint64(bound(quantity, 1, type(uint64).max));
        amount = uint64(bound(amount, 1, quantity));
        address[3] memory tos = [producer, maker, otherMaker];
        address to = tos[toSeed % 3];
        uint32 root = _register(quantity);

        uint32 child = _transfer(producer, root, to, amount);

        vm.assertEq(uint256(child), uint256(root) + 1, "a new batch id");
        _assertBatch(root, quantity, amount, 0, "source");
        _assertBatch(child, amount, 0, 0, "child");
        IPartRegistry.Batch memory c = parts.batch(child);
        vm.assertEq(c.owner, to, "child owner");
        vm.assertEq(uint256(c.root), root, "child root");
        vm.assertEq(uint256(c.parent), root, "child parent");
        vm.assertEq(c.producer, producer, "child producer");
        vm.assertEq(c.materialSpec, MATERIAL, "child material");
        vm.assertEq(bytes32(c.unit), bytes32(UNIT), "child unit");
    }

    function testFuzz_transferBatch_revertsBeyondRemaining(
        uint64 quantity,
        uint64 first,
        uint256 requested
    ) public {
        // One below the top, so that a request beyond what is left fits in the uint64 argument.
        quantity = uint64(bound(quantity, 1, type(uint64).max - 1));
        first = uint64(bound(first, 0, quantity));
        uint32 root = _register(quantity);
        if (first > 0) _transfer(producer, root, maker, first);
        uint256 left = quantity - first;
        requested = bound(requested, left + 1, type(uint64).max);

        vm.expectRevert(_insufficient(root, requested, left));
        vm.prank(producer);
        parts.transferBatch(root, maker, uint64(requested));
        _assertBatch(root, quantity, first, 0, "unchanged");
    }

    // ------------------------------------------------------------------------------------------
    // makePart / makeParts: consumption
    // ------------------------------------------------------------------------------------------

    function testFuzz_makePart_takesExactlyItsQuantity(
        uint64 registered,
        uint64 held,
        uint64 perPart
    ) public {
        registered = uint64(bound(registered, 1, type(uint64).max));
        held = uint64(bound(held, 1, registered));
        perPart = uint64(bound(perPart, 1, held));
        (uint32 root, uint32 id) = _supply(maker, registered, held);

        uint256 partId = _make(maker, "S-1", id, perPart);

        _assertBatch(id, held, 0, perPart, "held batch");
        _assertBatch(root, registered, held, 0, "root untouched by the part");
        IPartRegistry.BatchInput[] memory inputs = parts.partInputs(partId);
        vm.assertEq(inputs.length, 1, "one input");
        vm.assertEq(uint256(inputs[0].batchId), id, "input batch");
        vm.assertEq(uint256(inputs[0].quantity), perPart, "input quantity");
    }

    function testFuzz_makePart_drawBeyondRemainingReverts(
        uint64 held,
        uint64 used,
        uint256 requested
    ) public {
        held = uint64(bound(held, 1, type(uint64).max - 1));
        used = uint64(bound(used, 0, held));
        (, uint32 id) = _supply(maker, held, held);
        if (used > 0) _make(maker, "first", id, used);
        uint256 left = held - used;
        requested = bound(requested, left + 1, type(uint64).max);

        IPartRegistry.BatchInput[] memory inputs = _one(id, requested);
        vm.expectRevert(_insufficient(id, requested, left));
        vm.prank(maker);
        parts.makePart(SPEC, "second", address(0), inputs, new uint256[](0));
        _assertBatch(id, held, 0, used, "a refused draw takes nothing");
    }

    /// @dev A sequence of draws: each succeeds exactly when it fits in what is left, and the
    /// total taken never exceeds what the batch held.
    function testFuzz_makePart_sequenceNeverExceedsBatch(
        uint64 held,
        uint256[8] calldata draws
    ) public {
        held = uint64(bound(held, 1, 1e18));
        (, uint32 id) = _supply(maker, held, held);
        uint256 taken;
        for (uint256 i; i < draws.length; ++i) {
            uint256 left = held - taken;
            uint256 draw = bound(draws[i], 1, held);
            bytes32 serial = bytes32(i + 1);
            if (draw > left) {
                IPartRegistry.BatchInput[] memory inputs = _one(id, draw);
                vm.expectRevert(_insufficient(id, draw, left));
                vm.prank(maker);
                parts.makePart(SPEC, serial, address(0), inputs, new uint256[](0));
            } else {
                _make(maker, serial, id, draw);
                taken += draw;
            }
            vm.assertLe(taken, held, "never more than the batch held");
            _assertBatch(id, held, 0, taken, "after draw");
        }
    }

    function testFuzz_makeParts_takesQuantityPerPartTimesParts(
        uint64 held,
        uint64 perPart,
        uint256 count
    ) public {
        count = bound(count, 1, 50);
        held = uint64(bound(held, count, type(uint64).max));
        perPart = uint64(bound(perPart, 1, held / count));
        (, uint32 id) = _supply(otherMaker, held, held);
        bytes32[] memory serials = _serials("run", count);

        uint256 first = _makeRun(otherMaker, serials, id, perPart);

        vm.assertEq(first, _idOf(otherMaker, serials[0]), "first id");
        _assertBatch(id, held, 0, uint256(perPart) * count, "batch after run");
        vm.assertEq(parts.balanceOf(otherMaker), count, "balance");
        for (uint256 i; i < count; ++i) {
            uint256 partId = _idOf(otherMaker, serials[i]);
            vm.assertEq(parts.ownerOf(partId), otherMaker, "owner");
            IPartRegistry.BatchInput[] memory inputs = parts.partInputs(partId);
            vm.assertEq(uint256(inputs[0].quantity), perPart, "per part");
        }
    }

    function testFuzz_makeParts_runBeyondBatchReverts(
        uint64 held,
        uint64 perPart,
        uint256 count
    ) public {
        count = bound(count, 2, 500);
        held = uint64(bound(held, 1, type(uint64).max));
        // The run does not fit (its total may pass 2^64, and is reported unclipped).
        perPart = uint64(bound(perPart, held / count + 1, type(uint64).max));
        (, uint32 id) = _supply(maker, held, held);
        bytes32[] memory serials = _serials("over", count);
        IPartRegistry.BatchInput[] memory inputs = _one(id, perPart);

        vm.expectRevert(_insufficient(id, uint256(perPart) * count, held));
        vm.prank(maker);
        parts.makeParts(SPEC, serials, new address[](0), inputs);
        _assertBatch(id, held, 0, 0, "nothing taken");
        vm.assertEq(parts.balanceOf(maker), 0, "nothing minted");
    }

    /// @dev Once a batch is used up, by parts or by transfers, nothing more comes out of it.
    function testFuzz_consumed_neverUsableAgain(
        uint64 held,
        uint256 split,
        uint256 draw,
        bool transferFirst
    ) public {
        held = uint64(bound(held, 2, type(uint64).max));
        split = bound(split, 1, held - 1);
        (, uint32 id) = _supply(maker, held, held);
        if (transferFirst) _transfer(maker, id, otherMaker, split);
        else _make(maker, "a", id, split);
        _make(maker, "b", id, held - split);
        _assertBatch(id, held, transferFirst ? split : 0, transferFirst ? held - split : held, "");

        draw = bound(draw, 1, type(uint64).max);
        IPartRegistry.BatchInput[] memory inputs = _one(id, draw);
        vm.expectRevert(_insufficient(id, draw, 0));
        vm.prank(maker);
        parts.makePart(SPEC, "c", address(0), inputs, new uint256[](0));

        vm.expectRevert(_insufficient(id, draw, 0));
        vm.prank(maker);
        parts.transferBatch(id, otherMaker, uint64(draw));

        // Another manufacturer cannot draw on it either: it does not hold it.
        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryNotBatchOwner.selector,
                id,
                otherMaker,
                maker
            )
        );
        vm.prank(otherMaker);
        parts.makePart(SPEC, "c", address(0), inputs, new uint256[](0));
    }

    // ------------------------------------------------------------------------------------------
    // Token ids
    // ------------------------------------------------------------------------------------------

    function testFuzz_makePart_idIsKeccakOfMakerAndSerial(bytes32 serial) public {
        (, uint32 id) = _supply(maker, 10, 10);
        uint256 partId = _make(maker, serial, id, 1);

        vm.assertEq(partId, uint256(keccak256(abi.encode(maker, serial))), "documented id");
        vm.assertEq(parts.partIdOf(maker, serial), partId, "partIdOf");
        vm.assertEq(parts.ownerOf(partId), maker, "owner");
        vm.assertEq(parts.part(partId).maker, maker, "maker");
    }

    function testFuzz_makePart_sameSerialTwiceReverts(bytes32 serial, bool asRun) public {
        (, uint32 id) = _supply(maker, 10, 10);
        uint256 partId = _make(maker, serial, id, 1);

        IPartRegistry.BatchInput[] memory inputs = _one(id, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPartRegistry.PartRegistryPartExists.selector, partId)
        );
        vm.prank(maker);
        if (asRun) {
            bytes32[] memory serials = new bytes32[](2);
            serials[0] = keccak256(abi.encode(serial));
            serials[1] = serial;
            parts.makeParts(SPEC, serials, new address[](0), inputs);
        } else {
            parts.makePart(SPEC, serial, address(0), inputs, new uint256[](0));
        }
        _assertBatch(id, 10, 0, 1, "the refused part took nothing");
        vm.assertEq(parts.balanceOf(maker), 1, "balance");
    }

    function testFuzz_makeParts_repeatedSerialInRunReverts(
        bytes32 tag,
        uint256 count,
        uint256 a,
        uint256 b
    ) public {
        count = bound(count, 2, 20);
        a = bound(a, 0, count - 1);
        b = bound(b, 0, count - 2);
        if (b >= a) ++b;
        (, uint32 id) = _supply(maker, 100, 100);
        bytes32[] memory serials = _serials(tag, count);
        serials[a > b ? a : b] = serials[a < b ? a : b];

        IPartRegistry.BatchInput[] memory inputs = _one(id, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryPartExists.selector,
                _idOf(maker, serials[a])
            )
        );
        vm.prank(maker);
        parts.makeParts(SPEC, serials, new address[](0), inputs);
        _assertBatch(id, 100, 0, 0, "nothing taken");
    }

    function testFuzz_makePart_sameSerialOtherMakerOtherId(bytes32 serial) public {
        (, uint32 mine) = _supply(maker, 10, 10);
        (, uint32 theirs) = _supply(otherMaker, 10, 10);
        uint256 a = _make(maker, serial, mine, 1);
        uint256 b = _make(otherMaker, serial, theirs, 1);

        vm.assertTrue(a != b, "different ids");
        vm.assertEq(b, _idOf(otherMaker, serial), "documented id");
        vm.assertEq(parts.ownerOf(a), maker, "first owner");
        vm.assertEq(parts.ownerOf(b), otherMaker, "second owner");
        vm.assertEq(parts.part(b).maker, otherMaker, "second maker");
    }

    // ------------------------------------------------------------------------------------------
    // Tag chips
    // ------------------------------------------------------------------------------------------

    struct Sig {
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @dev The block the chip tests run in: far enough from genesis for a full window.
    uint256 internal constant HEIGHT = 10_000;

    function testFuzz_verifyChip_acceptsAnswerBoundToRecentBlock(
        uint256 pk,
        bytes32 challenge,
        uint256 age
    ) public {
        (uint256 partId, , uint256 key) = _chipPart(pk, "chip");
        uint256 blockNo = HEIGHT - bound(age, 1, MAX_AGE);
        Sig memory sig = _sign(key, partId, challenge, blockNo);

        vm.assertTrue(parts.verifyChip(partId, challenge, blockNo, _packed(sig)), "now");
        vm.roll(blockNo + MAX_AGE);
        vm.assertTrue(parts.verifyChip(partId, challenge, blockNo, _packed(sig)), "oldest block");
    }

    function testFuzz_verifyChip_rejectsOtherPart(
        uint256 pk,
        bytes32 challenge,
        uint256 age
    ) public {
        (uint256 partId, address chip, uint256 key) = _chipPart(pk, "chip");
        // A second part bound to the same chip key: only the part id differs.
        vm.prank(maker);
        uint256 otherId = parts.makePart(
            SPEC,
            "other",
            chip,
            new IPartRegistry.BatchInput[](0),
            new uint256[](0)
        );
        uint256 blockNo = HEIGHT - bound(age, 1, MAX_AGE);
        Sig memory sig = _sign(key, partId, challenge, blockNo);

        _expectBadSignature(
            otherId,
            parts.chipDigest(otherId, challenge, blockNo, _hash(blockNo)),
            sig,
            chip
        );
        parts.verifyChip(otherId, challenge, blockNo, _packed(sig));
    }

    function testFuzz_verifyChip_rejectsOtherChallenge(
        uint256 pk,
        bytes32 challenge,
        bytes32 otherChallenge,
        uint256 age
    ) public {
        vm.assume(otherChallenge != challenge);
        (uint256 partId, address chip, uint256 key) = _chipPart(pk, "chip");
        uint256 blockNo = HEIGHT - bound(age, 1, MAX_AGE);
        Sig memory sig = _sign(key, partId, challenge, blockNo);

        _expectBadSignature(
            partId,
            parts.chipDigest(partId, otherChallenge, blockNo, _hash(blockNo)),
            sig,
            chip
        );
        parts.verifyChip(partId, otherChallenge, blockNo, _packed(sig));
    }

    function testFuzz_verifyChip_rejectsOtherBlock(
        uint256 pk,
        bytes32 challenge,
        uint256 age,
        uint256 otherAge
    ) public {
        (uint256 partId, address chip, uint256 key) = _chipPart(pk, "chip");
        age = bound(age, 1, MAX_AGE);
        otherAge = bound(otherAge, 1, MAX_AGE - 1);
        if (otherAge >= age) ++otherAge;
        uint256 blockNo = HEIGHT - age;
        uint256 other = HEIGHT - otherAge;
        Sig memory sig = _sign(key, partId, challenge, blockNo);

        _expectBadSignature(
            partId,
            parts.chipDigest(partId, challenge, other, _hash(other)),
            sig,
            chip
        );
        parts.verifyChip(partId, challenge, other, _packed(sig));
    }

    /// @dev An answer prepared for a guessed hash of the block fails once the block exists.
    function testFuzz_verifyChip_rejectsOtherBlockHash(
        uint256 pk,
        bytes32 challenge,
        uint256 age,
        bytes32 guessed
    ) public {
        (uint256 partId, address chip, uint256 key) = _chipPart(pk, "chip");
        uint256 blockNo = HEIGHT - bound(age, 1, MAX_AGE);
        vm.assume(guessed != _hash(blockNo));
        Sig memory sig;
        (sig.v, sig.r, sig.s) = vm.sign(key, parts.chipDigest(partId, challenge, blockNo, guessed));

        _expectBadSignature(
            partId,
            parts.chipDigest(partId, challenge, blockNo, _hash(blockNo)),
            sig,
            chip
        );
        parts.verifyChip(partId, challenge, blockNo, _packed(sig));
    }

    function testFuzz_verifyChip_rejectsOtherSigner(
        uint256 pk,
        uint256 otherPk,
        bytes32 challenge
    ) public {
        (uint256 partId, address chip, uint256 key) = _chipPart(pk, "chip");
        otherPk = bound(otherPk, 1, SECP256K1_N - 1);
        vm.assume(otherPk != key);
        Sig memory sig = _sign(otherPk, partId, challenge, HEIGHT - 1);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryBadChipSignature.selector,
                partId,
                vm.addr(otherPk),
                chip
            )
        );
        parts.verifyChip(partId, challenge, HEIGHT - 1, _packed(sig));
    }

    function testFuzz_verifyChip_rejectsAnswerOlderThanWindow(
        uint256 pk,
        bytes32 challenge,
        uint256 age,
        uint256 late
    ) public {
        (uint256 partId, , uint256 key) = _chipPart(pk, "chip");
        uint256 blockNo = HEIGHT - bound(age, 1, MAX_AGE);
        late = bound(late, 1, 1_000_000);
        Sig memory sig = _sign(key, partId, challenge, blockNo);

        vm.roll(blockNo + MAX_AGE + late);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryStaleChallenge.selector,
                blockNo,
                blockNo + MAX_AGE + late,
                MAX_AGE
            )
        );
        parts.verifyChip(partId, challenge, blockNo, _packed(sig));
    }

    /// @dev The current block's hash is not known yet, nor any later block's.
    function testFuzz_verifyChip_refusesCurrentOrFutureBlock(
        uint256 pk,
        bytes32 challenge,
        uint256 ahead
    ) public {
        (uint256 partId, , uint256 key) = _chipPart(pk, "chip");
        uint256 blockNo = HEIGHT + bound(ahead, 0, type(uint128).max);
        Sig memory sig = _sign(key, partId, challenge, blockNo);

        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryStaleChallenge.selector,
                blockNo,
                HEIGHT,
                MAX_AGE
            )
        );
        parts.verifyChip(partId, challenge, blockNo, _packed(sig));
    }

    function test_maxChallengeAge_is64Blocks() public view {
        vm.assertEq(parts.MAX_CHALLENGE_AGE(), MAX_AGE);
    }

    /// @dev A part made by `maker` bound to the chip key of `pk` (bounded into 1 .. N - 1).
    function _chipPart(
        uint256 pk,
        bytes32 serial
    ) private returns (uint256 partId, address chip, uint256 key) {
        key = bound(pk, 1, SECP256K1_N - 1);
        chip = vm.addr(key);
        // Block HEIGHT, with a known hash for each of the window's blocks before it.
        vm.roll(HEIGHT);
        for (uint256 n = HEIGHT - MAX_AGE - 1; n < HEIGHT; ++n) vm.setBlockhash(n, _hash(n));
        vm.prank(maker);
        partId = parts.makePart(
            SPEC,
            serial,
            chip,
            new IPartRegistry.BatchInput[](0),
            new uint256[](0)
        );
        vm.assertEq(parts.part(partId).chipKey, chip, "chip key");
    }

    /// @dev The hash the tests give block `n`.
    function _hash(uint256 n) private pure returns (bytes32) {
        return keccak256(abi.encode("block", n));
    }

    /// @dev The chip's answer bound to block `blockNo`, with the hash the tests gave that block.
    function _sign(
        uint256 key,
        uint256 partId,
        bytes32 challenge,
        uint256 blockNo
    ) private view returns (Sig memory sig) {
        (sig.v, sig.r, sig.s) = vm.sign(
            key,
            parts.chipDigest(partId, challenge, blockNo, _hash(blockNo))
        );
    }

    function _packed(Sig memory sig) private pure returns (bytes memory) {
        return abi.encodePacked(sig.r, sig.s, sig.v);
    }

    /// @dev Expects the refusal naming whoever `sig` recovers to over `digest`.
    function _expectBadSignature(
        uint256 partId,
        bytes32 digest,
        Sig memory sig,
        address chip
    ) private {
        address signer = ecrecover(digest, sig.v, sig.r, sig.s);
        vm.assertTrue(signer != chip, "recovers to someone else");
        vm.expectRevert(
            abi.encodeWithSelector(
                IPartRegistry.PartRegistryBadChipSignature.selector,
                partId,
                signer,
                chip
            )
        );
    }

    // ------------------------------------------------------------------------------------------
    // The handler, driven by hand: every kind of outcome is classified as expected
    // ------------------------------------------------------------------------------------------

    function test_handler_classifiesEveryOutcome() public {
        handler.registerBatch(1_000); // batch 1, producer
        handler.transferBatch(0, 1, 600); // batch 2, maker (600)
        handler.transferBatch(1, 2, 100); // batch 3, otherMaker (100 of batch 2)
        handler.transferBatch(0, 1, 401); // only 400 left in batch 1: refused
        handler.makePart(0, 1, 50); // maker, batch 2: 50
        handler.makeParts(0, 1, 10, 5, 1, 0); // maker, batch 2: 5 x 10
        handler.makeParts(0, 1, 9, 4, 0, 7); // maker, batch 2 twice: 4 x (9 + 7)
        handler.makePart(1, 2, 101); // otherMaker, batch 3: only 100 left, refused
        handler.recallBatch(0, 1, false); // not this time (chance)
        handler.recallBatch(2, 0, true); // registrar recalls the material of batch 3
        handler.makePart(1, 2, 1); // otherMaker, batch 3: recalled, refused
        handler.transferBatch(0, 2, 1); // batch 1: recalled, refused
        handler.recallBatch(1, 0, false); // already recalled, refused

        vm.assertEq(handler.unexpected(), 0, "unexpected");
        vm.assertEq(handler.registrations(), 1, "registrations");
        vm.assertEq(handler.transfers(), 2, "transfers");
        vm.assertEq(handler.partsMade(), 1 + 5 + 4, "parts made");
        vm.assertEq(handler.recalls(), 1, "recalls");
        vm.assertEq(handler.insufficientRefusals(), 2, "insufficient");
        vm.assertEq(handler.recalledRefusals(), 3, "recalled");
        vm.assertEq(handler.ghost(2).consumed, 50 + 50 + 64, "consumed from batch 2");
        _assertBatch(2, 600, 100, 164, "batch 2");
        _assertBatch(1, 1_000, 600, 0, "batch 1");
        _assertInvariants();
    }

    // ------------------------------------------------------------------------------------------
    // Invariants (the fuzzer calls only `handler`)
    // ------------------------------------------------------------------------------------------

    /// @dev The issue's invariant: for every batch, registered = consumed + transferred out +
    /// remaining, always.
    function invariant_registeredIsConsumedPlusTransferredOutPlusRemaining() public view {
        uint256 n = handler.batchCount();
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batchIdAt(i);
            BatchHandler.Ghost memory g = handler.ghost(id);
            vm.assertEq(
                g.registered,
                g.consumed + g.transferredOut + parts.batch(id).remaining,
                "registered = consumed + transferred out + remaining"
            );
        }
    }

    function invariant_consumedMatchesWhatPartsTook() public view {
        uint256 n = handler.batchCount();
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batchIdAt(i);
            vm.assertEq(parts.consumed(id), handler.ghost(id).consumed, "consumed");
        }
    }

    function invariant_quantityIsWhatWasRegistered() public view {
        uint256 n = handler.batchCount();
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batchIdAt(i);
            IPartRegistry.Batch memory b = parts.batch(id);
            BatchHandler.Ghost memory g = handler.ghost(id);
            vm.assertEq(uint256(b.quantity), g.registered, "quantity");
            vm.assertEq(uint256(b.transferredOut), g.transferredOut, "transferred out");
        }
    }

    /// @dev Transfers move material between batches and never create or destroy any: what the
    /// root batches were registered with is what all batches together consumed or still hold,
    /// in total and for each root's tree.
    function invariant_materialConservedAcrossTransfers() public view {
        uint256 n = handler.batchCount();
        uint256[] memory tree = new uint256[](n + 1);
        uint256 rootsRegistered;
        uint256 usedOrLeft;
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batchIdAt(i);
            IPartRegistry.Batch memory b = parts.batch(id);
            uint256 here = parts.consumed(id) + b.remaining;
            usedOrLeft += here;
            tree[b.root] += here;
            if (b.root == id) rootsRegistered += b.quantity;
        }
        vm.assertEq(rootsRegistered, usedOrLeft, "material conserved");
        vm.assertEq(rootsRegistered, handler.ghostRootRegisteredSum(), "roots registered");
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batchIdAt(i);
            BatchHandler.Ghost memory g = handler.ghost(id);
            if (g.root == id) vm.assertEq(tree[id], g.registered, "conserved in the tree");
        }
    }

    function invariant_lineageOwnersAndRecallMatchModel() public view {
        uint256 n = handler.batchCount();
        for (uint256 i; i < n; ++i) {
            uint32 id = handler.batchIdAt(i);
            vm.assertEq(uint256(id), i + 1, "ids in order");
            IPartRegistry.Batch memory b = parts.batch(id);
            BatchHandler.Ghost memory g = handler.ghost(id);
            vm.assertEq(b.owner, g.owner, "owner");
            vm.assertEq(uint256(b.root), g.root, "root");
            vm.assertEq(uint256(b.parent), g.parent, "parent");
            vm.assertEq(b.producer, producer, "producer");
            vm.assertEq(b.recalled, handler.ghostRecalled(b.root), "recalled");
        }
        try parts.batch(uint32(n + 1)) returns (IPartRegistry.Batch memory) {
            vm.assertTrue(false, "no batch beyond the model's");
        } catch {}
    }

    function invariant_partsMintedToTheirMakers() public view {
        vm.assertEq(parts.balanceOf(maker), handler.ghostPartsMade(maker), "maker");
        vm.assertEq(parts.balanceOf(otherMaker), handler.ghostPartsMade(otherMaker), "other");
    }

    function invariant_noUnexpectedReverts() public view {
        vm.assertEq(handler.unexpected(), 0, "unexpected outcomes in the handler");
    }

    function _assertInvariants() private view {
        invariant_registeredIsConsumedPlusTransferredOutPlusRemaining();
        invariant_consumedMatchesWhatPartsTook();
        invariant_quantityIsWhatWasRegistered();
        invariant_materialConservedAcrossTransfers();
        invariant_lineageOwnersAndRecallMatchModel();
        invariant_partsMintedToTheirMakers();
        invariant_noUnexpectedReverts();
    }
}
