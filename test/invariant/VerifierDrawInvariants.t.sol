// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketInvariantsBase} from "./MarketInvariantsBase.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @notice MarketInvariantsBase's checks (books, locks, payments, no surprise) driven through the
/// optimistic challenge game step by step. The general suite rarely gets a result challenged
/// (results must be posted, matched and submitted first), so this one starts from a market full
/// of submitted results that stay challengeable for a week and calls mostly the game's actions:
/// challenges and proofs, verifier candidates (executors, bare-bond sybils, heavy stakers; full
/// lists and evictions), the two-step draw (scheduled, drawn, rescheduled past 256 blocks, too
/// late), reveals by the seated and by the others, resolutions, and time and blocks passing.
/// Every lock a candidate takes must be released exactly once (the lock check counts one bond per
/// listed verifier of an open challenge), nobody never seated may be slashed, and the market's
/// tokens must match what it owes. (The whole game in one action, {MarketHandler.dispute}, which
/// jumps past each commit window, stays with the general suite.)
contract VerifierDrawInvariants is MarketInvariantsBase {
    uint256 internal constant JOBS = 6;

    function setUp() public override {
        super.setUp();
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            _ask(executors[i], 10, 10);
        }
        for (uint256 j; j < JOBS; ++j) {
            IJobMarket.JobParams memory p = _params(3, 20);
            p.challengeWindow = MAX_CHALLENGE_WINDOW;
            p.secondsPerTask = 20 minutes;
            p.deadline = uint64(block.timestamp + 8 days);
            _postAs(j % 2 == 0 ? requester : requester2, p);
        }
        (, uint256 assignments,,) = market.counts();
        for (uint256 k; k < assignments; ++k) {
            handler.submit(k); // one time in four a forged shard
        }
    }

    /// Every check of the general suite, after every action, in one campaign (not six) of half
    /// the default runs: the books check walks every challenge after every call, and this suite
    /// should add about 13 s to forge test on two cores. `npm run test:deep` runs it 8x longer.
    /// forge-config: default.invariant.runs = 32
    /// forge-config: deep.invariant.runs = 128
    function invariant_challengeGamesKeepTheBooks() public view {
        _assertNoUnexpectedOutcome();
        _assertTotalSupplyNeverRises();
        _assertBooksBalance();
        _assertNoTaskPaidTwice();
        _assertNoPaymentWithoutAcceptedResult();
        _assertBookOrderHolds();
    }

    function _selectors() internal pure override returns (bytes4[] memory selectors) {
        selectors = new bytes4[](13);
        selectors[0] = MarketHandler.openChallenge.selector;
        selectors[1] = MarketHandler.commitCandidate.selector;
        selectors[2] = MarketHandler.drawVerifiers.selector;
        selectors[3] = MarketHandler.revealVerifier.selector;
        selectors[4] = MarketHandler.resolveChallenge.selector;
        selectors[5] = MarketHandler.roll.selector;
        selectors[6] = MarketHandler.warp.selector;
        selectors[7] = MarketHandler.warpLong.selector;
        selectors[8] = MarketHandler.unbond.selector;
        selectors[9] = MarketHandler.restake.selector;
        selectors[10] = MarketHandler.settle.selector;
        selectors[11] = MarketHandler.matchJob.selector;
        selectors[12] = MarketHandler.submit.selector;
    }
}
