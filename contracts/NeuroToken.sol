// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {INeuroToken} from "./interfaces/INeuroToken.sol";

/// @title NeuroToken (NTK)
/// @notice See {INeuroToken}. The only call to `_mint` is in the constructor.
contract NeuroToken is ERC20, ERC20Burnable, ERC20Permit, INeuroToken {
    /// @inheritdoc INeuroToken
    uint256 public constant GENESIS_SUPPLY = 100_000_000e18;

    /// @param recipients Genesis recipients (sale contract, vesting wallets, reserve).
    /// @param amounts Amount minted to each recipient; must sum to exactly GENESIS_SUPPLY.
    /// @param purposes A label per recipient (e.g. "sale", "team"), emitted for indexers.
    constructor(address[] memory recipients, uint256[] memory amounts, bytes32[] memory purposes)
        ERC20("NeuroToken", "NTK")
        ERC20Permit("NeuroToken")
    {
        if (recipients.length != amounts.length || recipients.length != purposes.length) {
            revert GenesisLengthMismatch(recipients.length, amounts.length);
        }
        uint256 allocated;
        for (uint256 i; i < recipients.length; ++i) {
            if (recipients[i] == address(0) || amounts[i] == 0) {
                revert InvalidGenesisEntry(i, recipients[i], amounts[i]);
            }
            allocated += amounts[i];
            _mint(recipients[i], amounts[i]);
            emit GenesisAllocated(recipients[i], amounts[i], purposes[i]);
        }
        if (allocated != GENESIS_SUPPLY) revert GenesisSupplyMismatch(allocated, GENESIS_SUPPLY);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, IERC20Permit) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc INeuroToken
    function burn(uint256 amount) public override(ERC20Burnable, INeuroToken) {
        super.burn(amount);
    }

    /// @inheritdoc INeuroToken
    function burnFrom(address account, uint256 amount) public override(ERC20Burnable, INeuroToken) {
        super.burnFrom(account, amount);
    }
}
