// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPartRegistry} from "./IPartRegistry.sol";

/**
 * @title ICoreRegistry
 * @notice Remanufacture cores (white paper 6.1). At end of life the holder of a part returns it:
 * the part goes into this contract's custody for good (it never circulates as a working part
 * again) and a core token (ERC-721, id = the part's id) is minted to the holder. Accredited
 * inspectors grade cores; holders sell them to accredited remanufacturers, recyclers and the OEM on a
 * market without standing approvals; a remanufacturer turns a core into a new part of the same
 * specification under the OEM's licence ({ILicenceRegistry}) with a warranty
 * ({IWarrantyRegistry}); a recycler turns a core into a recycled-material batch. Lineage: every
 * remanufactured part links to its predecessor, with a stored generation count.
 * @dev Behaviours at the edges, all documented in `docs/circular.md`:
 * - A recalled part can be returned; its core can only be graded recycle-only and never
 *   remanufactured.
 * - An assembly is returned whole, with its children inside it; to harvest the children, its
 *   holder takes them out with the registry's `disassemble` first and returns each as its own core.
 * - A part under a registrar's hold cannot be returned until the registrar releases it; a core
 *   whose part a registrar holds (a registrar may quarantine a part in this contract's custody)
 *   cannot be bought, remanufactured or recycled until the hold is lifted. Grading goes on: it
 *   is how the investigation is recorded.
 */
interface ICoreRegistry {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /**
     * @notice What an inspection finds a core fit for, after the white paper's definitions:
     * remanufacture (returned to at least its original performance, with a warranty at least that
     * of a new part), recondition (returned to a satisfactory working condition, possibly below
     * the original), repair (only the faults corrected) or recycle only (material recovery).
     */
    enum Outcome {
        None,
        Remanufacture,
        Recondition,
        Repair,
        RecycleOnly
    }

    /// @notice Where a core stands. A core token exists only while `Held`.
    enum CoreState {
        None,
        Held,
        Remanufactured,
        Recycled
    }

    /// @notice What a buyer prices a core on, from the chain alone. Attestation and service
    /// records, and when the part was made, come from the part registry's events.
    struct CoreView {
        uint256 partId;
        CoreState state;
        /// @dev The core's holder while `Held`, zero after.
        address holder;
        bytes32 specHash;
        address maker;
        /// @dev How many times the part's line was remanufactured before this part.
        uint16 generation;
        /// @dev Whether the part, anything inside it or any predecessor is made of recalled material.
        bool recalled;
        uint16 passedKinds;
        uint16 conflictKinds;
        /// @dev Parts built into the part (an assembly returned whole).
        uint256 children;
        uint40 returnedAt;
        Outcome outcome;
        uint8 grade;
        address grader;
        uint40 gradedAt;
        uint16 gradeCount;
        /// @dev What the core became: the new part's id, or the recycled batch's id.
        uint256 successor;
    }

    /// @notice A core offered for sale: `price` in `token`, zero token when not listed.
    /// Layout: one slot, token (20) + price (12).
    struct Listing {
        IERC20 token;
        uint96 price;
    }

    /// @notice A remanufactured part's link to the part it was made from.
    /// Layout: slot 0 = predecessor; slot 1 = generation (2) + outcome (1).
    struct Link {
        uint256 predecessor;
        uint16 generation;
        Outcome outcome;
    }

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /// @notice Part `partId` left circulation and core `coreId` (the same id) went to `holder`.
    event CoreReturned(
        uint256 indexed coreId,
        address indexed holder,
        bytes32 indexed specHash,
        uint16 generation,
        bool recalled,
        bytes32 evidenceHash
    );

    /// @notice An inspector graded a core. `gradeCount` counts the grades so far, this one included.
    event CoreGraded(
        uint256 indexed coreId,
        address indexed grader,
        Outcome outcome,
        uint8 grade,
        bytes32 evidenceHash,
        uint16 gradeCount
    );

    /// @notice A core was offered at `price` in `token`.
    event CoreListed(uint256 indexed coreId, address indexed seller, IERC20 token, uint96 price);

    /// @notice A core's offer was withdrawn by its holder.
    event CoreDelisted(uint256 indexed coreId, address indexed seller);

    /// @notice A listed core was bought: the payment and the core crossed in one transaction.
    event CoreSold(
        uint256 indexed coreId,
        address indexed seller,
        address indexed buyer,
        IERC20 token,
        uint96 price
    );

    /// @notice Core `coreId` was remanufactured into part `newPartId`.
    event CoreRemanufactured(
        uint256 indexed coreId,
        uint256 indexed newPartId,
        address indexed remanufacturer,
        Outcome outcome,
        uint16 generation,
        uint256 licenceId
    );

    /// @notice Core `coreId` was recycled into batch `batchId` of recycled material.
    event CoreRecycled(
        uint256 indexed coreId,
        uint32 indexed batchId,
        address indexed recycler,
        bytes32 evidenceHash
    );

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    /// @notice A required address, hash or amount is zero.
    error CoreRegistryMissingInput();

    /// @notice `account` is not an active participant in a role this needs.
    error CoreRegistryNotAccredited(address account);

    /// @notice The caller does not hold part `partId`.
    error CoreRegistryNotPartHolder(uint256 partId, address caller);

    /// @notice Part `partId` is under a registrar's hold: it is not returned, sold, remanufactured
    /// or recycled until the registrar releases it.
    error CoreRegistryRegistrarHold(uint256 partId);

    /// @notice Part `partId` was recycled or destroyed and cannot become a core.
    error CoreRegistryUnusablePart(uint256 partId, IPartRegistry.PartStatus status);

    /// @notice No core `coreId` is held (never returned, or already remanufactured or recycled).
    error CoreRegistryNotHeld(uint256 coreId, CoreState state);

    /// @notice The caller does not hold core `coreId`.
    error CoreRegistryNotCoreHolder(uint256 coreId, address caller);

    /// @notice `grader` holds core `coreId` or made its part, and may not grade it.
    error CoreRegistryConflictedGrader(uint256 coreId, address grader);

    /// @notice A grade is from 1 (as new) to `maxGrade` (scrap).
    error CoreRegistryInvalidGrade(uint8 grade, uint8 maxGrade);

    /// @notice Core `coreId` is of recalled material: it can be graded recycle-only, never remanufactured.
    error CoreRegistryRecalled(uint256 coreId);

    /// @notice Core `coreId` has no grade yet.
    error CoreRegistryNotGraded(uint256 coreId);

    /// @notice Core `coreId`'s latest grade, from `gradedAt`, is older than `maxAge` seconds.
    error CoreRegistryGradeTooOld(uint256 coreId, uint40 gradedAt, uint256 maxAge);

    /// @notice Core `coreId` is not listed.
    error CoreRegistryNotListed(uint256 coreId);

    /// @notice Core `coreId` is listed at `price` in `token`, not at what the buyer accepted.
    error CoreRegistryListingChanged(uint256 coreId, IERC20 token, uint96 price);

    /// @notice The seller cannot buy its own core.
    error CoreRegistrySelfPurchase(uint256 coreId);

    /// @notice Core `coreId` was graded `outcome`, which does not allow remanufacture.
    error CoreRegistryNotRemanufacturable(uint256 coreId, Outcome outcome);

    /// @notice Part `partId` was not made by the caller, or is no longer with it, or not as Made.
    error CoreRegistryNotNewPart(uint256 partId, address caller);

    /// @notice Part `partId` is of `actual`, not of the core's specification `expected`.
    error CoreRegistrySpecMismatch(uint256 partId, bytes32 expected, bytes32 actual);

    /// @notice Part `partId` is already linked to a predecessor, or is itself a core.
    error CoreRegistryAlreadyLinked(uint256 partId);

    /// @notice Remanufacturing would make generation `generation`, past `maxGeneration`.
    error CoreRegistryGenerationLimit(uint16 generation, uint16 maxGeneration);

    /// @notice Batch `batchId` is not a batch the caller registered, or is already linked to a core.
    error CoreRegistryNotRecycledBatch(uint32 batchId, address caller);

    // ------------------------------------------------------------------------------------------
    // Cores
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Returns part `partId` at end of life: the part goes into this contract's custody and
     * core `partId` is minted to the caller.
     * @dev Caller: the part's holder, an active participant, having approved this contract for
     * the part (the SDK approves this one part, never all of them). Refused for a part under a registrar's
     * hold, recycled or destroyed. A recalled part is accepted and flagged.
     * @param evidenceHash the hash of the return paperwork (removal record, condition photos)
     * @return coreId the new core's id (the part's id)
     */
    function returnCore(uint256 partId, bytes32 evidenceHash) external returns (uint256 coreId);

    /**
     * @notice Grades a held core: the latest grade counts, and every grade stays in the events.
     * @dev Caller: an active inspector or test lab that neither holds the core nor made its part.
     * A recalled core can only be graded `RecycleOnly`.
     * @param value the grade, 1 (as new) to {MAX_GRADE} (scrap)
     * @param evidenceHash the hash of the inspection data
     */
    function grade(uint256 coreId, Outcome outcome, uint8 value, bytes32 evidenceHash) external;

    // ------------------------------------------------------------------------------------------
    // Market
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Offers a core at `price` in `token`, replacing any earlier offer. The core stays
     * with its holder; any transfer of it withdraws the offer.
     * @dev Caller: the core's holder.
     */
    function list(uint256 coreId, IERC20 token, uint96 price) external;

    /// @notice Withdraws the offer of a core. Caller: the core's holder.
    function delist(uint256 coreId) external;

    /**
     * @notice Buys a listed core: `price` in `token` goes from the caller to the holder and the
     * core to the caller, in this one transaction.
     * @dev Caller: an active remanufacturer or recycler, or the OEM (the owner of the core's
     * specification, an active manufacturer), not the seller, having approved `price` of
     * `token` to this contract. `token` and `price` must equal the listing (so a changed offer is
     * never accepted by surprise). With `maxGradeAge` non-zero the core must carry a grade no
     * older than that many seconds.
     */
    function buy(uint256 coreId, IERC20 token, uint96 price, uint256 maxGradeAge) external;

    // ------------------------------------------------------------------------------------------
    // Remanufacture and recycling
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Turns core `coreId` into part `newPartId`, which the caller made in the part
     * registry (new serial and chip, optionally new material): the core is burned, the new part
     * links to its predecessor, one unit of the OEM's licence is drawn (with its fee) and the new
     * part's warranty opens.
     * @dev Caller: the core's holder, an active remanufacturer, or the specification's owner
     * (who needs no licence), that did not give the core's latest grade. The core must be graded
     * remanufacture, recondition or repair, not recalled and not under a registrar's hold; the
     * new part must be of the core's specification, made by the caller, still with
     * it, `Made`, and linked to nothing. The warranty must be at least the minimum for the outcome
     * ({IWarrantyRegistry-minimumWarranty}). The new part conforms only once its required
     * attestations pass, as any new part.
     * @return licenceId the licence drawn, zero when the specification's owner remanufactures
     */
    function remanufacture(
        uint256 coreId,
        uint256 newPartId,
        uint32 warrantyDuration,
        bytes32 warrantyTermsHash
    ) external returns (uint256 licenceId);

    /**
     * @notice Recycles core `coreId` into batch `batchId`: the core is burned and the batch's
     * origin links back to it.
     * @dev Caller: the core's holder, an active recycler, which registered `batchId` in the part
     * registry (`registerBatch`, drawing its certified capacity) and still holds it whole. A
     * batch links to one core.
     */
    function recycle(uint256 coreId, uint32 batchId, bytes32 evidenceHash) external;

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @notice The highest (worst) grade.
    function MAX_GRADE() external view returns (uint8);

    /// @notice The most times one line of parts can be remanufactured.
    function MAX_GENERATION() external view returns (uint16);

    /// @notice The part registry whose parts become cores.
    function parts() external view returns (IPartRegistry);

    /// @notice A core (any state): reverts only for a part that never became a core.
    function core(uint256 coreId) external view returns (CoreView memory);

    /// @notice The offer of a core; a zero token when it is not listed.
    function listing(uint256 coreId) external view returns (Listing memory);

    /// @notice Part `partId`'s link to its predecessor (zero for a part not remanufactured).
    function linkOf(uint256 partId) external view returns (Link memory);

    /**
     * @notice The predecessors of part `partId`, newest first, back to the first part of its line
     * (whose material batches the part registry's `partInputs` gives). Bounded by
     * {MAX_GENERATION}.
     */
    function lineage(uint256 partId) external view returns (uint256[] memory predecessors);

    /// @notice Whether part `partId` or any predecessor is made of recalled material.
    function isLineageRecalled(uint256 partId) external view returns (bool);

    /**
     * @notice Whether part `partId` is fit to use: the part registry's `isConforming`, no
     * recalled material anywhere in its lineage, and neither it nor the assembly it is built into
     * returned as a core (a core's part is out of circulation for good, whatever the part
     * registry still reports). A recall of a predecessor's material reaches the remanufactured
     * part here. The lineage walked is the part's own: a remanufactured part built into an
     * assembly carries its predecessors' recall in its own `isFit`, not in the assembly's.
     */
    function isFit(uint256 partId) external view returns (bool);

    /// @notice The core a recycled batch came from; zero for other batches.
    function originOf(uint32 batchId) external view returns (uint256 coreId);
}
