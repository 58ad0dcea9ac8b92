// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IParticipantRegistry} from "../../contracts/interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../../contracts/interfaces/IPartRegistry.sol";
import {PartFixture} from "./PartRegistry.t.sol";

/**
 * @notice Conformity over random assembly trees, against a model. Each fuzz run replays a
 * sequence of operations drawn from its seed: make a part (from no material, or from one of two
 * root batches), build an assembly from free parts, recall or lift the recall of a root batch,
 * quarantine or release a part, take a child out of a top-level assembly, open or rule an
 * attestation conflict. The model predicts every refusal and, after every step, whether each
 * part is conforming and recalled: a part is fit when it and every part below it is Made,
 * without conflict, and made from no recalled material.
 */
contract PartRegistryTreeTest is PartFixture {
    uint256 internal constant STEPS = 40;

    address internal lab1 = address(0x2101);
    address internal lab2 = address(0x2102);

    /// @dev Root batches A and B and the maker's portions of them.
    uint32[3] internal roots;
    uint32[3] internal portions;
    bool[3] internal recalled;

    uint256[] internal ids;
    mapping(uint256 id => uint8 source) internal sourceOf; // 0 none, 1 A, 2 B
    mapping(uint256 id => bool) internal quarantined;
    mapping(uint256 id => bool) internal conflicted;
    mapping(uint256 id => bool) internal ruled;
    mapping(uint256 id => uint256) internal parentOf;
    mapping(uint256 id => uint256[]) internal childrenOf;
    uint256 internal serialCount;

    function setUp() public {
        _deployFixture();
        uint48 until = uint48(T0 + ACTOR_VALIDITY);
        vm.startPrank(registrar);
        participants.accredit(lab1, _bit(IParticipantRegistry.Role.TestLab), until, EVIDENCE);
        participants.accredit(lab2, _bit(IParticipantRegistry.Role.TestLab), until, EVIDENCE);
        vm.stopPrank();
        (roots[1], portions[1]) = _supply(maker, 1_000, 1_000);
        (roots[2], portions[2]) = _supply(maker, 1_000, 1_000);
    }

    function testFuzz_conformityMatchesModel(uint256 seed) public {
        for (uint256 step; step < STEPS; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 op = r % 8;
            if (op <= 1) _opMake(r >> 8);
            else if (op == 2) _opAssemble(r >> 8);
            else if (op == 3) _opRecall(r >> 8);
            else if (op == 4) _opQuarantine(r >> 8);
            else if (op == 5) _opDisassemble(r >> 8);
            else _opConflict(r >> 8);
            _checkAll();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Operations
    // ------------------------------------------------------------------------------------------

    function _opMake(uint256 r) internal {
        uint8 source = uint8(r % 3);
        IPartRegistry.BatchInput[] memory inputs =
            source == 0 ? new IPartRegistry.BatchInput[](0) : _one(portions[source], 1);
        bytes32 serial = bytes32(++serialCount);
        if (source != 0 && recalled[source]) {
            vm.expectRevert(_recalled(portions[source], roots[source]));
            vm.prank(maker);
            parts.makePart(SPEC, serial, address(0), inputs, new uint256[](0));
            return;
        }
        vm.prank(maker);
        uint256 id = parts.makePart(SPEC, serial, address(0), inputs, new uint256[](0));
        ids.push(id);
        sourceOf[id] = source;
    }

    function _opAssemble(uint256 r) internal {
        uint256 n = ids.length;
        if (n == 0) return;
        // Up to three distinct free (top-level) parts.
        uint256[] memory picked = new uint256[](3);
        uint256 count;
        for (uint256 k; k < 3; ++k) {
            uint256 cand = ids[(r >> (k * 16)) % n];
            if (parentOf[cand] != 0) continue;
            bool dup;
            for (uint256 j; j < count; ++j) if (picked[j] == cand) dup = true;
            if (!dup) {
                picked[count] = cand;
                ++count;
            }
        }
        if (count == 0) return;
        uint256[] memory children = new uint256[](count);
        for (uint256 j; j < count; ++j) children[j] = picked[j];

        bytes32 serial = bytes32(++serialCount);
        for (uint256 j; j < count; ++j) {
            uint256 child = children[j];
            if (quarantined[child]) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IPartRegistry.PartRegistryUnusablePart.selector,
                        child,
                        IPartRegistry.PartStatus.Quarantined
                    )
                );
                vm.prank(maker);
                parts.makePart(SPEC, serial, address(0), _none(), children);
                return;
            }
            if (!_fit(child)) {
                vm.expectRevert(
                    abi.encodeWithSelector(IPartRegistry.PartRegistryNonConforming.selector, child)
                );
                vm.prank(maker);
                parts.makePart(SPEC, serial, address(0), _none(), children);
                return;
            }
        }
        vm.prank(maker);
        uint256 id = parts.makePart(SPEC, serial, address(0), _none(), children);
        ids.push(id);
        for (uint256 j; j < count; ++j) {
            parentOf[children[j]] = id;
            childrenOf[id].push(children[j]);
        }
    }

    function _opRecall(uint256 r) internal {
        uint256 source = 1 + (r % 2);
        if (recalled[source]) {
            vm.prank(registrar);
            parts.liftRecall(portions[source], REASON);
        } else {
            vm.prank(producer);
            parts.recallBatch(portions[source], REASON);
        }
        recalled[source] = !recalled[source];
    }

    function _opQuarantine(uint256 r) internal {
        if (ids.length == 0) return;
        uint256 id = ids[r % ids.length];
        vm.prank(maker);
        if (quarantined[id]) parts.release(id, REASON);
        else parts.quarantine(id, REASON);
        quarantined[id] = !quarantined[id];
    }

    /// @dev Takes a child out of a top-level assembly: it comes out quarantined when the
    /// assembly is.
    function _opDisassemble(uint256 r) internal {
        if (ids.length == 0) return;
        uint256 parent = ids[r % ids.length];
        if (parentOf[parent] != 0) return;
        uint256[] storage kids = childrenOf[parent];
        if (kids.length == 0) return;
        uint256 index = (r >> 16) % kids.length;
        uint256 child = kids[index];
        vm.prank(maker);
        parts.disassemble(child, REASON);
        kids[index] = kids[kids.length - 1];
        kids.pop();
        delete parentOf[child];
        if (quarantined[parent]) quarantined[child] = true;
    }

    /// @dev Two labs disagree on a part's test (a conflict), or a registrar rules a conflict.
    function _opConflict(uint256 r) internal {
        if (ids.length == 0) return;
        uint256 id = ids[r % ids.length];
        if (conflicted[id]) {
            vm.prank(registrar);
            parts.resolveAttestation(id, IPartRegistry.AttestationKind.Test, true, REASON);
            conflicted[id] = false;
            ruled[id] = true;
            return;
        }
        if (ruled[id]) {
            // A ruling stands: a disagreeing result is only recorded.
            vm.prank(lab2);
            parts.attest(id, IPartRegistry.AttestationKind.Test, EVIDENCE, false);
            return;
        }
        if (parts.part(id).passedKinds & 1 == 0) {
            vm.prank(lab1);
            parts.attest(id, IPartRegistry.AttestationKind.Test, EVIDENCE, true);
        }
        vm.prank(lab2);
        parts.attest(id, IPartRegistry.AttestationKind.Test, EVIDENCE, false);
        conflicted[id] = true;
    }

    // ------------------------------------------------------------------------------------------
    // Model
    // ------------------------------------------------------------------------------------------

    function _fit(uint256 id) internal view returns (bool) {
        if (quarantined[id] || conflicted[id] || _ownRecall(id)) return false;
        uint256[] storage kids = childrenOf[id];
        for (uint256 i; i < kids.length; ++i) if (!_fit(kids[i])) return false;
        return true;
    }

    function _recalledModel(uint256 id) internal view returns (bool) {
        if (_ownRecall(id)) return true;
        uint256[] storage kids = childrenOf[id];
        for (uint256 i; i < kids.length; ++i) if (_recalledModel(kids[i])) return true;
        return false;
    }

    function _ownRecall(uint256 id) internal view returns (bool) {
        uint8 source = sourceOf[id];
        return source != 0 && recalled[source];
    }

    function _checkAll() internal view {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            vm.assertEq(parts.isConforming(id), _fit(id), "isConforming");
            vm.assertEq(parts.isRecalled(id), _recalledModel(id), "isRecalled");
            vm.assertEq(parts.parentOf(id), parentOf[id], "parentOf");
            IPartRegistry.PartView memory p = parts.part(id);
            vm.assertEq(
                p.status == IPartRegistry.PartStatus.Quarantined,
                quarantined[id],
                "quarantined"
            );
            vm.assertEq(p.conflictKinds != 0, conflicted[id], "conflict");
        }
    }

    function _none() internal pure returns (IPartRegistry.BatchInput[] memory) {
        return new IPartRegistry.BatchInput[](0);
    }
}
