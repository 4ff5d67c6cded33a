// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketInvariantsBase} from "./MarketInvariantsBase.sol";

/// @notice The market's books hold after any sequence of asks, jobs, honest and cheating results,
/// challenge games (whole, and step by step with verifier candidates, evictions and draws),
/// replicated votes, settlements, reclaims, finalizations, withdrawals, fees, unbonding, and time
/// and block steps: every token is accounted for, every lock is released exactly once, nothing is
/// paid twice or without an accepted result, the ask book stays ordered, and after all deadlines
/// permissionless calls make every job terminal with its escrow credited. Each check is its own
/// invariant (MarketInvariantsBase holds them).
contract MarketInvariants is MarketInvariantsBase {
    function invariant_noUnexpectedOutcome() public view {
        _assertNoUnexpectedOutcome();
    }

    function invariant_totalSupplyNeverRises() public view {
        _assertTotalSupplyNeverRises();
    }

    function invariant_booksBalance() public view {
        _assertBooksBalance();
    }

    function invariant_noTaskPaidTwice() public view {
        _assertNoTaskPaidTwice();
    }

    function invariant_noPaymentWithoutAcceptedResult() public view {
        _assertNoPaymentWithoutAcceptedResult();
    }

    function invariant_bookOrderHolds() public view {
        _assertBookOrderHolds();
    }
}
