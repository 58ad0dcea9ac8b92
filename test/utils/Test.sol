// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title Vm
 * @notice The subset of the Foundry-compatible cheatcodes that Hardhat 3's Solidity test runner
 * (EDR) provides and our tests use. The runner answers at the standard cheatcode address.
 */
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function warp(uint256 newTimestamp) external;
    function roll(uint256 newHeight) external;
    function setBlockhash(uint256 blockNumber, bytes32 blockHash) external;
    function getBlockTimestamp() external view returns (uint256);
    function expectEmit() external;
    function expectEmit(
        bool checkTopic1,
        bool checkTopic2,
        bool checkTopic3,
        bool checkData,
        address emitter
    ) external;
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external pure;
    function label(address account, string calldata newLabel) external;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(
        uint256 privateKey,
        bytes32 digest
    ) external pure returns (uint8 v, bytes32 r, bytes32 s);

    function assertTrue(bool condition) external pure;
    function assertTrue(bool condition, string calldata message) external pure;
    function assertFalse(bool condition) external pure;
    function assertFalse(bool condition, string calldata message) external pure;
    function assertEq(bool left, bool right) external pure;
    function assertEq(bool left, bool right, string calldata message) external pure;
    function assertEq(uint256 left, uint256 right) external pure;
    function assertEq(uint256 left, uint256 right, string calldata message) external pure;
    function assertEq(address left, address right) external pure;
    function assertEq(address left, address right, string calldata message) external pure;
    function assertEq(bytes32 left, bytes32 right) external pure;
    function assertEq(bytes32 left, bytes32 right, string calldata message) external pure;
    function assertLe(uint256 left, uint256 right) external pure;
    function assertLe(uint256 left, uint256 right, string calldata message) external pure;
    function assertGe(uint256 left, uint256 right) external pure;
    function assertGe(uint256 left, uint256 right, string calldata message) external pure;
    function assertLt(uint256 left, uint256 right) external pure;
    function assertLt(uint256 left, uint256 right, string calldata message) external pure;
    function assertGt(uint256 left, uint256 right) external pure;
    function assertGt(uint256 left, uint256 right, string calldata message) external pure;
}

/**
 * @title Test
 * @notice Minimal base for Solidity tests without forge-std: the cheatcode handle, `bound`, and
 * the `targetContract` / `targetContracts()` hooks the invariant fuzzer reads.
 */
abstract contract Test {
    /// @notice The cheatcode contract, at the address Foundry and Hardhat 3 both use.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Who holds the admin role of the contracts under test: never the deployer (the
    /// test contract itself), which may only call `completeSetup`.
    address internal constant GOVERNANCE = address(0x60E);
    /// @notice The admin hand-over delay the tests deploy with.
    uint48 internal constant ADMIN_DELAY = 2 days;

    /// @notice `bound` was asked for an empty range.
    error TestBoundInvalidRange(uint256 min, uint256 max);

    address[] private _targetedContracts;

    /// @notice The contracts the invariant fuzzer calls; empty means every contract deployed
    /// in `setUp` (read by the runner, as in forge-std's `StdInvariant`).
    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    /// @notice Restricts the invariant fuzzer to `target` (and any other targets added).
    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    /**
     * @notice Maps `x` into `[min, max]`, keeping it unchanged when it is already inside, and
     * wrapping it around otherwise (as forge-std's `bound`), so that the fuzzer's edge values
     * (0, 1, 2, 3, max - 3 .. max) land on the range's edges.
     */
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256 result) {
        if (min > max) revert TestBoundInvalidRange(min, max);
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        if (x <= 3 && size > x) return min + x;
        if (x >= type(uint256).max - 3 && size > type(uint256).max - x) {
            return max - (type(uint256).max - x);
        }
        if (x > max) {
            uint256 rem = (x - max) % size;
            return rem == 0 ? max : min + rem - 1;
        }
        uint256 remBelow = (min - x) % size;
        return remBelow == 0 ? min : max - remBelow + 1;
    }
}
