// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {PartStatusLib} from "../libraries/PartStatusLib.sol";

/**
 * @title PartRegistry
 * @notice Material batches, serialised parts (ERC-721), assemblies, attestations, recall and
 * tag-chip activation. See {IPartRegistry} and `docs/provenance.md`.
 * @dev Gas design. A part costs one storage slot: its chip key, lot, status, passed and
 * conflicting attestation kinds and flags share it, and its owner is not written at mint: until the part's first
 * transfer, {_ownerOf} answers with the lot's maker (the pattern of OpenZeppelin's
 * ERC721Consecutive, with the balance raised once per call through {_increaseBalance}). Parts are
 * never burned, so an empty owner slot always means "still with its maker". A lot (maker,
 * specification, inputs per part) is content-addressed: parts made one at a time from the same
 * material share one lot record, written once.
 */
contract PartRegistry is IPartRegistry, ERC721, EIP712 {
    /// @inheritdoc IPartRegistry
    uint256 public constant MAX_CHALLENGE_AGE = 64;
    /// @notice At most this many batches feed one part, and this many schemes one batch.
    uint256 public constant MAX_INPUTS = 8;
    uint256 public constant MAX_SCHEMES = 4;
    /// @notice At most this many children in one assembly, and parts in one production run.
    uint256 public constant MAX_CHILDREN = 32;
    uint256 public constant MAX_RUN = 500;
    /// @inheritdoc IPartRegistry
    uint256 public constant MAX_TREE_PARTS = 64;

    bytes32 private constant _CHIP_CHALLENGE_TYPEHASH = keccak256(
        "ChipChallenge(uint256 partId,bytes32 challenge,uint256 blockNumber,bytes32 blockHash)"
    );
    uint8 private constant _ACTIVATED = 1;
    uint8 private constant _REGISTRAR_HOLD = 2;
    /// @dev The attester recorded for a kind on which several attesters agree.
    address private constant _SEVERAL = address(1);
    /// @dev The attester recorded for a kind a registrar ruled: later results are only recorded.
    address private constant _RULED = address(2);
    /// @dev Bits of {AttestationKind}s: a `requiredKinds` outside them names no kind.
    uint16 private constant _ALL_KINDS = uint16((1 << (uint8(type(AttestationKind).max) + 1)) - 1);

    /// @dev One slot: chipKey (20) + lot (8) + status (1) + passedKinds (1) + conflictKinds (1)
    /// + flags (1). Kind bitmaps fit a byte: there are six attestation kinds.
    struct PartRecord {
        address chipKey;
        uint64 lot;
        PartStatus status;
        uint8 passedKinds;
        uint8 conflictKinds;
        uint8 flags;
    }

    /// @dev One slot: maker (20) + specId (4) + inputCount (1).
    struct Lot {
        address maker;
        uint32 specId;
        uint8 inputCount;
    }

    /// @dev One slot: batchId (4) + root (4) + quantity per part (8).
    struct LotInput {
        uint32 batchId;
        uint32 root;
        uint64 quantity;
    }

    /// @dev Slot 0, all that consumption reads and writes: owner (20) + remaining (8) + root
    /// (4). Slot 1: quantity (8) + transferredOut (8) + parent (4) + recalled (1) + unit (8).
    /// Slot 2: producer. Slot 3 (root batches only): material specification.
    struct BatchRecord {
        address owner;
        uint64 remaining;
        uint32 root;
        uint64 quantity;
        uint64 transferredOut;
        uint32 parent;
        bool recalled;
        bytes8 unit;
        address producer;
        bytes32 materialSpec;
    }

    IParticipantRegistry public immutable participants;

    mapping(bytes32 specHash => Specification) private _specs;
    mapping(uint32 specId => bytes32 specHash) private _specHashes;
    uint32 private _specCount;

    mapping(uint32 batchId => BatchRecord) private _batches;
    uint32 private _batchCount;

    mapping(bytes32 lotKey => uint64 lot) private _lotByKey;
    mapping(uint64 lot => Lot) private _lots;
    mapping(uint64 lot => mapping(uint256 index => LotInput)) private _lotInputs;
    uint64 private _lotCount;

    mapping(uint256 partId => PartRecord) private _parts;
    mapping(uint256 partId => uint256 parentId) private _parentOf;
    mapping(uint256 parentId => uint256[] childIds) private _children;
    /// @dev Who gave the standing result of each kind: zero (none yet), one attester (who may
    /// revise it), {_SEVERAL} (agreeing attesters), or the registrar that ruled a conflict.
    mapping(uint256 partId => mapping(AttestationKind kind => address)) private _attesters;

    constructor(
        IParticipantRegistry participants_
    ) ERC721("Supply Chain Part", "PART") EIP712("PartRegistry", "1") {
        if (address(participants_) == address(0)) revert PartRegistryMissingInput();
        participants = participants_;
    }

    // ------------------------------------------------------------------------------------------
    // Specifications and batches
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IPartRegistry
    function defineSpecification(bytes32 specHash, uint16 requiredKinds) external {
        _requireRole(msg.sender, IParticipantRegistry.Role.Manufacturer);
        if (specHash == bytes32(0)) revert PartRegistryMissingInput();
        if (requiredKinds & ~_ALL_KINDS != 0) {
            revert PartRegistryUnknownAttestationKinds(requiredKinds);
        }
        if (_specs[specHash].owner != address(0)) revert PartRegistrySpecificationExists(specHash);

        uint32 id = ++_specCount;
        _specs[specHash] = Specification({owner: msg.sender, id: id, requiredKinds: requiredKinds});
        _specHashes[id] = specHash;
        emit SpecificationDefined(specHash, id, msg.sender, requiredKinds);
    }

    /// @inheritdoc IPartRegistry
    function registerBatch(
        bytes32 materialSpec,
        uint64 quantity,
        bytes8 unit,
        bytes32[] calldata schemeIds,
        bytes32 evidenceHash
    ) external returns (uint32 batchId) {
        _requireEither(IParticipantRegistry.Role.Producer, IParticipantRegistry.Role.Recycler);
        if (
            materialSpec == bytes32(0) ||
            quantity == 0 ||
            unit == bytes8(0) ||
            evidenceHash == bytes32(0) ||
            schemeIds.length == 0
        ) revert PartRegistryMissingInput();
        if (schemeIds.length > MAX_SCHEMES) {
            revert PartRegistryTooMany(schemeIds.length, MAX_SCHEMES);
        }
        for (uint256 i; i < schemeIds.length; ++i) {
            for (uint256 j; j < i; ++j) {
                if (schemeIds[j] == schemeIds[i]) revert PartRegistryDuplicateScheme(schemeIds[i]);
            }
            if (!participants.isCertified(msg.sender, schemeIds[i])) {
                revert PartRegistryNotCertified(msg.sender, schemeIds[i]);
            }
            participants.consumeCapacity(msg.sender, schemeIds[i], quantity, unit);
        }

        batchId = ++_batchCount;
        _batches[batchId] = BatchRecord({
            owner: msg.sender,
            remaining: quantity,
            root: batchId,
            quantity: quantity,
            transferredOut: 0,
            parent: 0,
            recalled: false,
            unit: unit,
            producer: msg.sender,
            materialSpec: materialSpec
        });
        emit BatchRegistered(
            batchId,
            msg.sender,
            materialSpec,
            quantity,
            unit,
            schemeIds,
            evidenceHash
        );
    }

    /// @inheritdoc IPartRegistry
    function transferBatch(
        uint32 batchId,
        address to,
        uint64 quantity
    ) external returns (uint32 childId) {
        BatchRecord storage source = _usableBatch(batchId);
        if (to == address(0) || quantity == 0) revert PartRegistryMissingInput();
        _requireAccredited(msg.sender);
        _requireAccredited(to);
        if (quantity > source.remaining) {
            revert PartRegistryInsufficientBatch(batchId, quantity, source.remaining);
        }

        source.remaining -= quantity;
        source.transferredOut += quantity;
        childId = ++_batchCount;
        BatchRecord storage child = _batches[childId];
        child.owner = to;
        child.remaining = quantity;
        child.quantity = quantity;
        child.root = source.root;
        child.producer = source.producer;
        child.parent = batchId;
        emit BatchTransferred(batchId, childId, to, quantity);
    }

    /// @inheritdoc IPartRegistry
    function recallBatch(uint32 batchId, bytes32 reasonHash) external {
        BatchRecord storage b = _existingBatch(batchId);
        uint32 root = b.root;
        BatchRecord storage r = _batches[root];
        if (!_isRegistrar(msg.sender)) {
            if (msg.sender != r.producer) revert PartRegistryNotRecaller(batchId, msg.sender);
            _requireEither(IParticipantRegistry.Role.Producer, IParticipantRegistry.Role.Recycler);
        }
        if (r.recalled) revert PartRegistryBatchRecalled(batchId, root);
        r.recalled = true;
        emit BatchRecalled(root, msg.sender, reasonHash);
    }

    /// @inheritdoc IPartRegistry
    function liftRecall(uint32 batchId, bytes32 reasonHash) external {
        uint32 root = _existingBatch(batchId).root;
        _requireRegistrar();
        if (reasonHash == bytes32(0)) revert PartRegistryMissingInput();
        BatchRecord storage r = _batches[root];
        if (!r.recalled) revert PartRegistryBatchNotRecalled(batchId, root);
        r.recalled = false;
        emit BatchRecallLifted(root, msg.sender, reasonHash);
    }

    // ------------------------------------------------------------------------------------------
    // Parts
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IPartRegistry
    function makePart(
        bytes32 specHash,
        bytes32 serial,
        address chipKey,
        BatchInput[] calldata inputs,
        uint256[] calldata children
    ) external returns (uint256 partId) {
        _requireEither(
            IParticipantRegistry.Role.Manufacturer,
            IParticipantRegistry.Role.Remanufacturer
        );
        if (children.length > MAX_CHILDREN) {
            revert PartRegistryTooMany(children.length, MAX_CHILDREN);
        }
        uint64 lot = _lotFor(specHash, inputs);
        _consume(inputs, 1);
        partId = _mint(serial, chipKey, lot);
        _increaseBalance(msg.sender, 1);
        uint256 treeParts = 1;
        for (uint256 i; i < children.length; ++i) {
            treeParts += _assemble(partId, children[i]);
            if (treeParts > MAX_TREE_PARTS) {
                revert PartRegistryTreeTooLarge(treeParts, MAX_TREE_PARTS);
            }
        }
    }

    /// @inheritdoc IPartRegistry
    function makeParts(
        bytes32 specHash,
        bytes32[] calldata serials,
        address[] calldata chipKeys,
        BatchInput[] calldata inputs
    ) external returns (uint256 firstPartId) {
        _requireEither(
            IParticipantRegistry.Role.Manufacturer,
            IParticipantRegistry.Role.Remanufacturer
        );
        uint256 count = serials.length;
        if (count == 0) revert PartRegistryMissingInput();
        if (count > MAX_RUN) revert PartRegistryTooMany(count, MAX_RUN);
        bool chipped = chipKeys.length != 0;
        if (chipped && chipKeys.length != count) {
            revert PartRegistryLengthMismatch(count, chipKeys.length);
        }
        uint64 lot = _lotFor(specHash, inputs);
        _consume(inputs, count);
        firstPartId = _mint(serials[0], chipped ? chipKeys[0] : address(0), lot);
        for (uint256 i = 1; i < count; ++i) {
            _mint(serials[i], chipped ? chipKeys[i] : address(0), lot);
        }
        // Safe: count <= MAX_RUN.
        _increaseBalance(msg.sender, uint128(count));
    }

    /// @inheritdoc IPartRegistry
    function disassemble(uint256 childId, bytes32 reasonHash) external {
        uint256 parentId = _parentOf[childId];
        if (parentId == 0) revert PartRegistryNotAssembled(childId);
        if (_ownerOf(parentId) != msg.sender) revert PartRegistryNotPartOwner(parentId, msg.sender);
        PartRecord storage parent = _parts[parentId];
        if (parent.flags & _REGISTRAR_HOLD != 0) revert PartRegistryRegistrarHold(parentId);
        if (parent.status == PartStatus.Recycled || parent.status == PartStatus.Destroyed) {
            revert PartRegistryUnusablePart(parentId, parent.status);
        }
        if (
            !participants.isActive(msg.sender, IParticipantRegistry.Role.Manufacturer) &&
            !participants.isActive(msg.sender, IParticipantRegistry.Role.ServiceProvider) &&
            !participants.isActive(msg.sender, IParticipantRegistry.Role.Remanufacturer)
        ) revert PartRegistryNotAccredited(msg.sender);

        uint256[] storage siblings = _children[parentId];
        uint256 last = siblings.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (siblings[i] == childId) {
                siblings[i] = siblings[last];
                break;
            }
        }
        siblings.pop();
        delete _parentOf[childId];
        _transfer(address(this), msg.sender, childId);
        emit PartDisassembled(parentId, childId, msg.sender, reasonHash);

        // The child carries the assembly's use, quarantine and return out with it.
        PartRecord storage child = _parts[childId];
        if (parent.flags & _ACTIVATED != 0) {
            child.flags |= _ACTIVATED;
            if (child.status == PartStatus.Made) {
                _setStatus(childId, child, PartStatus.InService, reasonHash);
            }
        }
        if (
            (parent.status == PartStatus.Quarantined || parent.status == PartStatus.Returned) &&
            (child.status == PartStatus.Made || child.status == PartStatus.InService)
        ) _setStatus(childId, child, parent.status, reasonHash);
    }

    /// @inheritdoc IPartRegistry
    function attest(uint256 partId, AttestationKind kind, bytes32 dataHash, bool passed) external {
        if (
            !participants.isActive(msg.sender, IParticipantRegistry.Role.TestLab) &&
            !participants.isActive(msg.sender, IParticipantRegistry.Role.Inspector) &&
            !participants.isActive(msg.sender, IParticipantRegistry.Role.ServiceProvider)
        ) revert PartRegistryNotAccredited(msg.sender);
        if (dataHash == bytes32(0)) revert PartRegistryMissingInput();
        PartRecord storage p = _existingPart(partId);
        address maker = _lots[p.lot].maker;
        if (maker == msg.sender) revert PartRegistrySelfAttestation(partId, maker);

        emit Attested(partId, msg.sender, kind, passed, dataHash);
        uint8 bit = uint8(1) << uint8(kind);
        address previous = _attesters[partId][kind];
        // A kind in conflict waits for a registrar's ruling, and a ruling stands: the result
        // stays in the history only.
        if (p.conflictKinds & bit != 0 || previous == _RULED) return;
        if (previous == address(0) || previous == msg.sender) {
            _attesters[partId][kind] = msg.sender;
            _setPassed(p, bit, passed);
        } else if ((p.passedKinds & bit != 0) == passed) {
            _attesters[partId][kind] = _SEVERAL;
        } else {
            p.conflictKinds |= bit;
            p.passedKinds &= ~bit;
            emit AttestationConflict(partId, kind, previous, msg.sender);
        }
    }

    /// @inheritdoc IPartRegistry
    function resolveAttestation(
        uint256 partId,
        AttestationKind kind,
        bool passed,
        bytes32 reasonHash
    ) external {
        PartRecord storage p = _existingPart(partId);
        _requireRegistrar();
        if (reasonHash == bytes32(0)) revert PartRegistryMissingInput();
        uint8 bit = uint8(1) << uint8(kind);
        if (p.conflictKinds & bit == 0 && _attesters[partId][kind] != _RULED) {
            revert PartRegistryNoConflict(partId, kind);
        }
        p.conflictKinds &= ~bit;
        _attesters[partId][kind] = _RULED;
        _setPassed(p, bit, passed);
        emit AttestationResolved(partId, kind, msg.sender, passed, reasonHash);
    }

    /// @inheritdoc IPartRegistry
    function quarantine(uint256 partId, bytes32 reasonHash) external {
        PartRecord storage p = _existingPart(partId);
        bool asRegistrar = _requireMakerOrRegistrar(partId, p);
        bool held = p.flags & _REGISTRAR_HOLD != 0;
        // A registrar can put its hold on a part its maker quarantined first.
        if (asRegistrar && !held && p.status == PartStatus.Quarantined) {
            p.flags |= _REGISTRAR_HOLD;
            emit RegistrarHold(partId, msg.sender, true, reasonHash);
            return;
        }
        if (p.status != PartStatus.Made && p.status != PartStatus.InService) {
            revert PartRegistryInvalidTransition(partId, p.status, PartStatus.Quarantined);
        }
        _setStatus(partId, p, PartStatus.Quarantined, reasonHash);
        if (asRegistrar) {
            p.flags |= _REGISTRAR_HOLD;
            emit RegistrarHold(partId, msg.sender, true, reasonHash);
        }
    }

    /// @inheritdoc IPartRegistry
    function release(uint256 partId, bytes32 reasonHash) external {
        PartRecord storage p = _existingPart(partId);
        bool asRegistrar = _requireMakerOrRegistrar(partId, p);
        PartStatus target = p.flags & _ACTIVATED != 0 ? PartStatus.InService : PartStatus.Made;
        if (p.status != PartStatus.Quarantined) {
            revert PartRegistryInvalidTransition(partId, p.status, target);
        }
        if (p.flags & _REGISTRAR_HOLD != 0) {
            if (!asRegistrar) revert PartRegistryRegistrarHold(partId);
            p.flags &= ~_REGISTRAR_HOLD;
            emit RegistrarHold(partId, msg.sender, false, reasonHash);
        }
        _setStatus(partId, p, target, reasonHash);
    }

    /// @inheritdoc IPartRegistry
    function retire(uint256 partId, PartStatus target, bytes32 evidenceHash) external {
        PartRecord storage p = _existingPart(partId);
        if (_ownerOf(partId) != msg.sender) revert PartRegistryNotPartOwner(partId, msg.sender);
        _requireAccredited(msg.sender);
        if (p.flags & _REGISTRAR_HOLD != 0) revert PartRegistryRegistrarHold(partId);
        if (
            target != PartStatus.Returned &&
            target != PartStatus.Recycled &&
            target != PartStatus.Destroyed
        ) revert PartRegistryInvalidTransition(partId, p.status, target);
        _setStatus(partId, p, target, evidenceHash);
    }

    /// @inheritdoc IPartRegistry
    function activate(
        uint256 partId,
        bytes32 challenge,
        uint256 blockNumber,
        bytes calldata signature
    ) external {
        PartRecord storage p = _existingPart(partId);
        if (_ownerOf(partId) != msg.sender) revert PartRegistryNotPartOwner(partId, msg.sender);
        _requireRole(msg.sender, IParticipantRegistry.Role.Customer);
        if (p.status != PartStatus.Made) {
            revert PartRegistryInvalidTransition(partId, p.status, PartStatus.InService);
        }
        bytes32 blockHash = _checkChip(partId, p.chipKey, challenge, blockNumber, signature);
        if (!_fit(partId)) revert PartRegistryNonConforming(partId);

        p.flags |= _ACTIVATED;
        _setStatus(partId, p, PartStatus.InService, challenge);
        emit PartActivated(partId, msg.sender, blockNumber, blockHash);
    }

    /// @inheritdoc IPartRegistry
    function rebindChip(uint256 partId, address newChipKey, bytes32 reasonHash) external {
        PartRecord storage p = _existingPart(partId);
        if (_lots[p.lot].maker != msg.sender) {
            revert PartRegistryNotMakerOrRegistrar(partId, msg.sender);
        }
        _requireEither(
            IParticipantRegistry.Role.Manufacturer,
            IParticipantRegistry.Role.Remanufacturer
        );
        if (newChipKey == address(0) || reasonHash == bytes32(0)) revert PartRegistryMissingInput();

        address oldKey = p.chipKey;
        p.chipKey = newChipKey;
        emit ChipRebound(partId, oldKey, newChipKey, reasonHash);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc IPartRegistry
    function partIdOf(address maker, bytes32 serial) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(maker, serial)));
    }

    /// @inheritdoc IPartRegistry
    function part(uint256 partId) external view returns (PartView memory) {
        PartRecord storage p = _existingPart(partId);
        Lot storage lot = _lots[p.lot];
        return
            PartView({
                maker: lot.maker,
                owner: _ownerOf(partId),
                specHash: _specHashes[lot.specId],
                lot: p.lot,
                status: p.status,
                chipKey: p.chipKey,
                activated: p.flags & _ACTIVATED != 0,
                passedKinds: p.passedKinds,
                parent: _parentOf[partId],
                conflictKinds: p.conflictKinds,
                registrarHold: p.flags & _REGISTRAR_HOLD != 0
            });
    }

    /// @inheritdoc IPartRegistry
    function specification(bytes32 specHash) external view returns (Specification memory) {
        return _specs[specHash];
    }

    /// @inheritdoc IPartRegistry
    function batch(uint32 batchId) external view returns (Batch memory) {
        BatchRecord storage b = _existingBatch(batchId);
        BatchRecord storage r = _batches[b.root];
        return
            Batch({
                owner: b.owner,
                remaining: b.remaining,
                quantity: b.quantity,
                transferredOut: b.transferredOut,
                root: b.root,
                parent: b.parent,
                producer: b.producer,
                recalled: r.recalled,
                unit: r.unit,
                materialSpec: r.materialSpec
            });
    }

    /// @inheritdoc IPartRegistry
    function consumed(uint32 batchId) external view returns (uint256) {
        BatchRecord storage b = _existingBatch(batchId);
        return uint256(b.quantity) - b.transferredOut - b.remaining;
    }

    /// @inheritdoc IPartRegistry
    function partInputs(uint256 partId) external view returns (BatchInput[] memory inputs) {
        uint64 lot = _existingPart(partId).lot;
        uint256 n = _lots[lot].inputCount;
        inputs = new BatchInput[](n);
        for (uint256 i; i < n; ++i) {
            LotInput storage input = _lotInputs[lot][i];
            inputs[i] = BatchInput({batchId: input.batchId, quantity: input.quantity});
        }
    }

    /// @inheritdoc IPartRegistry
    function childrenOf(uint256 partId) external view returns (uint256[] memory) {
        return _children[partId];
    }

    /// @inheritdoc IPartRegistry
    function parentOf(uint256 partId) external view returns (uint256) {
        return _parentOf[partId];
    }

    /// @inheritdoc IPartRegistry
    function isRecalled(uint256 partId) external view returns (bool recalled) {
        _existingPart(partId);
        (, recalled, ) = _inspect(partId, false);
    }

    /// @inheritdoc IPartRegistry
    function isConforming(uint256 partId) external view returns (bool) {
        return _parts[partId].lot != 0 && _fit(partId);
    }

    /// @inheritdoc IPartRegistry
    function isDeliverable(
        uint256 partId,
        address holder,
        bytes32 specHash
    ) external view returns (bool) {
        uint64 lot = _parts[partId].lot;
        return
            lot != 0 &&
            _ownerOf(partId) == holder &&
            _specHashes[_lots[lot].specId] == specHash &&
            _fit(partId);
    }

    /// @inheritdoc IPartRegistry
    function chipDigest(
        uint256 partId,
        bytes32 challenge,
        uint256 blockNumber,
        bytes32 blockHash
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(_CHIP_CHALLENGE_TYPEHASH, partId, challenge, blockNumber, blockHash)
                )
            );
    }

    /// @inheritdoc IPartRegistry
    function verifyChip(
        uint256 partId,
        bytes32 challenge,
        uint256 blockNumber,
        bytes calldata signature
    ) external view returns (bool) {
        _checkChip(partId, _existingPart(partId).chipKey, challenge, blockNumber, signature);
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // ERC-721 overrides
    // ------------------------------------------------------------------------------------------

    /// @dev Until its first transfer a part is with its maker; parts are never burned.
    function _ownerOf(uint256 tokenId) internal view override returns (address) {
        address owner = super._ownerOf(tokenId);
        if (owner != address(0)) return owner;
        uint64 lot = _parts[tokenId].lot;
        return lot == 0 ? address(0) : _lots[lot].maker;
    }

    /// @dev Refuses outside transfers of a part built into an assembly, and of anything into
    /// the registry itself (only assembly puts parts in its custody).
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override returns (address) {
        if (auth != address(0)) {
            uint256 parentId = _parentOf[tokenId];
            if (parentId != 0) revert PartRegistryPartAssembled(tokenId, parentId);
            if (to == address(this)) revert ERC721InvalidReceiver(to);
        }
        return super._update(to, tokenId, auth);
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    /// @dev The lot of parts of `specHash` made by the caller from `inputs`, opened if new.
    function _lotFor(bytes32 specHash, BatchInput[] calldata inputs) private returns (uint64 lot) {
        if (inputs.length > MAX_INPUTS) revert PartRegistryTooMany(inputs.length, MAX_INPUTS);
        bytes32 key = keccak256(abi.encode(msg.sender, specHash, inputs));
        lot = _lotByKey[key];
        if (lot != 0) return lot;

        uint32 specId = _specs[specHash].id;
        if (specId == 0) revert PartRegistryUnknownSpecification(specHash);
        lot = ++_lotCount;
        _lotByKey[key] = lot;
        // Safe: inputs.length <= MAX_INPUTS.
        _lots[lot] = Lot({maker: msg.sender, specId: specId, inputCount: uint8(inputs.length)});
        for (uint256 i; i < inputs.length; ++i) {
            BatchInput calldata input = inputs[i];
            if (input.quantity == 0) revert PartRegistryMissingInput();
            _lotInputs[lot][i] = LotInput({
                batchId: input.batchId,
                root: _existingBatch(input.batchId).root,
                quantity: input.quantity
            });
        }
        emit LotOpened(lot, msg.sender, specHash, inputs);
    }

    /// @dev Takes `count` parts' worth of every input from the caller's batches.
    function _consume(BatchInput[] calldata inputs, uint256 count) private {
        for (uint256 i; i < inputs.length; ++i) {
            uint32 batchId = inputs[i].batchId;
            BatchRecord storage b = _usableBatch(batchId);
            uint256 amount = uint256(inputs[i].quantity) * count;
            if (amount > b.remaining) {
                revert PartRegistryInsufficientBatch(batchId, amount, b.remaining);
            }
            // Safe: amount <= remaining, a uint64.
            b.remaining -= uint64(amount);
        }
    }

    /// @dev Records a part made by the caller. The balance is raised by the caller of this.
    function _mint(bytes32 serial, address chipKey, uint64 lot) private returns (uint256 partId) {
        partId = partIdOf(msg.sender, serial);
        if (_parts[partId].lot != 0) revert PartRegistryPartExists(partId);
        _parts[partId] = PartRecord({
            chipKey: chipKey,
            lot: lot,
            status: PartStatus.Made,
            passedKinds: 0,
            conflictKinds: 0,
            flags: 0
        });
        emit Transfer(address(0), msg.sender, partId);
        emit PartMade(partId, lot, serial, chipKey);
    }

    /// @dev Builds `childId`, held by the caller, into `parentId`, in the registry's custody.
    /// Returns how many parts the child's tree holds.
    function _assemble(uint256 parentId, uint256 childId) private returns (uint256 treeParts) {
        if (childId == parentId) revert PartRegistrySelfAssembly(childId);
        PartStatus status = _existingPart(childId).status;
        if (_ownerOf(childId) != msg.sender) revert PartRegistryNotPartOwner(childId, msg.sender);
        if (status != PartStatus.Made && status != PartStatus.InService) {
            revert PartRegistryUnusablePart(childId, status);
        }
        bool recalled;
        bool unfit;
        (treeParts, recalled, unfit) = _inspect(childId, true);
        if (recalled || unfit) revert PartRegistryNonConforming(childId);
        _transfer(msg.sender, address(this), childId);
        _parentOf[childId] = parentId;
        _children[parentId].push(childId);
        emit PartAssembled(parentId, childId);
    }

    /// @dev Whether part `partId` (which exists) and everything inside it is fit to use.
    function _fit(uint256 partId) private view returns (bool) {
        (, bool recalled, bool unfit) = _inspect(partId, true);
        return !recalled && !unfit;
    }

    /**
     * @dev Walks the assembly tree under `root` (which exists), depth first, with a stack in
     * memory. Bounded: a tree holds at most {MAX_TREE_PARTS} parts, checked when it is built,
     * and a built tree never grows (only the top assembly's owner can take a child out). A
     * part is unfit when it is not Made or InService, misses a required pass, or has a kind in
     * conflict; recalled when a root batch of its lot is recalled. With `untilUnfit`, it stops
     * at the first part that is unfit or recalled (then `treeParts` counts only the parts read).
     * @return treeParts the parts in the tree, `root` included
     * @return recalled whether any part in it is made from recalled material
     * @return unfit whether any part in it is unfit for another reason
     */
    function _inspect(
        uint256 root,
        bool untilUnfit
    ) private view returns (uint256 treeParts, bool recalled, bool unfit) {
        uint256[] memory stack = new uint256[](MAX_TREE_PARTS);
        stack[0] = root;
        uint256 top = 1;
        while (top != 0) {
            uint256 id = stack[--top];
            ++treeParts;
            PartRecord storage p = _parts[id];
            Lot storage lot = _lots[p.lot];
            if (
                (p.status != PartStatus.Made && p.status != PartStatus.InService) ||
                p.conflictKinds != 0 ||
                _specs[_specHashes[lot.specId]].requiredKinds & ~uint16(p.passedKinds) != 0
            ) unfit = true;
            for (uint256 i; i < lot.inputCount && !recalled; ++i) {
                if (_batches[_lotInputs[p.lot][i].root].recalled) recalled = true;
            }
            if (untilUnfit && (recalled || unfit)) return (treeParts, recalled, unfit);
            uint256[] storage children = _children[id];
            for (uint256 i; i < children.length; ++i) {
                stack[top] = children[i];
                ++top;
            }
        }
    }

    function _setPassed(PartRecord storage p, uint8 bit, bool passed) private {
        p.passedKinds = passed ? p.passedKinds | bit : p.passedKinds & ~bit;
    }

    /// @dev The one path by which a part's status changes.
    function _setStatus(
        uint256 partId,
        PartRecord storage p,
        PartStatus target,
        bytes32 reasonHash
    ) private {
        PartStatus current = p.status;
        if (!PartStatusLib.canMove(current, target)) {
            revert PartRegistryInvalidTransition(partId, current, target);
        }
        p.status = target;
        emit PartStatusChanged(partId, current, target, msg.sender, reasonHash);
    }

    /// @dev Checks the chip's answer, bound to block `blockNumber`, one of the
    /// {MAX_CHALLENGE_AGE} blocks before this one (whose hashes the EVM still knows), and
    /// returns that block's hash.
    function _checkChip(
        uint256 partId,
        address chipKey,
        bytes32 challenge,
        uint256 blockNumber,
        bytes calldata signature
    ) private view returns (bytes32 blockHash) {
        if (chipKey == address(0)) revert PartRegistryNoChip(partId);
        if (blockNumber >= block.number || block.number - blockNumber > MAX_CHALLENGE_AGE) {
            revert PartRegistryStaleChallenge(blockNumber, block.number, MAX_CHALLENGE_AGE);
        }
        blockHash = blockhash(blockNumber);
        (address signer, , ) = ECDSA.tryRecoverCalldata(
            chipDigest(partId, challenge, blockNumber, blockHash),
            signature
        );
        if (signer != chipKey) revert PartRegistryBadChipSignature(partId, signer, chipKey);
    }

    function _existingPart(uint256 partId) private view returns (PartRecord storage p) {
        p = _parts[partId];
        if (p.lot == 0) revert PartRegistryUnknownPart(partId);
    }

    function _existingBatch(uint32 batchId) private view returns (BatchRecord storage b) {
        b = _batches[batchId];
        if (b.owner == address(0)) revert PartRegistryUnknownBatch(batchId);
    }

    /// @dev A batch the caller holds, of material that is not recalled.
    function _usableBatch(uint32 batchId) private view returns (BatchRecord storage b) {
        b = _existingBatch(batchId);
        if (b.owner != msg.sender) revert PartRegistryNotBatchOwner(batchId, msg.sender, b.owner);
        if (_batches[b.root].recalled) revert PartRegistryBatchRecalled(batchId, b.root);
    }

    function _requireRole(address account, IParticipantRegistry.Role role) private view {
        if (!participants.isActive(account, role)) revert PartRegistryNotAccredited(account);
    }

    /// @dev The caller must hold `a` or `b`: a recycler registers and recalls recycled material
    /// as a producer does, and a remanufacturer makes, quarantines, releases and rebinds the
    /// parts it made as a manufacturer does.
    function _requireEither(IParticipantRegistry.Role a, IParticipantRegistry.Role b) private view {
        if (!participants.isActive(msg.sender, a) && !participants.isActive(msg.sender, b)) {
            revert PartRegistryNotAccredited(msg.sender);
        }
    }

    /// @dev Returns whether the caller acts as a registrar (rather than as the maker).
    function _requireMakerOrRegistrar(
        uint256 partId,
        PartRecord storage p
    ) private view returns (bool asRegistrar) {
        if (_isRegistrar(msg.sender)) return true;
        if (_lots[p.lot].maker != msg.sender) {
            revert PartRegistryNotMakerOrRegistrar(partId, msg.sender);
        }
        _requireEither(
            IParticipantRegistry.Role.Manufacturer,
            IParticipantRegistry.Role.Remanufacturer
        );
        return false;
    }

    function _requireRegistrar() private view {
        if (!_isRegistrar(msg.sender)) revert PartRegistryNotRegistrar(msg.sender);
    }

    function _requireAccredited(address account) private view {
        if (
            participants.accreditationState(account) !=
            IParticipantRegistry.AccreditationState.Active
        ) revert PartRegistryNotAccredited(account);
    }

    function _isRegistrar(address account) private view returns (bool) {
        return
            IAccessControl(address(participants)).hasRole(participants.REGISTRAR_ROLE(), account);
    }
}
