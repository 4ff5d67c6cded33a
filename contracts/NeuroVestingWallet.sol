// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

/// @title NeuroVestingWallet
/// @notice Linear vesting with a cliff for the team, partners and researchers allocations:
/// nothing is releasable before `start + cliff`, then the vested amount grows linearly to the full
/// balance at `start + duration`. Anyone may call `release(token)`; tokens always go to the owner
/// (the beneficiary), who may hand the wallet to a new beneficiary with `transferOwnership`.
contract NeuroVestingWallet is VestingWalletCliff {
    constructor(address beneficiary, uint64 startTimestamp, uint64 durationSeconds, uint64 cliffSeconds)
        VestingWallet(beneficiary, startTimestamp, durationSeconds)
        VestingWalletCliff(cliffSeconds)
    {}
}
