// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {NeuroToken} from "../../../contracts/NeuroToken.sol";

/// @notice What every invariant handler keeps: the NTK total supply seen before and after each
/// action (it must never rise) and the first action whose outcome contradicted the rules.
abstract contract SupplyWatchingHandler is CommonBase, StdCheats, StdUtils {
    NeuroToken public immutable token;

    uint256 public ghostLastSupply;
    bool public ghostSupplyRose;
    string public ghostUnexpected; // first unexpected outcome, empty if none

    constructor(NeuroToken token_) {
        token = token_;
        ghostLastSupply = token_.totalSupply();
    }

    function _checkSupply() internal {
        uint256 supply = token.totalSupply();
        if (supply > ghostLastSupply) ghostSupplyRose = true;
        ghostLastSupply = supply;
    }

    function _unexpected(string memory what) internal {
        if (bytes(ghostUnexpected).length == 0) ghostUnexpected = what;
    }
}
