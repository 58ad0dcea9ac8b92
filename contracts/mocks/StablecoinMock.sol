// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/**
 * @title StablecoinMock
 * @notice Test-only stand-in for a USD stablecoin: 6 decimals, EIP-2612 permit (EIP-712 domain
 * `{name, version "1", chainId, verifyingContract}`) and an open mint.
 */
contract StablecoinMock is ERC20, ERC20Permit {
    constructor(
        string memory name_,
        string memory symbol_
    ) ERC20(name_, symbol_) ERC20Permit(name_) {}

    /// @notice Mints `amount` to `to`. Open to anyone (test-only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice 6, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
