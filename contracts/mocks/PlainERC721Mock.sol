// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/**
 * @title PlainERC721Mock
 * @notice A plain OpenZeppelin ERC-721 with an open mint: the gas baseline that making a part
 * is compared with in the gas report. Test-only.
 */
contract PlainERC721Mock is ERC721 {
    constructor() ERC721("Plain", "PLAIN") {}

    /// @notice Mints `tokenId` to `to`.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
