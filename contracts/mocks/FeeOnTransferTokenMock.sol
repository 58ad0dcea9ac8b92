// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title FeeOnTransferTokenMock
 * @notice Test-only ERC-20 (18 decimals) that burns `feeBps` basis points of every transfer
 * between two accounts: the recipient gets `amount - fee`, where `fee = amount * feeBps / 10_000`
 * (rounded down), and the sender loses `amount`. Mints and burns carry no fee. Open mint.
 */
contract FeeOnTransferTokenMock is ERC20 {
    /// @notice 100% in basis points.
    uint256 public constant MAX_BPS = 10_000;

    /// @notice The fee burnt on each transfer, in basis points of the amount sent.
    uint256 public immutable feeBps;

    /// @notice `feeBps` is above {MAX_BPS}.
    error FeeOnTransferTokenMockFeeTooHigh(uint256 feeBps);

    constructor(uint256 feeBps_) ERC20("Fee On Transfer", "FOT") {
        if (feeBps_ > MAX_BPS) revert FeeOnTransferTokenMockFeeTooHigh(feeBps_);
        feeBps = feeBps_;
    }

    /// @notice Mints `amount` to `to`. Open to anyone (test-only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The fee burnt when `amount` is transferred.
    function feeOf(uint256 amount) public view returns (uint256) {
        return (amount * feeBps) / MAX_BPS;
    }

    /// @dev On a transfer between two accounts, burns the fee from the sender (a `Transfer` to the
    /// zero address) and moves the rest to the recipient.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = feeOf(value);
            if (fee != 0) {
                super._update(from, address(0), fee);
                value -= fee;
            }
        }
        super._update(from, to, value);
    }
}
