// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title ApprovalRaceTokenMock
 * @notice Test-only ERC-20 (6 decimals) that, like USDT, refuses to change one non-zero
 * allowance to another: an `approve` of a non-zero value needs the allowance at zero first (the
 * classic guard against the approve race). Spending an allowance is not affected. Open mint.
 */
contract ApprovalRaceTokenMock is ERC20 {
    /// @notice The allowance of `spender` is `current`, not zero: approve zero before `value`.
    error ApprovalRaceTokenMockNonZeroAllowance(address spender, uint256 current, uint256 value);

    constructor() ERC20("Tether-style USD", "TUSDT") {}

    /// @notice Mints `amount` to `to`. Open to anyone (test-only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice 6, like USDT.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice As ERC-20 `approve`, but refuses a non-zero value while the allowance is non-zero.
    function approve(address spender, uint256 value) public override returns (bool) {
        uint256 current = allowance(msg.sender, spender);
        if (value != 0 && current != 0) {
            revert ApprovalRaceTokenMockNonZeroAllowance(spender, current, value);
        }
        return super.approve(spender, value);
    }
}
