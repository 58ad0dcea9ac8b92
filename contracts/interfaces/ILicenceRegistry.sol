// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title ILicenceRegistry
 * @notice OEM licences to remanufacture (white paper 6.1): the owner of a specification consents
 * to a third-party remanufacturer remaking at most `unitsPerPeriod` units per period, in return for
 * an optional fee per unit and access to the specification and performance data named by
 * `dataHash`. The core registry draws one unit per remanufacture.
 * @dev Periods are counted from the grant: period `k` runs from `start + k * periodLength`. A
 * period is at least one day, so no rule depends on `block.timestamp` finer than minutes. One
 * live licence per specification and remanufacturer; after a revocation or expiry the OEM may
 * grant a new one, which counts its own periods.
 */
interface ILicenceRegistry {
    /// @notice A licence's terms and how much of its current period is used.
    /// Layout: slot 0 = specHash; slot 1 = oem; slot 2 = remanufacturer (20) + unitsPerPeriod (4)
    /// + periodLength (4); slot 3 = start (5) + validUntil (5) + revoked (1) + feeToken (20);
    /// slot 4 = feePerUnit (12); slot 5 = dataHash; slot 6 = period (4) + used (4).
    struct Licence {
        bytes32 specHash;
        address oem;
        address remanufacturer;
        uint32 unitsPerPeriod;
        uint32 periodLength;
        uint40 start;
        uint40 validUntil;
        bool revoked;
        IERC20 feeToken;
        uint96 feePerUnit;
        bytes32 dataHash;
        /// @dev The period whose use `used` counts.
        uint32 period;
        uint32 used;
    }

    /// @notice The OEM licensed `remanufacturer` to remanufacture parts of `specHash` on `terms`.
    event LicenceGranted(
        uint256 indexed licenceId,
        bytes32 indexed specHash,
        address indexed remanufacturer,
        Licence terms
    );

    /// @notice The OEM revoked a licence.
    event LicenceRevoked(uint256 indexed licenceId, address indexed oem, bytes32 reasonHash);

    /// @notice One unit of a licence was used in `period`; `used` counts that period's units, and
    /// `fee` went to the OEM.
    event LicenceDrawn(uint256 indexed licenceId, uint32 period, uint32 used, uint96 fee);

    /// @notice A required address, hash or amount is zero.
    error LicenceRegistryMissingInput();

    /// @notice `account` is not an active participant in the role this needs.
    error LicenceRegistryNotAccredited(address account);

    /// @notice The caller does not own specification `specHash`.
    error LicenceRegistryNotSpecOwner(bytes32 specHash, address caller);

    /// @notice A period is at least `minPeriod` seconds.
    error LicenceRegistryPeriodTooShort(uint32 periodLength, uint256 minPeriod);

    /// @notice `validUntil` is not in the future.
    error LicenceRegistryExpiryPassed(uint40 validUntil);

    /// @notice Licence `licenceId` for this specification and remanufacturer is still live.
    error LicenceRegistryLicenceExists(uint256 licenceId);

    /// @notice No licence `licenceId`.
    error LicenceRegistryUnknownLicence(uint256 licenceId);

    /// @notice The caller is not the OEM of licence `licenceId`.
    error LicenceRegistryNotOem(uint256 licenceId, address caller);

    /// @notice `remanufacturer` holds no licence for `specHash`.
    error LicenceRegistryNoLicence(bytes32 specHash, address remanufacturer);

    /// @notice Licence `licenceId` was revoked.
    error LicenceRegistryRevoked(uint256 licenceId);

    /// @notice Licence `licenceId` expired at `validUntil`.
    error LicenceRegistryExpired(uint256 licenceId, uint40 validUntil);

    /**
     * @notice Licence `licenceId` has `remaining` units left this period (none), and the next
     * period starts at `nextPeriodStart` (zero when the licence ends before another period
     * starts).
     */
    error LicenceRegistryQuotaExhausted(
        uint256 licenceId,
        uint32 remaining,
        uint256 nextPeriodStart
    );

    /// @notice Only the core registry draws licences.
    error LicenceRegistryNotCoreRegistry(address caller);

    /// @notice The deployer already completed setup, or the caller is not the deployer.
    error LicenceRegistrySetupClosed();

    /**
     * @notice Grants `remanufacturer` a licence for `specHash`.
     * @dev Caller: the specification's owner, an active manufacturer. `remanufacturer` must be an
     * active remanufacturer other than the caller, with no live licence for `specHash`.
     * `feeToken` may be zero only with a zero `feePerUnit`.
     * @param periodLength seconds, at least {MIN_PERIOD}
     * @param validUntil when the licence ends (unix seconds, in the future)
     * @param dataHash the hash of the data package (specification and performance data) licensed
     */
    function grantLicence(
        bytes32 specHash,
        address remanufacturer,
        uint32 unitsPerPeriod,
        uint32 periodLength,
        uint40 validUntil,
        IERC20 feeToken,
        uint96 feePerUnit,
        bytes32 dataHash
    ) external returns (uint256 licenceId);

    /// @notice Revokes a licence from now on. Caller: its OEM.
    function revokeLicence(uint256 licenceId, bytes32 reasonHash) external;

    /**
     * @notice Draws one unit of `remanufacturer`'s licence for `specHash` and collects its fee
     * from `remanufacturer` for the OEM (the remanufacturer approves the fee to this contract).
     * @dev Caller: the core registry only. Refused without a live licence or with no units left
     * in the current period.
     */
    function draw(bytes32 specHash, address remanufacturer) external returns (uint256 licenceId);

    /// @notice Wires the core registry that draws licences. Caller: the deployer, once.
    function completeSetup(address coreRegistry) external;

    /// @notice The shortest period.
    function MIN_PERIOD() external view returns (uint256);

    /// @notice The core registry wired by {completeSetup}; zero before.
    function coreRegistry() external view returns (address);

    /// @notice A licence by id; reverts for an unknown id.
    function licence(uint256 licenceId) external view returns (Licence memory);

    /// @notice The latest licence granted for `specHash` to `remanufacturer` (live or not); zero for none.
    function licenceOf(bytes32 specHash, address remanufacturer) external view returns (uint256);

    /**
     * @notice What is left of a licence now.
     * @return remaining units left in the current period (zero when revoked or expired)
     * @return periodStart when the current period started
     * @return nextPeriodStart when the next period starts; zero when the licence ends first
     */
    function quota(
        uint256 licenceId
    ) external view returns (uint32 remaining, uint256 periodStart, uint256 nextPeriodStart);
}
