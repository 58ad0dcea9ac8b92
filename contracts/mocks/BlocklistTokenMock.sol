// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title BlocklistTokenMock
 * @notice Test-only ERC-20 (6 decimals, like USDC) with an issuer-style blocklist: any transfer,
 * mint or burn from or to a blocklisted account reverts. The blocklist and the mint are open to
 * anyone (test-only).
 */
contract BlocklistTokenMock is ERC20 {
    /// @notice Whether `account` is blocklisted.
    mapping(address account => bool) public isBlocklisted;

    /// @notice `account` was blocklisted.
    event Blocklisted(address indexed account);

    /// @notice `account` was removed from the blocklist.
    event Unblocklisted(address indexed account);

    /// @notice `account`, the sender or the recipient of a transfer, is blocklisted.
    error BlocklistTokenMockBlocked(address account);

    constructor() ERC20("Blocklist USD", "BUSD") {}

    /// @notice Mints `amount` to `to`. Open to anyone (test-only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Blocklists `account`. Open to anyone (test-only).
    function blocklist(address account) external {
        isBlocklisted[account] = true;
        emit Blocklisted(account);
    }

    /// @notice Removes `account` from the blocklist. Open to anyone (test-only).
    function unblocklist(address account) external {
        isBlocklisted[account] = false;
        emit Unblocklisted(account);
    }

    /// @notice 6, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @dev Refuses any movement whose sender or recipient is blocklisted (sender checked first).
    function _update(address from, address to, uint256 value) internal override {
        if (isBlocklisted[from]) revert BlocklistTokenMockBlocked(from);
        if (isBlocklisted[to]) revert BlocklistTokenMockBlocked(to);
        super._update(from, to, value);
    }
}
