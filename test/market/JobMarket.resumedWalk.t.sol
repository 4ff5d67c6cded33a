// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice A matching walk that stopped on the skip bound and resumes (held asks, the cursor):
/// regressions for two defects of the 2026-12-01 security review.
/// Each test failed before its fix; the NatSpec of each says what went wrong.
contract JobMarketResumedWalkTest is MarketFixture {
    // ------------------------------------------------------------ helpers

    /// @dev A replicated job that stops its first walk on the skip bound while holding executor
    /// 0's ask (40 asks in front of executors 1 and 2 cannot back its collateral).
    function _replicatedJobHoldingExecutor0() internal returns (uint256 jobId) {
        _ask(executors[0], 1, 10);
        for (uint256 i; i < 40; ++i) {
            _ask(_newExecutor(string.concat("sybil", vm.toString(i)), MIN_COLLATERAL), 2, 1);
        }
        _ask(executors[1], 5, 10);
        _ask(executors[2], 5, 10);
        IJobMarket.JobParams memory p = _replicatedParams(2, 10, 3);
        p.collateralPerTask = 2 * MIN_COLLATERAL;
        jobId = _post(p);
        assertEq(market.getJob(jobId).tasksUnassigned, 6, "the first walk stopped holding executor 0");
    }

    // ------------------------------------------------------------ F-1: held ask above the max price

    /// F-1 (high). A matching walk stopped on the skip bound keeps the asks it had picked; the
    /// next walk used them after checking only that they were still listed. An executor whose
    /// ask was held re-placed it above the job's max price and was assigned at that price: the
    /// payment exceeded what the job reserved, so {settle} underflowed (reverted) on every batch
    /// holding it, the assignment could never settle and the job never finalize (escrow and the
    /// other replicas' earnings stuck).
    function test_F1_heldAskRepricedAboveTheMaxIsNotAssigned() public {
        uint256 jobId = _replicatedJobHoldingExecutor0();
        // Executor 0 re-prices its held ask far above the job's max (10).
        _ask(executors[0], 50, 10);
        _ask(executors[3], 6, 10);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        (, uint256 n,,) = market.counts();
        for (uint256 id = 1; id <= n; ++id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            assertLe(a.priceTick, 10, "an assignment above the job's max price");
            assertTrue(a.executor != executors[0], "the re-priced ask was assigned");
        }
        assertEq(market.getJob(jobId).tasksUnassigned, 0, "the job takes the next asks instead");
    }

    /// F-1, end to end: whatever matching does, every accepted assignment of the job settles and
    /// the job finalizes.
    function test_F1_heldAskRepricedJobSettlesAndFinalizes() public {
        uint256 jobId = _replicatedJobHoldingExecutor0();
        _ask(executors[0], 50, 10);
        _ask(executors[3], 6, 10);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        IJobMarket.Group memory g = market.getGroup(1);
        for (uint256 i; i < g.assignmentIds.length; ++i) {
            _commit(g.assignmentIds[i], _honestRoot(g.assignmentIds[i]));
        }
        for (uint256 i; i < g.assignmentIds.length; ++i) {
            _reveal(g.assignmentIds[i], _honestRoot(g.assignmentIds[i]));
        }
        market.resolveGroup(1);
        uint256[] memory ids = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            ids[i] = g.assignmentIds[i];
        }
        assertEq(market.settle(ids), 3, "every accepted replica settles");
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
    }

    // ------------------------------------------------------------ F-2: a walk starting on a held ask

    /// F-2 (high). A resumed walk computed its starting ask (the one after the cursor) before it
    /// re-checked the asks it held. When that starting ask was itself a held ask that had filled up
    /// meanwhile, the re-check unlinked it and the walk then started from the unlinked ask: it
    /// unlinked it a second time, which emptied its whole price level (head and tail reset, tick
    /// cleared) while the other asks of that level stayed marked as listed. Those asks vanished from
    /// the book (no job could reach them) and later links and unlinks at that level corrupted it
    /// further.
    function test_F2_resumedWalkStartingOnAFilledHeldAskKeepsTheBookIntact() public {
        // Level 2: 31 asks that cannot back 2x the minimum collateral (passed over, still listed).
        for (uint256 i; i < 31; ++i) {
            _ask(_newExecutor(string.concat("sybil", vm.toString(i)), MIN_COLLATERAL), 2, 1);
        }
        // Level 3: Y (one task of room), Z (its stake leaves: removed when met), then W.
        address y = executors[1];
        _ask(y, 3, 1);
        address z = _newExecutor("unbonding", 2 * MIN_COLLATERAL);
        _ask(z, 3, 1);
        vm.prank(z);
        registry.requestUnbond(2 * MIN_COLLATERAL);
        address w = executors[2];
        _ask(w, 3, 10);
        _ask(executors[3], 4, 10);
        _ask(executors[4], 4, 10);

        // J1 (replicated, r = 3): 31 skips, picks Y, meets Z (the 32nd skip): it stops holding Y
        // with its cursor on the last sybil, so its next walk starts at Y.
        IJobMarket.JobParams memory p = _replicatedParams(1, 10, 3);
        p.collateralPerTask = 2 * MIN_COLLATERAL;
        uint256 j1 = _post(p);
        assertEq(market.getJob(j1).tasksUnassigned, 3, "J1 rests holding Y");
        assertFalse(market.getAsk(z, GENERATE).active, "Z left the book");

        // J2 fills Y; Y stays listed (a full ask is unlinked lazily).
        IJobMarket.JobParams memory p2 = _params(1, 10);
        p2.collateralPerTask = 2 * MIN_COLLATERAL;
        _postAs(requester2, p2);
        assertEq(market.getAssignment(1).executor, y);

        vm.prank(stranger);
        market.matchJob(j1, MAX_ASSIGNMENTS);

        // W is still in the book: it takes J1 with executors 3 and 4.
        assertEq(market.getJob(j1).tasksUnassigned, 0, "W vanished from the book");
        bool wListed;
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 64);
        for (uint256 i; i < best.length; ++i) {
            if (best[i].executor == w) wListed = true;
        }
        assertTrue(wListed, "W is offered");
        // And the level stays consistent: a new ask at tick 3 and W's cancel leave it well formed.
        _ask(executors[5], 3, 10);
        vm.prank(w);
        market.cancelAsk(GENERATE);
        best = market.bestAsks(GENERATE, 64);
        bool e5Listed;
        for (uint256 i; i < best.length; ++i) {
            if (best[i].executor == executors[5]) e5Listed = true;
        }
        assertTrue(e5Listed, "a later ask at the level was lost");
    }
}
