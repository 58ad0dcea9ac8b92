// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ICoreRegistry} from "../interfaces/ICoreRegistry.sol";
import {IParticipantRegistry} from "../interfaces/IParticipantRegistry.sol";
import {IPartRegistry} from "../interfaces/IPartRegistry.sol";
import {IWarrantyRegistry} from "../interfaces/IWarrantyRegistry.sol";

/**
 * @title WarrantyRegistry
 * @notice Warranties of remanufactured parts and their claims. See {IWarrantyRegistry} and
 * `docs/circular.md`.
 */
contract WarrantyRegistry is IWarrantyRegistry {
    /// @inheritdoc IWarrantyRegistry
    uint256 public constant RESPONSE_TIME = 30 days;
    /// @dev State bitmaps (bit `1 << state`) of {WarrantyRegistryInvalidClaimState}.
    uint8 private constant _FILED = uint8(1 << uint8(ClaimState.Filed));
    uint8 private constant _REJECTED = uint8(1 << uint8(ClaimState.Rejected));
    uint8 private constant _ESCALATED = uint8(1 << uint8(ClaimState.Escalated));

    IParticipantRegistry public immutable participants;
    IPartRegistry public immutable parts;
    /// @dev The account that deployed this contract: it may call {completeSetup}, once.
    address private immutable _deployer;
    /// @inheritdoc IWarrantyRegistry
    address public coreRegistry;

    mapping(bytes32 specHash => uint32 duration) private _newPartWarranty;
    mapping(uint256 partId => Warranty) private _warranties;
    mapping(uint256 claimId => Claim) private _claims;
    uint256 private _claimCount;

    constructor(IParticipantRegistry participants_, IPartRegistry parts_) {
        if (address(participants_) == address(0) || address(parts_) == address(0)) {
            revert WarrantyRegistryMissingInput();
        }
        participants = participants_;
        parts = parts_;
        _deployer = msg.sender;
    }

    /// @inheritdoc IWarrantyRegistry
    function completeSetup(address coreRegistry_) external {
        if (msg.sender != _deployer || coreRegistry != address(0)) {
            revert WarrantyRegistrySetupClosed();
        }
        if (coreRegistry_ == address(0)) revert WarrantyRegistryMissingInput();
        coreRegistry = coreRegistry_;
    }

    /// @inheritdoc IWarrantyRegistry
    function setNewPartWarranty(bytes32 specHash, uint32 duration) external {
        if (specHash == bytes32(0) || parts.specification(specHash).owner != msg.sender) {
            revert WarrantyRegistryNotSpecOwner(specHash, msg.sender);
        }
        _requireRole(msg.sender, IParticipantRegistry.Role.Manufacturer);
        if (duration == 0) revert WarrantyRegistryMissingInput();
        _newPartWarranty[specHash] = duration;
        emit NewPartWarrantySet(specHash, msg.sender, duration);
    }

    /// @inheritdoc IWarrantyRegistry
    function issue(
        uint256 partId,
        bytes32 specHash,
        address issuer,
        ICoreRegistry.Outcome outcome,
        uint32 duration,
        bytes32 termsHash
    ) external {
        if (msg.sender != coreRegistry) revert WarrantyRegistryNotCoreRegistry(msg.sender);
        uint256 minimum = minimumWarranty(specHash, outcome);
        if (duration == 0 || termsHash == bytes32(0)) revert WarrantyRegistryMissingInput();
        if (duration < minimum) revert WarrantyRegistryTooShort(duration, minimum);
        if (_warranties[partId].start != 0) revert WarrantyRegistryExists(partId);
        uint40 start = uint40(block.timestamp);
        _warranties[partId] = Warranty({
            issuer: issuer,
            start: start,
            duration: duration,
            outcome: outcome,
            termsHash: termsHash
        });
        emit WarrantyIssued(partId, issuer, outcome, start, duration, termsHash);
    }

    /// @inheritdoc IWarrantyRegistry
    function fileClaim(uint256 partId, bytes32 evidenceHash) external returns (uint256 claimId) {
        Warranty storage w = _warranties[partId];
        if (w.start == 0) revert WarrantyRegistryNoWarranty(partId);
        if (IERC721(address(parts)).ownerOf(partId) != msg.sender) {
            revert WarrantyRegistryNotPartOwner(partId, msg.sender);
        }
        if (evidenceHash == bytes32(0)) revert WarrantyRegistryMissingInput();
        uint256 end = uint256(w.start) + w.duration;
        if (block.timestamp > end) revert WarrantyRegistryExpired(partId, end);

        claimId = ++_claimCount;
        _claims[claimId] = Claim({
            partId: partId,
            claimant: msg.sender,
            filedAt: uint40(block.timestamp),
            state: ClaimState.Filed,
            arbiter: address(0)
        });
        emit ClaimFiled(claimId, partId, msg.sender, evidenceHash);
    }

    /// @inheritdoc IWarrantyRegistry
    function answerClaim(uint256 claimId, bool accepted, bytes32 reasonHash) external {
        Claim storage c = _existingClaim(claimId);
        address issuer = _warranties[c.partId].issuer;
        if (msg.sender != issuer) revert WarrantyRegistryNotAllowed(claimId, msg.sender);
        _requireAccredited(msg.sender);
        if (reasonHash == bytes32(0)) revert WarrantyRegistryMissingInput();
        if (c.state != ClaimState.Filed) {
            revert WarrantyRegistryInvalidClaimState(claimId, c.state, _FILED);
        }
        c.state = accepted ? ClaimState.Accepted : ClaimState.Rejected;
        emit ClaimAnswered(claimId, c.partId, accepted, reasonHash);
    }

    /// @inheritdoc IWarrantyRegistry
    function escalateClaim(uint256 claimId, address arbiter) external {
        Claim storage c = _existingClaim(claimId);
        if (msg.sender != c.claimant) revert WarrantyRegistryNotAllowed(claimId, msg.sender);
        ClaimState state = c.state;
        if (state == ClaimState.Filed) {
            uint256 answerBy = uint256(c.filedAt) + RESPONSE_TIME;
            if (block.timestamp <= answerBy)
                revert WarrantyRegistryAwaitingAnswer(claimId, answerBy);
        } else if (state == ClaimState.Escalated) {
            // Only when the arbiter named can no longer rule: the claim would be stuck otherwise.
            if (_isArbiter(c.arbiter)) {
                revert WarrantyRegistryInvalidClaimState(claimId, state, _FILED | _REJECTED);
            }
        } else if (state != ClaimState.Rejected) {
            revert WarrantyRegistryInvalidClaimState(
                claimId,
                state,
                _FILED | _REJECTED | _ESCALATED
            );
        }
        if (
            arbiter == c.claimant || arbiter == _warranties[c.partId].issuer || !_isArbiter(arbiter)
        ) revert WarrantyRegistryInvalidArbiter(arbiter);
        c.state = ClaimState.Escalated;
        c.arbiter = arbiter;
        emit ClaimEscalated(claimId, c.partId, arbiter);
    }

    /// @inheritdoc IWarrantyRegistry
    function ruleClaim(uint256 claimId, bool upheld, bytes32 reasonHash) external {
        Claim storage c = _existingClaim(claimId);
        if (c.state != ClaimState.Escalated) {
            revert WarrantyRegistryInvalidClaimState(claimId, c.state, _ESCALATED);
        }
        if (msg.sender != c.arbiter) revert WarrantyRegistryNotAllowed(claimId, msg.sender);
        _requireRole(msg.sender, IParticipantRegistry.Role.Arbiter);
        if (reasonHash == bytes32(0)) revert WarrantyRegistryMissingInput();
        c.state = upheld ? ClaimState.Upheld : ClaimState.Dismissed;
        emit ClaimRuled(claimId, c.partId, msg.sender, upheld, reasonHash);
    }

    /// @inheritdoc IWarrantyRegistry
    function newPartWarranty(bytes32 specHash) external view returns (uint32) {
        return _newPartWarranty[specHash];
    }

    /// @inheritdoc IWarrantyRegistry
    function minimumWarranty(
        bytes32 specHash,
        ICoreRegistry.Outcome outcome
    ) public view returns (uint256) {
        uint256 full = _newPartWarranty[specHash];
        if (full == 0) revert WarrantyRegistryNoNewPartWarranty(specHash);
        if (outcome == ICoreRegistry.Outcome.Remanufacture) return full;
        if (outcome == ICoreRegistry.Outcome.Recondition) return full / 2;
        if (outcome == ICoreRegistry.Outcome.Repair) return full / 4;
        revert WarrantyRegistryNoWarrantyFor(outcome);
    }

    /// @inheritdoc IWarrantyRegistry
    function warranty(uint256 partId) external view returns (Warranty memory) {
        return _warranties[partId];
    }

    /// @inheritdoc IWarrantyRegistry
    function claim(uint256 claimId) external view returns (Claim memory) {
        return _existingClaim(claimId);
    }

    function _existingClaim(uint256 claimId) private view returns (Claim storage c) {
        c = _claims[claimId];
        if (c.state == ClaimState.None) revert WarrantyRegistryUnknownClaim(claimId);
    }

    function _isArbiter(address account) private view returns (bool) {
        return participants.isActive(account, IParticipantRegistry.Role.Arbiter);
    }

    function _requireRole(address account, IParticipantRegistry.Role role) private view {
        if (!participants.isActive(account, role)) revert WarrantyRegistryNotAccredited(account);
    }

    function _requireAccredited(address account) private view {
        if (
            participants.accreditationState(account) !=
            IParticipantRegistry.AccreditationState.Active
        ) revert WarrantyRegistryNotAccredited(account);
    }
}
