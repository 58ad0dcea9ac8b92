// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IPartRegistry
 * @notice Provenance of material and parts: material batches registered against certified
 * capacity and consumed exactly once; serialised parts as ERC-721 tokens with their
 * specification, inputs, attestations, status and tag-chip key; assemblies; recall; customer
 * activation proven by the tag chip's signature. See `docs/provenance.md`.
 * @dev Quantities are whole units of the batch's unit (`kg`, `g`, `m`, `pcs`...). A part's token
 * id is `uint256(keccak256(abi.encode(maker, serial)))`, so a maker cannot reuse a serial and
 * anyone who reads the serial off a part can find its token.
 */
interface IPartRegistry {
    // ------------------------------------------------------------------------------------------
    // Types
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Where a part is in its life. Changed only through one internal path.
     *
     *   Made ──activate──▶ InService
     *   Made / InService ──quarantine──▶ Quarantined ──release──▶ Made or InService (as before)
     *   Made / InService ──retire(Returned)──▶ Returned ──retire(Recycled)──▶ Recycled
     *   Returned / Quarantined ──retire(Destroyed)──▶ Destroyed
     */
    enum PartStatus {
        Made,
        InService,
        Quarantined,
        Returned,
        Recycled,
        Destroyed
    }

    /// @notice What an attestation records. A specification names the kinds a part must pass.
    enum AttestationKind {
        Test,
        Measurement,
        Inspection,
        Calibration,
        Service,
        Repair
    }

    /// @notice A quantity taken from a batch, per part made.
    struct BatchInput {
        uint32 batchId;
        uint64 quantity;
    }

    /// @notice A part type. Layout: one slot (owner 20 + id 4 + requiredKinds 2).
    struct Specification {
        address owner;
        uint32 id;
        uint16 requiredKinds;
    }

    /// @notice A material batch, or a portion of one transferred to another holder.
    struct Batch {
        address owner;
        uint64 remaining;
        uint64 quantity;
        uint64 transferredOut;
        uint32 root;
        uint32 parent;
        address producer;
        bool recalled;
        bytes8 unit;
        bytes32 materialSpec;
    }

    /// @notice A part as the registry reports it. `passedKinds` and `conflictKinds` are bitmaps
    /// (bit `1 << kind`) of the attestation kinds whose standing result is a pass, and of those
    /// on which two attesters disagree and no registrar has ruled yet. `registrarHold` is set
    /// while a registrar's quarantine holds the part (only a registrar can release it).
    struct PartView {
        address maker;
        address owner;
        bytes32 specHash;
        uint64 lot;
        PartStatus status;
        address chipKey;
        bool activated;
        uint16 passedKinds;
        uint256 parent;
        uint16 conflictKinds;
        bool registrarHold;
    }

    // ------------------------------------------------------------------------------------------
    // Events
    // ------------------------------------------------------------------------------------------

    /// @notice `owner` defined part type `specHash` (id `specId`), which must pass the
    /// attestation kinds in `requiredKinds` (bit `1 << kind`) to count as conforming.
    event SpecificationDefined(
        bytes32 indexed specHash,
        uint32 specId,
        address indexed owner,
        uint16 requiredKinds
    );

    /// @notice `producer` registered batch `batchId` of `quantity` `unit` of material
    /// `materialSpec`, certified under `schemeIds`, on the evidence `evidenceHash`.
    event BatchRegistered(
        uint32 indexed batchId,
        address indexed producer,
        bytes32 indexed materialSpec,
        uint64 quantity,
        bytes8 unit,
        bytes32[] schemeIds,
        bytes32 evidenceHash
    );

    /// @notice `quantity` of batch `fromBatch` went to `to` as the new batch `toBatch`.
    event BatchTransferred(
        uint32 indexed fromBatch,
        uint32 indexed toBatch,
        address indexed to,
        uint64 quantity
    );

    /// @notice `by` recalled batch `batchId` (a root batch: every portion of it is recalled).
    event BatchRecalled(uint32 indexed batchId, address indexed by, bytes32 reasonHash);

    /// @notice Registrar `by` lifted the recall of root batch `batchId`, for `reasonHash`.
    event BatchRecallLifted(uint32 indexed batchId, address indexed by, bytes32 reasonHash);

    /// @notice A production lot opened: parts of `specHash` made by `maker`, each consuming
    /// `inputs`.
    event LotOpened(
        uint64 indexed lot,
        address indexed maker,
        bytes32 indexed specHash,
        BatchInput[] inputs
    );

    /// @notice Part `partId`, serial `serial`, was made in lot `lot`, bound to `chipKey` (zero if
    /// it has no tag chip). The ERC-721 `Transfer` from zero to the maker accompanies it. The
    /// part consumed its lot's inputs: what a batch gave is its quantity per part times the
    /// parts made in lots that name it.
    event PartMade(uint256 indexed partId, uint64 indexed lot, bytes32 serial, address chipKey);

    /// @notice Part `childId` was built into assembly `parentId`.
    event PartAssembled(uint256 indexed parentId, uint256 indexed childId);

    /// @notice `by` took part `childId` out of assembly `parentId`.
    event PartDisassembled(
        uint256 indexed parentId,
        uint256 indexed childId,
        address indexed by,
        bytes32 reasonHash
    );

    /// @notice `attester` recorded a `kind` attestation of part `partId`: data `dataHash`,
    /// result `passed`.
    event Attested(
        uint256 indexed partId,
        address indexed attester,
        AttestationKind indexed kind,
        bool passed,
        bytes32 dataHash
    );

    /// @notice `attester`'s `kind` result on part `partId` disagrees with the standing result of
    /// `previous` (or of several attesters, `previous` = address(1)): the kind is in conflict, and
    /// the part does not conform, until a registrar rules with {resolveAttestation}.
    event AttestationConflict(
        uint256 indexed partId,
        AttestationKind indexed kind,
        address previous,
        address attester
    );

    /// @notice Registrar `registrar` ruled the conflict on `kind` of part `partId`: `passed`.
    event AttestationResolved(
        uint256 indexed partId,
        AttestationKind indexed kind,
        address indexed registrar,
        bool passed,
        bytes32 reasonHash
    );

    /// @notice Registrar `registrar` placed (`placed`) or lifted its hold on part `partId`.
    event RegistrarHold(
        uint256 indexed partId,
        address indexed registrar,
        bool placed,
        bytes32 reasonHash
    );

    /// @notice Part `partId` went from `from` to `to`, by `by`, for the reason `reasonHash`.
    event PartStatusChanged(
        uint256 indexed partId,
        PartStatus from,
        PartStatus to,
        address indexed by,
        bytes32 reasonHash
    );

    /// @notice `customer` activated part `partId` with its tag chip's signature of a challenge
    /// bound to block `blockNumber`, whose hash was `blockHash`.
    event PartActivated(
        uint256 indexed partId,
        address indexed customer,
        uint256 blockNumber,
        bytes32 blockHash
    );

    /// @notice The maker re-bound part `partId` from `oldKey` to `newKey`, for `reasonHash`.
    event ChipRebound(uint256 indexed partId, address oldKey, address newKey, bytes32 reasonHash);

    // ------------------------------------------------------------------------------------------
    // Errors
    // ------------------------------------------------------------------------------------------

    /// @notice `account` is not an active accredited participant in any of the roles needed.
    error PartRegistryNotAccredited(address account);

    /// @notice `producer` holds no valid certificate under `schemeId`.
    error PartRegistryNotCertified(address producer, bytes32 schemeId);

    /// @notice A hash, quantity, list or address that must be given was zero or empty.
    error PartRegistryMissingInput();

    /// @notice A list had `length` entries; at most `max` are allowed.
    error PartRegistryTooMany(uint256 length, uint256 max);

    /// @notice Two lists that must have the same length did not.
    error PartRegistryLengthMismatch(uint256 expected, uint256 actual);

    /// @notice Scheme `schemeId` is named twice.
    error PartRegistryDuplicateScheme(bytes32 schemeId);

    /// @notice Part `partId` is `status`: only a Made or InService part can be built in.
    error PartRegistryUnusablePart(uint256 partId, PartStatus status);

    /// @notice Part `partId` was quarantined by a registrar: only a registrar can release it.
    error PartRegistryRegistrarHold(uint256 partId);

    /// @notice Specification `specHash` is already defined.
    error PartRegistrySpecificationExists(bytes32 specHash);

    /// @notice Specification `specHash` is not defined.
    error PartRegistryUnknownSpecification(bytes32 specHash);

    /// @notice Batch `batchId` does not exist.
    error PartRegistryUnknownBatch(uint32 batchId);

    /// @notice `caller` does not hold batch `batchId`; `owner` does.
    error PartRegistryNotBatchOwner(uint32 batchId, address caller, address owner);

    /// @notice Batch `batchId` has `remaining` left; `requested` was asked for.
    error PartRegistryInsufficientBatch(uint32 batchId, uint256 requested, uint256 remaining);

    /// @notice Batch `batchId` belongs to recalled material (root batch `root`).
    error PartRegistryBatchRecalled(uint32 batchId, uint32 root);

    /// @notice `caller` is neither the producer of batch `batchId` nor a registrar.
    error PartRegistryNotRecaller(uint32 batchId, address caller);

    /// @notice Batch `batchId` (root batch `root`) is not recalled.
    error PartRegistryBatchNotRecalled(uint32 batchId, uint32 root);

    /// @notice `caller` is not a registrar.
    error PartRegistryNotRegistrar(address caller);

    /// @notice Part `partId`, or a part inside it at some depth, is recalled, made from recalled
    /// material, quarantined, retired, missing a required attestation or in attestation conflict.
    error PartRegistryNonConforming(uint256 partId);

    /// @notice An assembly would hold `parts` parts counting itself and every part inside it at
    /// any depth; at most `max` ({MAX_TREE_PARTS}) keep "is this part fit to use?" bounded.
    error PartRegistryTreeTooLarge(uint256 parts, uint256 max);

    /// @notice The maker `maker` cannot attest its own part `partId`.
    error PartRegistrySelfAttestation(uint256 partId, address maker);

    /// @notice `requiredKinds` names bits that are no attestation kind.
    error PartRegistryUnknownAttestationKinds(uint16 requiredKinds);

    /// @notice Kind `kind` of part `partId` is not in attestation conflict.
    error PartRegistryNoConflict(uint256 partId, AttestationKind kind);

    /// @notice Part `partId` already exists (the maker used this serial before).
    error PartRegistryPartExists(uint256 partId);

    /// @notice Part `partId` does not exist.
    error PartRegistryUnknownPart(uint256 partId);

    /// @notice `caller` does not own part `partId`.
    error PartRegistryNotPartOwner(uint256 partId, address caller);

    /// @notice `caller` is neither the maker of part `partId` nor a registrar.
    error PartRegistryNotMakerOrRegistrar(uint256 partId, address caller);

    /// @notice Part `partId` is built into assembly `parentId`.
    error PartRegistryPartAssembled(uint256 partId, uint256 parentId);

    /// @notice Part `partId` cannot be built into itself.
    error PartRegistrySelfAssembly(uint256 partId);

    /// @notice Part `partId` is not built into any assembly.
    error PartRegistryNotAssembled(uint256 partId);

    /// @notice Part `partId` is `current`; the move to `target` is not allowed.
    error PartRegistryInvalidTransition(uint256 partId, PartStatus current, PartStatus target);

    /// @notice Part `partId` has no tag chip.
    error PartRegistryNoChip(uint256 partId);

    /// @notice The chip's answer is bound to block `blockNumber`, which is not one of the
    /// `maxAge` blocks before the current block `currentBlock` (too old, current or future).
    error PartRegistryStaleChallenge(uint256 blockNumber, uint256 currentBlock, uint256 maxAge);

    /// @notice The signature was made by `signer`, not by the chip `chipKey` of part `partId`
    /// (or was not for this challenge, block, part, registry and chain).
    error PartRegistryBadChipSignature(uint256 partId, address signer, address chipKey);

    // ------------------------------------------------------------------------------------------
    // Specifications and batches
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Defines part type `specHash` and the attestation kinds a part of it must pass.
     * @dev Caller: an active manufacturer, which becomes the specification's owner.
     * @param requiredKinds bitmask of {AttestationKind}: bit `1 << kind`; a bit that is no kind
     * is refused
     */
    function defineSpecification(bytes32 specHash, uint16 requiredKinds) external;

    /**
     * @notice Registers a batch of raw material, drawing `quantity` from the producer's
     * certified capacity under each scheme.
     * @dev Caller: an active producer or recycler with a valid certificate under every scheme in `schemeIds`
     * (one to four, each once). The caller holds the new batch.
     * @param materialSpec hash of the material specification
     * @param quantity how much, in `unit`
     * @param unit the unit, as a short string (`kg`)
     * @param schemeIds the certification schemes the batch carries
     * @param evidenceHash hash of the material certificate (mill certificate, test report)
     * @return batchId the new batch
     */
    function registerBatch(
        bytes32 materialSpec,
        uint64 quantity,
        bytes8 unit,
        bytes32[] calldata schemeIds,
        bytes32 evidenceHash
    ) external returns (uint32 batchId);

    /**
     * @notice Transfers `quantity` of batch `batchId` to `to`, as a new batch that remembers
     * where it came from.
     * @dev Caller: the batch's owner, an active participant. `to` must be an active participant.
     * @return childId the new batch held by `to`
     */
    function transferBatch(
        uint32 batchId,
        address to,
        uint64 quantity
    ) external returns (uint32 childId);

    /**
     * @notice Recalls the material of batch `batchId`: its root batch and every portion of it.
     * Every part that consumed any of it reports itself recalled, at once.
     * @dev Caller: the producer of the material, active as a producer or recycler, or a registrar.
     */
    function recallBatch(uint32 batchId, bytes32 reasonHash) external;

    /**
     * @notice Lifts the recall of batch `batchId`'s material (its root batch): its parts count
     * as they did before the recall.
     * @dev Caller: a registrar only, with a non-zero `reasonHash` (the finding that clears it).
     */
    function liftRecall(uint32 batchId, bytes32 reasonHash) external;

    // ------------------------------------------------------------------------------------------
    // Parts
    // ------------------------------------------------------------------------------------------

    /**
     * @notice Makes one part of type `specHash` with serial `serial`, consuming `inputs` from
     * batches the caller holds and building in `children` (parts the caller holds, which the
     * registry keeps in custody until disassembled). Each child must be Made or InService and
     * conforming, with everything inside it ({isConforming}); the whole tree, the new part
     * included, holds at most {MAX_TREE_PARTS} parts.
     * @dev Caller: an active manufacturer or remanufacturer. The part is minted to the caller.
     * @param chipKey the address of the tag chip's secp256k1 key, or zero
     * @param inputs at most 8 batches and the quantity of each this part consumes
     * @param children at most 32 parts built into this one
     * @return partId the new token id
     */
    function makePart(
        bytes32 specHash,
        bytes32 serial,
        address chipKey,
        BatchInput[] calldata inputs,
        uint256[] calldata children
    ) external returns (uint256 partId);

    /**
     * @notice Makes a production run: one part per serial, each consuming `inputs`.
     * @dev Caller: an active manufacturer or remanufacturer. `chipKeys` is empty (no chips) or one per serial.
     * @return firstPartId the token id of the first part of the run
     */
    function makeParts(
        bytes32 specHash,
        bytes32[] calldata serials,
        address[] calldata chipKeys,
        BatchInput[] calldata inputs
    ) external returns (uint256 firstPartId);

    /**
     * @notice Takes part `childId` out of its assembly and gives it to the assembly's owner.
     * The child never comes out looking better than the assembly: out of an activated assembly
     * it is activated (Made becomes InService), out of a quarantined one it is quarantined, and
     * out of a returned one (end of life) it is returned.
     * @dev Caller: the assembly's owner, active as a manufacturer, service provider or
     * remanufacturer. Refused while a registrar holds the assembly, and from a Recycled or
     * Destroyed assembly.
     */
    function disassemble(uint256 childId, bytes32 reasonHash) external;

    /**
     * @notice Appends an attestation to part `partId`. Nobody's result overwrites another's:
     * the first result of a kind stands; the attester that gave it alone may revise it; a
     * result that agrees with it is counted; one that disagrees puts the kind in conflict, and
     * the part stops conforming until a registrar rules ({resolveAttestation}). A registrar's
     * ruling stands: later results of that kind are only recorded. Every result stays in the
     * history (`Attested`).
     * @dev Caller: an active test lab, inspector or service provider, not the part's maker.
     */
    function attest(uint256 partId, AttestationKind kind, bytes32 dataHash, bool passed) external;

    /**
     * @notice Rules a conflict between attesters on `kind` of part `partId`: `passed` becomes
     * the standing result, and later attestations of the kind are only recorded. A registrar
     * can rule again on a kind already ruled (a retest ordered after the ruling, say).
     * @dev Caller: a registrar; the kind must be in conflict or already ruled; `reasonHash`
     * (the grounds of the ruling) must not be zero.
     */
    function resolveAttestation(
        uint256 partId,
        AttestationKind kind,
        bool passed,
        bytes32 reasonHash
    ) external;

    /**
     * @notice Quarantines part `partId` (Made or InService): it stops counting as conforming.
     * A registrar's quarantine is a hold that only a registrar can release; a registrar can
     * also put its hold on a part that its maker quarantined first.
     * @dev Caller: the maker, active as a manufacturer or remanufacturer, or a registrar.
     */
    function quarantine(uint256 partId, bytes32 reasonHash) external;

    /**
     * @notice Releases part `partId` from quarantine, back to Made or InService.
     * @dev Caller: the maker, active as a manufacturer or remanufacturer, or a registrar; only a registrar while
     * a registrar holds it.
     */
    function release(uint256 partId, bytes32 reasonHash) external;

    /**
     * @notice Moves part `partId` towards the end of its life: Returned, Recycled or Destroyed.
     * A part under a registrar's hold cannot be retired until the registrar releases it.
     * @dev Caller: the part's owner, an active participant. See {PartStatus} for the moves.
     */
    function retire(uint256 partId, PartStatus target, bytes32 evidenceHash) external;

    /**
     * @notice Activates part `partId` at first sale: the tag chip signs the activation
     * challenge, which proves the customer holds the physical part.
     * @dev Caller: the part's owner, an active customer; the part must be Made and conforming
     * ({isConforming}: it and every part inside it fit to use). `challenge` is
     * a fresh random value chosen by the customer's app. The chip signs {chipDigest}, bound to
     * block `blockNumber` and its hash, which the registry looks up itself: the block must be
     * one of the {MAX_CHALLENGE_AGE} blocks before the one the activation is mined in, so an
     * answer cannot be prepared before that block exists and stops working 64 blocks later.
     * @param partId the part to activate
     * @param challenge the verifier's random challenge
     * @param blockNumber the recent block the answer is bound to
     * @param signature the chip's 65-byte signature (r, s, v) of {chipDigest}
     */
    function activate(
        uint256 partId,
        bytes32 challenge,
        uint256 blockNumber,
        bytes calldata signature
    ) external;

    /**
     * @notice Binds part `partId` to a new tag chip key after the old tag was damaged. The
     * reason stays in history.
     * @dev Caller: the part's maker, active as a manufacturer or remanufacturer. `reasonHash` must not be zero.
     */
    function rebindChip(uint256 partId, address newChipKey, bytes32 reasonHash) external;

    // ------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------

    /// @notice How many blocks back a chip's answer may be bound: to one of the 64 blocks
    /// before the current one.
    function MAX_CHALLENGE_AGE() external view returns (uint256);

    /// @notice The most parts one assembly tree may hold, its root included.
    function MAX_TREE_PARTS() external view returns (uint256);

    /// @notice The token id of the part `maker` made with `serial`.
    function partIdOf(address maker, bytes32 serial) external pure returns (uint256);

    /// @notice Part `partId`, as it stands.
    function part(uint256 partId) external view returns (PartView memory);

    /// @notice The specification `specHash` (owner zero when undefined).
    function specification(bytes32 specHash) external view returns (Specification memory);

    /// @notice Batch `batchId`.
    function batch(uint32 batchId) external view returns (Batch memory);

    /// @notice How much of batch `batchId` went into parts.
    function consumed(uint32 batchId) external view returns (uint256);

    /// @notice The batches and quantities each part of `partId`'s lot consumed.
    function partInputs(uint256 partId) external view returns (BatchInput[] memory);

    /// @notice The parts built into assembly `partId`.
    function childrenOf(uint256 partId) external view returns (uint256[] memory);

    /// @notice The assembly part `partId` is built into (zero if none).
    function parentOf(uint256 partId) external view returns (uint256);

    /// @notice Whether any material that part `partId`, or any part inside it at any depth,
    /// consumed has been recalled.
    function isRecalled(uint256 partId) external view returns (bool);

    /**
     * @notice The answer to "is this part fit to use?": part `partId` and every part inside it,
     * at any depth, is Made or InService, made from no recalled material, has a standing pass
     * for every attestation kind its specification requires, and has no attestation conflict.
     * @dev A bounded walk of the assembly tree: a tree holds at most {MAX_TREE_PARTS} parts.
     */
    function isConforming(uint256 partId) external view returns (bool);

    /**
     * @notice Whether part `partId` may be delivered by `holder` against `specHash`: it exists,
     * `holder` holds it, it is of that specification, and it is conforming ({isConforming}).
     * The escrow's one question at delivery.
     */
    function isDeliverable(
        uint256 partId,
        address holder,
        bytes32 specHash
    ) external view returns (bool);

    /**
     * @notice The EIP-712 digest a tag chip signs to answer `challenge` for part `partId`,
     * bound to block `blockNumber` whose hash is `blockHash`: the typed data
     * `ChipChallenge(uint256 partId,bytes32 challenge,uint256 blockNumber,bytes32 blockHash)`
     * under the domain (name "PartRegistry", version "1", chain id, this registry).
     */
    function chipDigest(
        uint256 partId,
        bytes32 challenge,
        uint256 blockNumber,
        bytes32 blockHash
    ) external view returns (bytes32);

    /// @notice Whether `signature` proves possession of part `partId`'s chip for `challenge`,
    /// bound to block `blockNumber` (one of the {MAX_CHALLENGE_AGE} blocks before the current
    /// one, whose hash the registry looks up), now. Refuses with the reason when not.
    function verifyChip(
        uint256 partId,
        bytes32 challenge,
        uint256 blockNumber,
        bytes calldata signature
    ) external view returns (bool);
}
