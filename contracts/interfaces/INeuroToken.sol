// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title NeuroToken (NTK)
/// @notice The platform's ERC-20: 18 decimals, EIP-2612 permit, burnable. The whole supply of
/// 100,000,000 NTK is minted once, in the constructor, to the genesis allocation; no mint function
/// exists afterwards, so the total supply can only fall.
interface INeuroToken is IERC20, IERC20Permit {
    /// @notice The genesis allocation does not sum to the fixed total supply.
    error GenesisSupplyMismatch(uint256 allocated, uint256 expected);
    /// @notice Genesis recipients and amounts have different lengths.
    error GenesisLengthMismatch(uint256 recipients, uint256 amounts);
    /// @notice A genesis recipient is the zero address or receives nothing.
    error InvalidGenesisEntry(uint256 index, address recipient, uint256 amount);

    /// @notice Emitted once per genesis recipient at deployment, with the purpose of the allocation.
    event GenesisAllocated(address indexed recipient, uint256 amount, bytes32 indexed purpose);

    /// @notice The total supply minted at genesis: 100,000,000 NTK.
    function GENESIS_SUPPLY() external view returns (uint256);

    /// @notice Destroys `amount` of the caller's tokens.
    function burn(uint256 amount) external;

    /// @notice Destroys `amount` of `account`'s tokens, spending the caller's allowance.
    function burnFrom(address account, uint256 amount) external;
}
