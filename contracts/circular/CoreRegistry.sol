// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICoreRegistry} from "../interfaces/ICoreRegistry.sol";
import {ILicenceRegistry} from "../interfaces/ILicenceRegistry.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IWarrantyRegistry} from "../interfaces/IWarrantyRegistry.sol";

/**
 * @title CoreRegistry
 * @notice Remanufacture core tokens: return, grading, the core market, remanufacture with
 * lineage, and recycling. See {ICoreRegistry} and `docs/circular.md`.
 * @dev A core's id is its part's id, and a part enters this contract's custody once and never
 * leaves it, so a part's life yields at most one core. Listings live in one slot per core and are
 * found by id: nothing loops over them. Lineage walks at most {MAX_GENERATION} stored links.
 */
contract CoreRegistry is ICoreRegistry, ERC721, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc ICoreRegistry
    uint8 public constant MAX_GRADE = 5;
    /// @inheritdoc ICoreRegistry
    uint16 public constant MAX_GENERATION = 16;

    /// @dev Slot 0: grader (20) + gradedAt (5) + returnedAt (5) + outcome (1) + state (1).
    /// Slot 1: grade (1) + gradeCount (2). Slot 2: successor.
    struct CoreRecord {
        address grader;
        uint40 gradedAt;
        uint40 returnedAt;
        Outcome outcome;
        CoreState state;
        uint8 grade;
        uint16 gradeCount;
        uint256 successor;
    }

    IParticipantRegistry public immutable participants;
    /// @inheritdoc ICoreRegistry
    IPartRegistry public immutable parts;
    ILicenceRegistry public immutable licences;
    IWarrantyRegistry public immutable warranties;

    mapping(uint256 coreId => CoreRecord) private _cores;
    mapping(uint256 coreId => Listing) private _listings;
    mapping(uint256 partId => Link) private _links;
    mapping(uint32 batchId => uint256 coreId) private _origins;

    constructor(
        IParticipantRegistry participants_,
        IPartRegistry parts_,
        ILicenceRegistry licences_,
        IWarrantyRegistry warranties_
    ) ERC721("Remanufacture Core", "CORE") {
        if (
            address(participants_) == address(0) ||
            address(parts_) == address(0) ||
            address(licences_) == address(0) ||
            address(warranties_) == address(0)
        ) revert CoreRegistryMissingInput();
        participants = participants_;
        parts = parts_;
        licences = licences_;
        warranties = warranties_;
    }

    // ------------------------------------------------------------------------------------------
    // Cores
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc ICoreRegistry
    function returnCore(
        uint256 partId,
        bytes32 evidenceHash
    ) external nonReentrant returns (uint256 coreId) {
        IPartRegistry.PartView memory p = parts.part(partId);
        if (p.owner != msg.sender) revert CoreRegistryNotPartHolder(partId, msg.sender);
        if (evidenceHash == bytes32(0)) revert CoreRegistryMissingInput();
        _requireAccredited(msg.sender);
        if (p.registrarHold) revert CoreRegistryRegistrarHold(partId);
        if (
            p.status == IPartRegistry.PartStatus.Recycled ||
            p.status == IPartRegistry.PartStatus.Destroyed
        ) {
            revert CoreRegistryUnusablePart(partId, p.status);
        }

        coreId = partId;
        _cores[coreId].returnedAt = uint40(block.timestamp);
        _cores[coreId].state = CoreState.Held;
        _mint(msg.sender, coreId);
        emit CoreReturned(
            coreId,
            msg.sender,
            p.specHash,
            _links[partId].generation,
            _lineageRecalled(partId),
            evidenceHash
        );
        // The registry only moves a part its holder approved this contract for.
        IERC721(address(parts)).transferFrom(msg.sender, address(this), partId);
    }

    /// @inheritdoc ICoreRegistry
    function grade(uint256 coreId, Outcome outcome, uint8 value, bytes32 evidenceHash) external {
        CoreRecord storage c = _heldCore(coreId);
        if (
            !participants.isActive(msg.sender, IParticipantRegistry.Role.Inspector) &&
            !participants.isActive(msg.sender, IParticipantRegistry.Role.TestLab)
        ) revert CoreRegistryNotAccredited(msg.sender);
        if (msg.sender == _ownerOf(coreId) || msg.sender == parts.part(coreId).maker) {
            revert CoreRegistryConflictedGrader(coreId, msg.sender);
        }
        if (outcome == Outcome.None || evidenceHash == bytes32(0))
            revert CoreRegistryMissingInput();
        if (value == 0 || value > MAX_GRADE) revert CoreRegistryInvalidGrade(value, MAX_GRADE);
        if (outcome != Outcome.RecycleOnly && _lineageRecalled(coreId)) {
            revert CoreRegistryRecalled(coreId);
        }

        uint16 count = c.gradeCount + 1;
        c.grader = msg.sender;
        c.gradedAt = uint40(block.timestamp);
        c.outcome = outcome;
        c.grade = value;
        c.gradeCount = count;
        emit CoreGraded(coreId, msg.sender, outcome, value, evidenceHash, count);
    }

    // ------------------------------------------------------------------------------------------
    // Market
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc ICoreRegistry
    function list(uint256 coreId, IERC20 token, uint96 price) external {
        _requireHolder(coreId);
        if (address(token) == address(0) || price == 0) revert CoreRegistryMissingInput();
        _listings[coreId] = Listing({token: token, price: price});
        emit CoreListed(coreId, msg.sender, token, price);
    }

    /// @inheritdoc ICoreRegistry
    function delist(uint256 coreId) external {
        _requireHolder(coreId);
        if (address(_listings[coreId].token) == address(0)) revert CoreRegistryNotListed(coreId);
        delete _listings[coreId];
        emit CoreDelisted(coreId, msg.sender);
    }

    /// @inheritdoc ICoreRegistry
    function buy(
        uint256 coreId,
        IERC20 token,
        uint96 price,
        uint256 maxGradeAge
    ) external nonReentrant {
        CoreRecord storage c = _heldCore(coreId);
        Listing memory offer = _listings[coreId];
        if (address(offer.token) == address(0)) revert CoreRegistryNotListed(coreId);
        if (address(offer.token) != address(token) || offer.price != price) {
            revert CoreRegistryListingChanged(coreId, offer.token, offer.price);
        }
        address seller = _ownerOf(coreId);
        if (seller == msg.sender) revert CoreRegistrySelfPurchase(coreId);
        if (
            !participants.isActive(msg.sender, IParticipantRegistry.Role.Remanufacturer) &&
            !participants.isActive(msg.sender, IParticipantRegistry.Role.Recycler) &&
            !_isOem(msg.sender, parts.part(coreId).specHash)
        ) revert CoreRegistryNotAccredited(msg.sender);
        if (maxGradeAge != 0) {
            if (c.gradeCount == 0) revert CoreRegistryNotGraded(coreId);
            if (block.timestamp - c.gradedAt > maxGradeAge) {
                revert CoreRegistryGradeTooOld(coreId, c.gradedAt, maxGradeAge);
            }
        }

        // The transfer clears the listing and refuses a core under a registrar's hold (_update).
        _transfer(seller, msg.sender, coreId);
        emit CoreSold(coreId, seller, msg.sender, token, price);
        token.safeTransferFrom(msg.sender, seller, price);
    }

    // ------------------------------------------------------------------------------------------
    // Remanufacture and recycling
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc ICoreRegistry
    function remanufacture(
        uint256 coreId,
        uint256 newPartId,
        uint32 warrantyDuration,
        bytes32 warrantyTermsHash
    ) external nonReentrant returns (uint256 licenceId) {
        CoreRecord storage c = _heldCore(coreId);
        _requireHolder(coreId);
        if (c.gradeCount == 0) revert CoreRegistryNotGraded(coreId);
        Outcome outcome = c.outcome;
        if (outcome == Outcome.RecycleOnly) revert CoreRegistryNotRemanufacturable(coreId, outcome);
        if (_lineageRecalled(coreId)) revert CoreRegistryRecalled(coreId);
        // Nobody remanufactures on a grade it gave itself.
        if (c.grader == msg.sender) revert CoreRegistryConflictedGrader(coreId, msg.sender);

        IPartRegistry.PartView memory old = parts.part(coreId);
        if (old.registrarHold) revert CoreRegistryRegistrarHold(coreId);
        bytes32 specHash = old.specHash;
        _checkNewPart(newPartId, specHash);
        uint16 generation = _links[coreId].generation + 1;
        if (generation > MAX_GENERATION) {
            revert CoreRegistryGenerationLimit(generation, MAX_GENERATION);
        }
        bool isOem = parts.specification(specHash).owner == msg.sender;
        _requireRole(
            msg.sender,
            isOem
                ? IParticipantRegistry.Role.Manufacturer
                : IParticipantRegistry.Role.Remanufacturer
        );

        c.state = CoreState.Remanufactured;
        c.successor = newPartId;
        _links[newPartId] = Link({predecessor: coreId, generation: generation, outcome: outcome});
        _burn(coreId);
        if (!isOem) licenceId = licences.draw(specHash, msg.sender);
        warranties.issue(
            newPartId,
            specHash,
            msg.sender,
            outcome,
            warrantyDuration,
            warrantyTermsHash
        );
        emit CoreRemanufactured(coreId, newPartId, msg.sender, outcome, generation, licenceId);
    }

    /// @inheritdoc ICoreRegistry
    function recycle(uint256 coreId, uint32 batchId, bytes32 evidenceHash) external {
        CoreRecord storage c = _heldCore(coreId);
        _requireHolder(coreId);
        _requireRole(msg.sender, IParticipantRegistry.Role.Recycler);
        if (evidenceHash == bytes32(0)) revert CoreRegistryMissingInput();
        if (parts.part(coreId).registrarHold) revert CoreRegistryRegistrarHold(coreId);
        IPartRegistry.Batch memory b = parts.batch(batchId);
        if (
            b.producer != msg.sender ||
            b.owner != msg.sender ||
            b.root != batchId ||
            b.remaining != b.quantity ||
            _origins[batchId] != 0
        ) revert CoreRegistryNotRecycledBatch(batchId, msg.sender);

        c.state = CoreState.Recycled;
        c.successor = batchId;
        _origins[batchId] = coreId;
        _burn(coreId);
        emit CoreRecycled(coreId, batchId, msg.sender, evidenceHash);
    }

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @inheritdoc ICoreRegistry
    function core(uint256 coreId) external view returns (CoreView memory v) {
        CoreRecord storage c = _cores[coreId];
        if (c.state == CoreState.None) revert CoreRegistryNotHeld(coreId, CoreState.None);
        IPartRegistry.PartView memory p = parts.part(coreId);
        v.partId = coreId;
        v.state = c.state;
        v.holder = _ownerOf(coreId);
        v.specHash = p.specHash;
        v.maker = p.maker;
        v.generation = _links[coreId].generation;
        v.recalled = _lineageRecalled(coreId);
        v.passedKinds = p.passedKinds;
        v.conflictKinds = p.conflictKinds;
        v.children = parts.childrenOf(coreId).length;
        v.returnedAt = c.returnedAt;
        v.outcome = c.outcome;
        v.grade = c.grade;
        v.grader = c.grader;
        v.gradedAt = c.gradedAt;
        v.gradeCount = c.gradeCount;
        v.successor = c.successor;
    }

    /// @inheritdoc ICoreRegistry
    function listing(uint256 coreId) external view returns (Listing memory) {
        return _listings[coreId];
    }

    /// @inheritdoc ICoreRegistry
    function linkOf(uint256 partId) external view returns (Link memory) {
        return _links[partId];
    }

    /// @inheritdoc ICoreRegistry
    function lineage(uint256 partId) external view returns (uint256[] memory predecessors) {
        uint256 n = _links[partId].generation;
        predecessors = new uint256[](n);
        uint256 id = partId;
        for (uint256 i; i < n; ++i) {
            id = _links[id].predecessor;
            predecessors[i] = id;
        }
    }

    /// @inheritdoc ICoreRegistry
    function isLineageRecalled(uint256 partId) external view returns (bool) {
        return _lineageRecalled(partId);
    }

    /// @inheritdoc ICoreRegistry
    function isFit(uint256 partId) external view returns (bool) {
        // A part returned as a core, or built into one, stays Made or InService in the part
        // registry, which cannot see that it left circulation for good. Bounded: an assembly
        // tree holds at most the part registry's MAX_TREE_PARTS parts.
        uint256 top = partId;
        for (uint256 parent = parts.parentOf(top); parent != 0; parent = parts.parentOf(top)) {
            top = parent;
        }
        return
            _cores[top].state == CoreState.None &&
            parts.isConforming(partId) &&
            !_lineageRecalled(partId);
    }

    /// @inheritdoc ICoreRegistry
    function originOf(uint32 batchId) external view returns (uint256) {
        return _origins[batchId];
    }

    // ------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------

    /// @dev Any transfer withdraws the core's offer. A core whose part a registrar holds does
    /// not change hands (a sale, a plain transfer, a core-charge settlement) until the hold is
    /// lifted; returning mints and remanufacture and recycling burn, each checked on its own.
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0) && parts.part(tokenId).registrarHold) {
            revert CoreRegistryRegistrarHold(tokenId);
        }
        if (address(_listings[tokenId].token) != address(0)) delete _listings[tokenId];
    }

    /// @dev Checks that `newPartId` is a new part of `specHash` the caller made and still holds,
    /// linked to nothing.
    function _checkNewPart(uint256 newPartId, bytes32 specHash) private view {
        IPartRegistry.PartView memory np = parts.part(newPartId);
        if (
            np.maker != msg.sender ||
            np.owner != msg.sender ||
            np.status != IPartRegistry.PartStatus.Made
        ) revert CoreRegistryNotNewPart(newPartId, msg.sender);
        if (np.specHash != specHash) {
            revert CoreRegistrySpecMismatch(newPartId, specHash, np.specHash);
        }
        if (_links[newPartId].generation != 0 || _cores[newPartId].state != CoreState.None) {
            revert CoreRegistryAlreadyLinked(newPartId);
        }
    }

    /// @dev Whether `account` owns `specHash` and is an active manufacturer: the OEM.
    function _isOem(address account, bytes32 specHash) private view returns (bool) {
        return
            parts.specification(specHash).owner == account &&
            participants.isActive(account, IParticipantRegistry.Role.Manufacturer);
    }

    /// @dev Whether `partId` or a predecessor is of recalled material: at most
    /// {MAX_GENERATION} + 1 registry calls. A line holds at most {MAX_GENERATION} + 1 parts
    /// (remanufacture refuses a longer one), so the part reached after {MAX_GENERATION} links
    /// is the first of its line.
    function _lineageRecalled(uint256 partId) private view returns (bool) {
        uint256 id = partId;
        for (uint256 i; i < MAX_GENERATION; ++i) {
            if (parts.isRecalled(id)) return true;
            Link storage link = _links[id];
            if (link.generation == 0) return false;
            id = link.predecessor;
        }
        return parts.isRecalled(id);
    }

    function _heldCore(uint256 coreId) private view returns (CoreRecord storage c) {
        c = _cores[coreId];
        if (c.state != CoreState.Held) revert CoreRegistryNotHeld(coreId, c.state);
    }

    function _requireHolder(uint256 coreId) private view {
        if (_ownerOf(coreId) != msg.sender) revert CoreRegistryNotCoreHolder(coreId, msg.sender);
    }

    function _requireRole(address account, IParticipantRegistry.Role role) private view {
        if (!participants.isActive(account, role)) revert CoreRegistryNotAccredited(account);
    }

    function _requireAccredited(address account) private view {
        if (
            participants.accreditationState(account) !=
            IParticipantRegistry.AccreditationState.Active
        ) revert CoreRegistryNotAccredited(account);
    }
}
