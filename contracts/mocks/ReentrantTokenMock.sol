// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title ReentrantTokenMock
 * @notice Test-only ERC-20 (18 decimals) that, once armed, calls back into a target during the
 * next transfer between two accounts, like a token with a transfer hook. The call is made after
 * the balances have moved, exactly once (the token disarms itself first), from this token as
 * `msg.sender`. Its outcome is recorded, never bubbled up: a test asserts on {lastCallSucceeded}
 * and {lastReturnData} (e.g. the `ReentrancyGuardReentrantCall()` selector when the target's
 * reentrancy guard refused the nested call). Open mint.
 */
contract ReentrantTokenMock is ERC20 {
    /// @notice Whether the next transfer between two accounts calls {armedTarget}.
    bool public armed;

    /// @notice Whether the last callback succeeded.
    bool public lastCallSucceeded;

    /// @notice The contract the armed callback calls.
    address public armedTarget;

    /// @notice The calldata of the armed callback.
    bytes public armedData;

    /// @notice The return data (or revert data) of the last callback.
    bytes public lastReturnData;

    /// @notice A transfer called `target`; `success` and `returnData` are the call's outcome.
    event ReentryAttempted(address target, bool success, bytes returnData);

    constructor() ERC20("Reentrant", "REENT") {}

    /// @notice Mints `amount` to `to`. Open to anyone (test-only). Never triggers the callback.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the callback: the next transfer between two accounts calls `target` with
    /// `data`. Replaces any call already armed. Open to anyone (test-only).
    function arm(address target, bytes calldata data) external {
        armed = true;
        armedTarget = target;
        armedData = data;
    }

    /// @notice Disarms the callback without making it.
    function disarm() external {
        _disarm();
    }

    /// @dev Moves the balances, then, when armed and neither side is the zero address, disarms and
    /// makes the callback, recording its outcome.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (armed && from != address(0) && to != address(0)) {
            address target = armedTarget;
            bytes memory data = armedData;
            _disarm();
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory returnData) = target.call(data);
            lastCallSucceeded = success;
            lastReturnData = returnData;
            emit ReentryAttempted(target, success, returnData);
        }
    }

    function _disarm() private {
        armed = false;
        delete armedTarget;
        delete armedData;
    }
}
