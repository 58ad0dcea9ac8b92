// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ICoreRegistry} from "./ICoreRegistry.sol";

/**
 * @title IWarrantyRegistry
 * @notice Warranties of remanufactured parts and their claims. The owner of a specification sets
 * the warranty of a new part of it; a remanufactured unit gets at least that, a reconditioned one
 * at least half, a repaired one at least a quarter. The part's owner files a claim with evidence
 * within the term; the issuer accepts or rejects it; a rejected claim, or one the issuer leaves
 * unanswered for {RESPONSE_TIME}, can go to an accredited arbiter, whose ruling is final. Should
 * that arbiter stop being an active arbiter before ruling, the claimant takes the claim to another.
 * @dev Claim states: Filed -> Accepted | Rejected; Filed (unanswered) | Rejected -> Escalated;
 * Escalated (arbiter no longer active) -> Escalated (another arbiter); Escalated -> Upheld |
 * Dismissed.
 */
interface IWarrantyRegistry {
    /// @notice Where a claim stands.
    enum ClaimState {
        None,
        Filed,
        Accepted,
        Rejected,
        Escalated,
        Upheld,
        Dismissed
    }

    /// @notice A remanufactured part's warranty: zero `start` for a part without one.
    /// Layout: slot 0 = issuer (20) + start (5) + duration (4) + outcome (1); slot 1 = termsHash.
    struct Warranty {
        address issuer;
        uint40 start;
        uint32 duration;
        ICoreRegistry.Outcome outcome;
        bytes32 termsHash;
    }

    /// @notice A warranty claim.
    /// Layout: slot 0 = partId; slot 1 = claimant (20) + filedAt (5) + state (1); slot 2 = arbiter.
    struct Claim {
        uint256 partId;
        address claimant;
        uint40 filedAt;
        ClaimState state;
        address arbiter;
    }

    /// @notice The owner of `specHash` set the warranty of a new part of it, in seconds.
    event NewPartWarrantySet(bytes32 indexed specHash, address indexed owner, uint32 duration);

    /// @notice Part `partId` got its warranty from `issuer`.
    event WarrantyIssued(
        uint256 indexed partId,
        address indexed issuer,
        ICoreRegistry.Outcome outcome,
        uint40 start,
        uint32 duration,
        bytes32 termsHash
    );

    /// @notice The owner of part `partId` filed claim `claimId`.
    event ClaimFiled(
        uint256 indexed claimId,
        uint256 indexed partId,
        address indexed claimant,
        bytes32 evidenceHash
    );

    /// @notice The issuer answered a claim.
    event ClaimAnswered(
        uint256 indexed claimId,
        uint256 indexed partId,
        bool accepted,
        bytes32 reasonHash
    );

    /// @notice The claimant took a claim to `arbiter`.
    event ClaimEscalated(uint256 indexed claimId, uint256 indexed partId, address indexed arbiter);

    /// @notice The arbiter ruled: `upheld` for the claimant.
    event ClaimRuled(
        uint256 indexed claimId,
        uint256 indexed partId,
        address indexed arbiter,
        bool upheld,
        bytes32 reasonHash
    );

    /// @notice A required hash or duration is zero.
    error WarrantyRegistryMissingInput();

    /// @notice `account` is not an active participant in the role this needs.
    error WarrantyRegistryNotAccredited(address account);

    /// @notice The caller does not own specification `specHash`.
    error WarrantyRegistryNotSpecOwner(bytes32 specHash, address caller);

    /// @notice The owner of `specHash` has not set the warranty of a new part of it, the floor
    /// every remanufactured unit's warranty is measured against.
    error WarrantyRegistryNoNewPartWarranty(bytes32 specHash);

    /// @notice Outcome `outcome` gives no warranty (recycle only).
    error WarrantyRegistryNoWarrantyFor(ICoreRegistry.Outcome outcome);

    /// @notice A warranty of `duration` seconds is shorter than the `minimum` for its outcome.
    error WarrantyRegistryTooShort(uint32 duration, uint256 minimum);

    /// @notice Part `partId` already has a warranty.
    error WarrantyRegistryExists(uint256 partId);

    /// @notice Part `partId` has no warranty.
    error WarrantyRegistryNoWarranty(uint256 partId);

    /// @notice Part `partId`'s warranty ended at `end`.
    error WarrantyRegistryExpired(uint256 partId, uint256 end);

    /// @notice The caller does not own part `partId`.
    error WarrantyRegistryNotPartOwner(uint256 partId, address caller);

    /// @notice No claim `claimId`.
    error WarrantyRegistryUnknownClaim(uint256 claimId);

    /// @notice The caller may not act on claim `claimId`.
    error WarrantyRegistryNotAllowed(uint256 claimId, address caller);

    /// @notice Claim `claimId` is in state `current`, and the action needs one of the states
    /// whose bit (`1 << uint8(state)`) is set in `allowedStates` (an escalation also takes an
    /// escalated claim whose arbiter can no longer rule).
    error WarrantyRegistryInvalidClaimState(
        uint256 claimId,
        ClaimState current,
        uint8 allowedStates
    );

    /// @notice The issuer may answer claim `claimId` until `answerBy`; escalation waits until then.
    error WarrantyRegistryAwaitingAnswer(uint256 claimId, uint256 answerBy);

    /// @notice `arbiter` may not rule on this claim (not an active arbiter, or a party to it).
    error WarrantyRegistryInvalidArbiter(address arbiter);

    /// @notice Only the core registry issues warranties.
    error WarrantyRegistryNotCoreRegistry(address caller);

    /// @notice The deployer already completed setup, or the caller is not the deployer.
    error WarrantyRegistrySetupClosed();

    /**
     * @notice Sets the warranty of a new part of `specHash`, the floor of a remanufactured one.
     * @dev Caller: the specification's owner, an active manufacturer.
     */
    function setNewPartWarranty(bytes32 specHash, uint32 duration) external;

    /**
     * @notice Opens part `partId`'s warranty from now.
     * @dev Caller: the core registry only, at remanufacture.
     */
    function issue(
        uint256 partId,
        bytes32 specHash,
        address issuer,
        ICoreRegistry.Outcome outcome,
        uint32 duration,
        bytes32 termsHash
    ) external;

    /**
     * @notice Files a claim against part `partId`'s warranty.
     * @dev Caller: the part's owner, within the warranty's term.
     */
    function fileClaim(uint256 partId, bytes32 evidenceHash) external returns (uint256 claimId);

    /// @notice Accepts or rejects a filed claim. Caller: the warranty's issuer, while active.
    function answerClaim(uint256 claimId, bool accepted, bytes32 reasonHash) external;

    /**
     * @notice Takes a rejected claim, or one unanswered for {RESPONSE_TIME}, to `arbiter`; or an
     * escalated claim whose arbiter is no longer an active arbiter, to another `arbiter`.
     * @dev Caller: the claimant. `arbiter`: an active arbiter, neither the claimant nor the issuer.
     */
    function escalateClaim(uint256 claimId, address arbiter) external;

    /// @notice Rules on an escalated claim, finally. Caller: the arbiter named, while active.
    function ruleClaim(uint256 claimId, bool upheld, bytes32 reasonHash) external;

    /// @notice Wires the core registry that issues warranties. Caller: the deployer, once.
    function completeSetup(address coreRegistry) external;

    /// @notice How long the issuer has to answer a claim before the claimant may escalate it.
    function RESPONSE_TIME() external view returns (uint256);

    /// @notice The core registry wired by {completeSetup}; zero before.
    function coreRegistry() external view returns (address);

    /// @notice The warranty of a new part of `specHash`, in seconds (zero when not set).
    function newPartWarranty(bytes32 specHash) external view returns (uint32);

    /// @notice The shortest warranty a part of `specHash` remanufactured with `outcome` may carry.
    /// Reverts until the specification's owner sets the warranty of a new part.
    function minimumWarranty(
        bytes32 specHash,
        ICoreRegistry.Outcome outcome
    ) external view returns (uint256);

    /// @notice Part `partId`'s warranty (zero `start` when it has none).
    function warranty(uint256 partId) external view returns (Warranty memory);

    /// @notice A claim by id; reverts for an unknown id.
    function claim(uint256 claimId) external view returns (Claim memory);
}
