// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title CappedApprovalTokenMock
 * @notice Test-only ERC-20 (6 decimals) whose `approve` refuses a value above a cap, like tokens
 * that keep allowances in 96 bits (the cap starts at `type(uint96).max`); a cap of zero refuses
 * every non-zero approval. Spending an allowance is not affected. Open mint, open cap.
 */
contract CappedApprovalTokenMock is ERC20 {
    /// @notice An approval of `value` is above the cap `cap`.
    error CappedApprovalTokenMockAboveCap(uint256 value, uint256 cap);

    /// @notice The largest approval the token accepts.
    uint256 public approvalCap = type(uint96).max;

    constructor() ERC20("Capped-approval USD", "CUSD") {}

    /// @notice Mints `amount` to `to`. Open to anyone (test-only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the largest approval accepted. Open to anyone (test-only).
    function setApprovalCap(uint256 cap) external {
        approvalCap = cap;
    }

    /// @notice 6, like the stablecoins it stands for.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice As ERC-20 `approve`, but refuses a value above the cap.
    function approve(address spender, uint256 value) public override returns (bool) {
        if (value > approvalCap) revert CappedApprovalTokenMockAboveCap(value, approvalCap);
        return super.approve(spender, value);
    }
}
