// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.matchJob} (anyone retries a resting job) and {IJobMarket.cancelJob}.
contract JobMarketMatchJobTest is MarketFixture {
    /// Capacity freed by a settled assignment is not pushed to resting jobs: anyone pulls it in
    /// with matchJob (the executor daemon and the indexer's keepers do).
    function test_matchJob_anyoneMatchesFreedCapacity() public {
        uint256 jobId = _post(_params(5, 20));
        _ask(executors[0], 10, 2); // takes tasks 0..1
        assertEq(market.getJob(jobId).tasksUnassigned, 3);
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 0, "the only ask is full");

        _submitHonest(1);
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 1);
        assertEq(market.getAsk(executors[0], GENERATE).inFlight, 0);

        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 1);
        IJobMarket.Assignment memory a = market.getAssignment(2);
        assertEq(a.executor, executors[0]);
        assertEq(a.firstTask, 2);
        assertEq(a.taskCount, 2);
        assertEq(market.getJob(jobId).tasksUnassigned, 1);
    }

    /// A bound of 1 leaves the rest for the next call, which anyone makes.
    function test_matchJob_finishesWhatABoundedPostLeft() public {
        _ask(executors[0], 10, 1);
        _ask(executors[1], 10, 1);
        _ask(executors[2], 10, 1);
        vm.prank(requester);
        uint256 jobId = market.postJob(_params(3, 20), 1);
        assertEq(market.getJob(jobId).tasksUnassigned, 2);
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, 1), 1);
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 1);
        assertEq(market.getJob(jobId).tasksUnassigned, 0);
        assertEq(_assignmentCount(), 3);
    }

    /// Matching is automatic, so a job whose tasks no executor can compute in time would turn
    /// every ask it met into collateral for its requester (reclaimed after the deadline). An ask
    /// whose executor declared too little throughput for one task within `secondsPerTask` is
    /// passed over: the job rests until a fast enough node asks, and nobody loses stake.
    function test_matching_passesOverAsksTooSlowForTheDeadline() public {
        // The fixture's executors declare 10,000 units/s: 60 s per task covers 600,000 units.
        IJobMarket.JobParams memory p = _params(2, 20);
        p.unitsPerTask = 600_001;
        _fund(requester, _escrow(2, 1, p.unitsPerTask, 20, COMMISSION_BPS));
        _ask(executors[0], 10, 10);
        uint256 jobId = _post(p);
        assertEq(_assignmentCount(), 0, "no assignment the executor cannot finish in time");
        assertEq(market.getJob(jobId).tasksUnassigned, 2, "the job rests as a bid");
        assertEq(market.lockedCollateral(executors[0]), 0);
        // The quote for that time per task says so; without a time limit it counts the ask.
        assertEq(market.quote(GENERATE, 2, 600_001, 1, 20, SECONDS_PER_TASK).tasksMatchable, 0);
        assertEq(market.quote(GENERATE, 2, 600_000, 1, 20, SECONDS_PER_TASK).tasksMatchable, 2);
        assertEq(market.quote(GENERATE, 2, 600_001, 1, 20).tasksMatchable, 2);

        // Exactly at the limit is feasible, and a node that declares more is matched.
        p.unitsPerTask = 600_000;
        _post(p);
        assertEq(_assignmentCount(), 1);
        assertEq(market.getAssignment(1).executor, executors[0]);

        address fast = _newExecutor("fast", 1_000e18);
        INodeRegistry.Capabilities memory caps = _capabilities();
        caps.computeUnitsPerSecond = 20_000;
        vm.prank(fast);
        registry.updateNode(caps, "bafkreifast");
        _approveMarket(fast);
        _ask(fast, 15, 10); // a new ask takes the resting bids it can serve
        assertEq(market.getJob(jobId).tasksUnassigned, 0);
        IJobMarket.Assignment memory a = market.getAssignment(2);
        assertEq(a.jobId, jobId);
        assertEq(a.executor, fast, "the slow cheaper ask was passed over for the fast one");
        assertEq(a.taskCount, 2);
    }

    /// The throughput read is the registry's current one: a node that lowers its declared
    /// throughput stops being matched to jobs it could no longer finish in time.
    function test_matching_readsTheThroughputDeclaredNow() public {
        _ask(executors[0], 10, 10);
        INodeRegistry.Capabilities memory caps = _capabilities();
        caps.computeUnitsPerSecond = 10; // 600 units in 60 s; the default task is 1,000
        vm.prank(executors[0]);
        registry.updateNode(caps, "bafkreislow");
        uint256 jobId = _post(_params(1, 20));
        assertEq(_assignmentCount(), 0);
        caps.computeUnitsPerSecond = 17; // 1,020 units in 60 s
        vm.prank(executors[0]);
        registry.updateNode(caps, "bafkreislow");
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 1);
    }

    function test_revertsIf_matchUnknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 7));
        market.matchJob(7, 1);
    }

    function test_revertsIf_matchBoundOutOfRange() public {
        uint256 jobId = _post(_params(1, 20));
        uint256 max = market.MAX_ASSIGNMENTS();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, 0, max));
        market.matchJob(jobId, 0);
    }

    function test_cancelJob_stopsMatching() public {
        uint256 jobId = _post(_params(5, 20));
        vm.expectEmit(address(market));
        emit IJobMarket.JobCancelled(jobId);
        vm.prank(requester);
        market.cancelJob(jobId);
        _ask(executors[0], 10, 10);
        assertEq(_assignmentCount(), 0, "a cancelled job is not taken");
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Open)
        );
        market.matchJob(jobId, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Open)
        );
        vm.prank(requester);
        market.cancelJob(jobId);
    }

    function test_revertsIf_cancelByOther() public {
        uint256 jobId = _post(_params(5, 20));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotRequester.selector, jobId, stranger));
        vm.prank(stranger);
        market.cancelJob(jobId);
    }

    function test_revertsIf_cancelUnknownJob() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 3));
        vm.prank(requester);
        market.cancelJob(3);
    }

    /// After its deadline a job takes no more assignments.
    function test_matchJob_noAssignmentAfterTheDeadline() public {
        uint256 jobId = _post(_params(5, 20));
        _warpPastJobDeadline(jobId);
        _ask(executors[0], 10, 10);
        assertEq(_assignmentCount(), 0);
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 0);
    }

    /// An executor's ask with too little free stake for the job's collateral is skipped, not used.
    function test_matchJob_skipsAsksThatCannotLockTheCollateral() public {
        IJobMarket.JobParams memory p = _params(2, 20);
        p.collateralPerTask = EXECUTOR_STAKE; // 10,000 NTK per task: no executor can take two
        _ask(executors[0], 10, 5);
        _ask(executors[1], 11, 5);
        uint256 jobId = _post(p);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertLe(job.tasksUnassigned, 2);
        for (uint256 id = 1; id <= _assignmentCount(); ++id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            assertLe(a.collateral, registry.stakeOf(a.executor), "never locks more than the stake");
        }
    }

    /// An ask whose free stake fell below the kind's minimum (its stake unbonded) leaves the book
    /// when matching meets it, and the job rests instead of failing.
    function test_matchJob_removesAnAskWithoutStake() public {
        _ask(executors[0], 10, 5);
        _ask(executors[1], 12, 5);
        vm.prank(executors[0]);
        registry.requestUnbond(EXECUTOR_STAKE);
        vm.expectEmit(address(market));
        emit IJobMarket.AskRemoved(executors[0], GENERATE, IJobMarket.AskRemoval.InsufficientStake);
        uint256 jobId = _post(_params(3, 20));
        assertFalse(market.getAsk(executors[0], GENERATE).active);
        assertEq(market.getAssignment(1).executor, executors[1], "the next ask takes the job");
        assertEq(market.getJob(jobId).tasksUnassigned, 0);
        assertEq(market.bestAsks(GENERATE, 5).length, 1);
    }

    /// Issue 7: the book is one "which nobody can grief". Cheap asks backed only at the kind's
    /// minimum (1 NTK of stake each, unlocked, withdrawable later) sit in front of an honest ask;
    /// a job asking more collateral per task than they can lock must still reach the honest ask,
    /// however many of them there are (here 40: more than one matching call may pass over).
    function test_matchJob_sybilAsksCannotBlockTheBook() public {
        for (uint256 i; i < 40; ++i) {
            address sybil = _newExecutor(string.concat("sybil", vm.toString(i)), MIN_COLLATERAL);
            _ask(sybil, 1, 1);
        }
        _ask(executors[0], 5, 10);
        IJobMarket.JobParams memory p = _params(2, 10);
        p.collateralPerTask = 2 * MIN_COLLATERAL;
        uint256 jobId = _post(p);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        assertEq(market.getJob(jobId).tasksUnassigned, 0, "sybil asks blocked the job from the honest ask");
        assertEq(market.getAssignment(1).executor, executors[0]);
    }

    /// 40 asks that cannot back the job's collateral, at tick 2; the job is posted first, so it
    /// rests with a resume cursor past the 32nd.
    function _sybilBookAndResumingJob() internal returns (address[] memory sybils, uint256 jobId) {
        sybils = new address[](40);
        for (uint256 i; i < 40; ++i) {
            sybils[i] = _newExecutor(string.concat("sybil", vm.toString(i)), MIN_COLLATERAL);
            _ask(sybils[i], 2, 1);
        }
        IJobMarket.JobParams memory p = _params(2, 10);
        p.collateralPerTask = 2 * MIN_COLLATERAL;
        jobId = _post(p);
        assertEq(market.getJob(jobId).tasksUnassigned, 2, "nothing can back the job yet");
    }

    /// An ask placed below the cursor's tick is not walked over: the job it takes starts from the
    /// front of the book again.
    function test_placeAsk_inFrontOfAResumingJobIsTaken() public {
        (, uint256 jobId) = _sybilBookAndResumingJob();
        _ask(executors[0], 1, 10);
        assertEq(market.getJob(jobId).tasksUnassigned, 0, "the new ask in front was walked over");
        assertEq(market.getAssignment(1).executor, executors[0]);
    }

    /// A walk that reaches the end of the book forgets the cursor: an ask passed over earlier
    /// that can now back the job is found from the front on the next call.
    function test_matchJob_cursorIsForgottenAtTheEndOfTheBook() public {
        (address[] memory sybils, uint256 jobId) = _sybilBookAndResumingJob();
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 0, "the resumed walk reaches the end");
        _fund(sybils[0], MIN_COLLATERAL);
        vm.startPrank(sybils[0]);
        token.approve(address(registry), MIN_COLLATERAL);
        registry.stake(MIN_COLLATERAL);
        vm.stopPrank();
        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 1);
        assertEq(market.getAssignment(1).executor, sybils[0]);
        assertEq(market.getJob(jobId).tasksUnassigned, 1, "a stake of 2x the minimum backs one task");
    }

    /// Full asks left in the book cost a walk bounded like any other skip (MAX_SKIPS = 32 per
    /// call): the walk takes them out, so each call clears up to 32 and the next one gets past.
    function test_matchJob_fullAsksInFrontCostABoundedWalk() public {
        uint256 maxSkips = 32;
        for (uint256 i; i < maxSkips; ++i) {
            _ask(_newExecutor(string.concat("busy", vm.toString(i)), 100e18), 5, 1);
        }
        vm.prank(requester);
        market.postJob(_params(uint32(maxSkips), 20), maxSkips); // fills all 32 in one call
        assertEq(_assignmentCount(), maxSkips);
        assertEq(market.bestAsks(GENERATE, 64).length, 0, "full asks are not offered");
        address idle = _newExecutor("idle", 100e18);
        _ask(idle, 5, 1);

        uint256 jobId = _post(_params(1, 20));
        assertEq(_assignmentCount(), maxSkips, "the walk stopped on the skip bound");
        assertEq(market.getJob(jobId).tasksUnassigned, 1, "the job rests");

        vm.prank(stranger);
        assertEq(market.matchJob(jobId, MAX_ASSIGNMENTS), 1, "the full asks are out of its way");
        assertEq(market.getAssignment(maxSkips + 1).executor, idle);
    }
    /// A replicated job needs r asks in one walk. 40 asks that cannot back its collateral (but
    /// stay listed: their stake covers the kind's minimum) are parked between every two that can,
    /// so no single call sees three: a walk that stops on the skip bound keeps the asks it had
    /// picked, and the job's next walks go on from there until they hold r.
    function test_matchJob_replicatedJobGathersItsAsksAcrossCalls() public {
        for (uint256 k; k < 3; ++k) {
            _ask(executors[k], uint24(1 + 2 * k), 10);
            for (uint256 i; i < 40; ++i) {
                address sybil = _newExecutor(string.concat("sybil", vm.toString(k), "-", vm.toString(i)), MIN_COLLATERAL);
                _ask(sybil, uint24(2 + 2 * k), 1);
            }
        }
        IJobMarket.JobParams memory p = _replicatedParams(2, 10, 3);
        p.collateralPerTask = 2 * MIN_COLLATERAL;
        uint256 jobId = _post(p);
        for (uint256 i; i < 4 && market.getJob(jobId).tasksUnassigned != 0; ++i) {
            vm.prank(stranger);
            market.matchJob(jobId, MAX_ASSIGNMENTS);
        }
        assertEq(market.getJob(jobId).tasksUnassigned, 0, "the job never held three asks at once");
        for (uint256 k; k < 3; ++k) {
            assertEq(market.getAssignment(k + 1).executor, executors[k], "the cheapest asks that can serve it, in order");
        }
    }

    /// An ask a stopped walk held is checked again before it is used: one that left the book
    /// meanwhile is dropped, and the job takes the next ask that can serve it instead.
    function test_matchJob_aHeldAskThatLeftTheBookIsDropped() public {
        _ask(executors[0], 1, 10);
        for (uint256 i; i < 40; ++i) {
            _ask(_newExecutor(string.concat("sybil", vm.toString(i)), MIN_COLLATERAL), 2, 1);
        }
        _ask(executors[1], 5, 10);
        _ask(executors[2], 5, 10);
        IJobMarket.JobParams memory p = _replicatedParams(2, 10, 3);
        p.collateralPerTask = 2 * MIN_COLLATERAL;
        uint256 jobId = _post(p);
        assertEq(market.getJob(jobId).tasksUnassigned, 6, "the first walk stopped holding executor 0");
        vm.prank(executors[0]);
        market.cancelAsk(GENERATE);
        _ask(executors[3], 6, 10);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        assertEq(market.getJob(jobId).tasksUnassigned, 0);
        for (uint256 k; k < 3; ++k) {
            assertTrue(market.getAssignment(k + 1).executor != executors[0], "a cancelled ask was assigned");
        }
    }
}
