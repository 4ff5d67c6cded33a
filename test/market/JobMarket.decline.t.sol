// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.declineAssignment}: an executor hands back an assignment it cannot do (a
/// generator that fails on its node): within half of one task's time no collateral lost, later a
/// share growing to half of it at the deadline (what challenging its own result from a second
/// identity would cost it at the least); its ask out of the book and the executor excluded
/// from the job for good, so the work does not come back to it; optimistic tasks go back to the book, a
/// replicated group goes on without the replica (ended at once if every replica declined). After
/// the deadline, or for anything but its own unsubmitted, uncommitted assignment, it reverts.
contract JobMarketDeclineTest is MarketFixture {
    uint256 internal jobId;
    uint64 internal assignedAt;

    function setUp() public override {
        super.setUp();
        _ask(executors[0], 10, 4);
        assignedAt = uint64(block.timestamp);
        jobId = _post(_params(4, 20)); // assignment 1: tasks 0..3 to executor 0
    }

    function _until() internal view returns (uint64) {
        return assignedAt + SECONDS_PER_TASK / 2;
    }

    function _deadline() internal view returns (uint64) {
        return assignedAt + 4 * SECONDS_PER_TASK;
    }

    uint256 internal constant LATE_DECLINE_MAX_BPS = 5_000;

    /// What declining at `time` costs: linear from nothing at `freeUntil` to half the collateral
    /// at `deadline` (LATE_DECLINE_MAX_BPS).
    function _penalty(uint256 collateral, uint256 time, uint256 freeUntil, uint256 deadline)
        internal
        pure
        returns (uint256)
    {
        if (time <= freeUntil) return 0;
        return collateral * LATE_DECLINE_MAX_BPS * (time - freeUntil) / (10_000 * (deadline - freeUntil));
    }

    function test_lateDeclineCostsAtMostHalf() public view {
        assertEq(market.LATE_DECLINE_MAX_BPS(), LATE_DECLINE_MAX_BPS);
        assertEq(market.CHALLENGER_REWARD_BPS() + market.VERIFIER_REWARD_BPS(), 10_000 - LATE_DECLINE_MAX_BPS);
    }

    function test_decline_unlocksCollateralReopensAndRemovesTheAsk() public {
        uint256 marketBefore = token.balanceOf(address(market));
        assertEq(market.lockedCollateral(executors[0]), 4 * MIN_COLLATERAL);

        vm.prank(executors[0]);
        market.declineAssignment(1);

        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Released));
        assertEq(market.lockedCollateral(executors[0]), 0, "collateral unlocked");
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE, "nothing slashed");
        assertEq(market.feesOwed(), 0);
        assertEq(market.credits(requester), 0);
        assertEq(token.balanceOf(address(market)), marketBefore, "the escrow stays for the redo");
        assertFalse(market.getAsk(executors[0], GENERATE).active, "out of the book: not matched to it again");
        assertEq(market.getAsk(executors[0], GENERATE).inFlight, 0);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksUnassigned, 4, "tasks back to the book");
        assertEq(job.openAssignments, 0);
        assertEq(registry.getNode(executors[0]).reputation.tasksFailed, 0);
        assertEq(registry.getNode(executors[0]).reputation.timesSlashed, 0);
    }

    function test_decline_emitsTheWholeStory() public {
        vm.expectEmit(address(market));
        emit IJobMarket.ExecutorExcluded(jobId, executors[0]);
        vm.expectEmit(address(market));
        emit IJobMarket.AskRemoved(executors[0], GENERATE, IJobMarket.AskRemoval.Declined);
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentReleased(1);
        vm.expectEmit(address(market));
        emit IJobMarket.TasksReopened(jobId, 0, 4, 0);
        vm.expectEmit(address(market));
        emit IJobMarket.BidRested(jobId, GENERATE, 20, 4);
        vm.prank(executors[0]);
        market.declineAssignment(1);
    }

    /// The declined tasks go to the next ask, and the job completes and pays as if nothing happened.
    function test_decline_tasksAreRedoneByOthers() public {
        vm.prank(executors[0]);
        market.declineAssignment(1);
        _ask(executors[1], 12, 10); // takes the resting bid
        IJobMarket.Assignment memory redo = market.getAssignment(2);
        assertEq(redo.executor, executors[1]);
        assertEq(redo.firstTask, 0);
        assertEq(redo.taskCount, 4);
        _submitHonest(2);
        _warpPastChallengeWindow(2);
        assertEq(_settleOne(2), 1);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(market.credits(executors[1]), _cost(4, UNITS, 12));
        assertEq(market.credits(executors[0]), 0);
        address[] memory accounts = new address[](3);
        (accounts[0], accounts[1], accounts[2]) = (executors[0], executors[1], requester);
        _assertMarketOwes(jobId, accounts);
    }

    /// The executor re-asks when it wants work again, with its free stake whole, and gets other
    /// work, never the job it declined: that one waits for another node (a node whose generator
    /// fails on a job need not stay out of the book, or above the job's price, until its deadline).
    function test_decline_theExecutorAsksAgainButNeverMeetsThatJob() public {
        vm.prank(executors[0]);
        market.declineAssignment(1);
        address[] memory excluded = market.excludedExecutors(jobId);
        assertEq(excluded.length, 1);
        assertEq(excluded[0], executors[0]);

        _ask(executors[0], 10, 4); // the resting job is not taken
        assertEq(_assignmentCount(), 1);
        assertEq(market.getJob(jobId).tasksUnassigned, 4, "still resting");
        assertTrue(market.getAsk(executors[0], GENERATE).active);
        assertEq(market.lockedCollateral(executors[0]), 0);

        uint256 other = _post(_params(2, 20)); // another job: matched to it at once
        assertEq(market.getAssignment(2).jobId, other);
        assertEq(market.getAssignment(2).executor, executors[0]);

        _ask(executors[1], 30, 4); // dearer, but the job's max is 20: nothing
        assertEq(_assignmentCount(), 2);
        _ask(executors[1], 15, 4); // the next node takes it, though executor 0 is cheaper
        assertEq(market.getAssignment(3).jobId, jobId);
        assertEq(market.getAssignment(3).executor, executors[1]);
    }

    /// Matching passes over an excluded ask at the front of the book for the next one.
    function test_decline_matchingPassesOverTheExcludedAsk() public {
        vm.prank(executors[0]);
        market.declineAssignment(1);
        _ask(executors[0], 10, 100); // cheapest and first, but excluded from this job
        _ask(executors[1], 12, 2);
        // executor 1 took 2 of the 4 reopened tasks; the rest waits for an ask that can take it.
        assertEq(market.getAssignment(2).executor, executors[1]);
        assertEq(market.getAssignment(2).taskCount, 2);
        _ask(executors[2], 14, 10);
        assertEq(market.getAssignment(3).executor, executors[2]);
        assertEq(market.getAssignment(3).firstTask, 2);
        assertEq(market.getJob(jobId).tasksUnassigned, 0);
        assertEq(market.lockedCollateral(executors[0]), 0, "never assigned again");
    }
    /// A job that only ever meets nodes that decline ends like one nobody took: refunded in full.
    function test_decline_aJobEveryoneDeclinesRefundsTheRequester() public {
        vm.prank(executors[0]);
        market.declineAssignment(1);
        vm.prank(requester);
        market.cancelJob(jobId);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Cancelled));
        assertEq(market.credits(requester), _escrow(4, 1, UNITS, 20, COMMISSION_BPS));
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE);
    }

    /// Free for the first half of one task's time; then a share of the collateral, linear in the
    /// time past the free window, growing to half of it at the deadline; after that, only reclaim.
    function testFuzz_decline_costGrowsFromNothingToHalfAtTheDeadline(uint256 after_) public {
        after_ = bound(after_, 0, 5 * uint256(SECONDS_PER_TASK));
        vm.warp(assignedAt + after_);
        assertEq(market.declineFreeUntil(1), _until());
        uint256 collateral = 4 * MIN_COLLATERAL;
        vm.prank(executors[0]);
        if (block.timestamp > _deadline()) {
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.DeclineWindowClosed.selector, 1, _deadline()));
            market.declineAssignment(1);
            return;
        }
        market.declineAssignment(1);
        uint256 penalty = _penalty(collateral, block.timestamp, _until(), _deadline());
        assertLe(penalty, collateral / 2);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Released));
        assertEq(market.lockedCollateral(executors[0]), 0);
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE - penalty);
        assertEq(market.feesOwed(), penalty, "to fees, never the requester");
        assertEq(market.credits(requester), 0);
        assertEq(registry.getNode(executors[0]).reputation.tasksFailed, 0, "handed back, not failed");
        assertEq(registry.getNode(executors[0]).reputation.timesSlashed, penalty == 0 ? 0 : 1);
        assertEq(market.getJob(jobId).tasksUnassigned, 4);
    }

    /// A late decline: the slash event names the market as beneficiary, and handing back half-way
    /// costs a quarter of what letting the assignment lapse would.
    function test_decline_lateCostsAShareToFees() public {
        uint64 half = _until() + (_deadline() - _until()) / 2;
        vm.warp(half);
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentReleased(1);
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentSlashed(1, executors[0], MIN_COLLATERAL, address(market));
        vm.prank(executors[0]);
        market.declineAssignment(1);
        assertEq(market.feesOwed(), MIN_COLLATERAL);
        address[] memory accounts = new address[](2);
        (accounts[0], accounts[1]) = (executors[0], requester);
        _assertMarketOwes(jobId, accounts);
    }

    /// The window counts from when the tasks were assigned, also for a job matched long after it was
    /// posted (a resting bid taken by a later ask).
    function test_decline_windowCountsFromTheMatch() public {
        uint256 resting = _post(_params(2, 20)); // executor 0 is full: rests as a bid
        _warpBy(SECONDS_PER_TASK * 3);
        uint64 matchedAt = uint64(block.timestamp);
        _ask(executors[1], 10, 2);
        uint256 id = _assignmentCount();
        assertEq(market.getAssignment(id).jobId, resting);
        vm.warp(matchedAt + SECONDS_PER_TASK / 2);
        vm.prank(executors[1]);
        market.declineAssignment(id);
        assertEq(uint8(market.getAssignment(id).status), uint8(IJobMarket.AssignmentStatus.Released));
    }

    function test_revertsIf_declineByAnotherAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, stranger));
        vm.prank(stranger);
        market.declineAssignment(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, requester));
        vm.prank(requester);
        market.declineAssignment(1);
    }

    function test_revertsIf_declineSubmitted() public {
        _submitHonest(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Submitted
            )
        );
        vm.prank(executors[0]);
        market.declineAssignment(1);
    }

    function test_revertsIf_declineTwice() public {
        vm.startPrank(executors[0]);
        market.declineAssignment(1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Released)
        );
        market.declineAssignment(1);
        vm.stopPrank();
    }

    function test_revertsIf_declineUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 5));
        market.declineAssignment(5);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 0));
        market.declineAssignment(0);
    }

    // ------------------------------------------------------------ replicated

    /// A 3-way job on executors 1..3 (group 1, assignments `first`..`first + 2`).
    function _replicated() internal returns (uint256 replicated, uint256 first) {
        vm.prank(executors[0]);
        market.cancelAsk(GENERATE);
        for (uint256 i = 1; i <= 3; ++i) {
            _ask(executors[i], 10, 10);
        }
        first = _assignmentCount() + 1;
        replicated = _post(_replicatedParams(1, 20, 3));
        assertEq(_assignmentCount(), first + 2);
    }

    function _declineAs(uint256 id) internal {
        vm.prank(market.getAssignment(id).executor);
        market.declineAssignment(id);
    }

    /// One replica declines: unslashed, out of the book; the other two need not wait for it to
    /// reveal or resolve, and their agreeing roots are a majority of three.
    function test_declineReplica_theGroupGoesOnWithoutIt() public {
        (uint256 replicated, uint256 first) = _replicated();
        address decliner = market.getAssignment(first).executor;
        _declineAs(first);
        assertEq(uint8(market.getAssignment(first).status), uint8(IJobMarket.AssignmentStatus.Released));
        assertEq(market.lockedCollateral(decliner), 0);
        assertFalse(market.getAsk(decliner, GENERATE).active);
        IJobMarket.Group memory g = market.getGroup(1);
        assertEq(g.declines, 1);
        assertFalse(g.resolved);
        assertEq(market.getJob(replicated).openAssignments, 2);
        assertEq(market.getJob(replicated).tasksUnassigned, 0, "the range stays with the group");

        bytes32 root = _honestRoot(first + 1);
        _commit(first + 1, root);
        _commit(first + 2, root);
        _reveal(first + 1, root); // open at once: 2 commits + 1 decline = 3
        _reveal(first + 2, root);
        market.resolveGroup(1); // at once: 2 reveals + 1 decline = 3
        g = market.getGroup(1);
        assertTrue(g.resolved);
        assertEq(g.winningRoot, root);
        assertEq(uint8(market.getAssignment(first).status), uint8(IJobMarket.AssignmentStatus.Released));
        uint256[] memory ids = _ids(first, first + 1, first + 2);
        assertEq(market.settle(ids), 2);
        market.finalizeJob(replicated);
        assertEq(uint8(market.getJob(replicated).status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(registry.stakeOf(decliner), EXECUTOR_STAKE, "nothing slashed");
        assertEq(market.credits(decliner), 0);
        assertGt(market.feesOwed(), 0);
    }

    /// A declined replica counts against the majority: one reveal of three is no majority.
    function test_declineReplica_countsAgainstTheMajority() public {
        (, uint256 first) = _replicated();
        _declineAs(first);
        _declineAs(first + 1);
        bytes32 root = _honestRoot(first + 2);
        _commit(first + 2, root);
        _reveal(first + 2, root);
        vm.expectEmit(address(market));
        emit IJobMarket.GroupResolved(1, 2, bytes32(0), 0, true, false);
        market.resolveGroup(1);
        assertEq(uint8(market.getAssignment(first + 2).status), uint8(IJobMarket.AssignmentStatus.Released));
        assertEq(market.lockedCollateral(market.getAssignment(first + 2).executor), 0);
    }

    /// Every replica declined: nothing is left to wait for, the group ends at once and its range
    /// goes back to the book; after MAX_REOPENS such rounds the requester gets the reserve back.
    function test_declineReplica_allDeclinedEndsTheGroupAndFinallyRefunds() public {
        (uint256 replicated, uint256 first) = _replicated();
        uint256 escrow = market.getJob(replicated).escrow;
        for (uint8 round; round <= market.MAX_REOPENS(); ++round) {
            uint256 groupId = _groupCount();
            _declineAs(first);
            _declineAs(first + 1);
            bool last = round == market.MAX_REOPENS();
            vm.expectEmit(address(market));
            emit IJobMarket.GroupResolved(groupId, replicated, bytes32(0), 0, !last, last);
            _declineAs(first + 2);
            assertTrue(market.getGroup(groupId).resolved);
            assertEq(market.getJob(replicated).openAssignments, 0);
            if (last) break;
            assertEq(market.getJob(replicated).tasksUnassigned, 3, "the range back in the book");
            // The decliners are excluded from the job: three other nodes take it, a new group.
            first = _assignmentCount() + 1;
            for (uint256 i; i < 3; ++i) {
                _ask(executors[i + 1], 10, 10); // executors 1..3 re-asking take nothing
                _ask(_newExecutor(string.concat("fresh", vm.toString(round * 3 + i)), EXECUTOR_STAKE), 10, 10);
            }
            assertEq(_assignmentCount(), first + 2);
            assertEq(market.excludedExecutors(replicated).length, 3 * (round + 1));
        }
        assertEq(market.credits(requester), escrow, "the whole reserve back");
        market.finalizeJob(replicated);
        assertEq(uint8(market.getJob(replicated).status), uint8(IJobMarket.JobStatus.Expired));
        // Nine decliners in three rounds, all excluded.
        address[] memory decliners = market.excludedExecutors(replicated);
        assertEq(decliners.length, 9);
        for (uint256 i; i < decliners.length; ++i) {
            assertEq(registry.stakeOf(decliners[i]), EXECUTOR_STAKE);
            assertEq(market.lockedCollateral(decliners[i]), 0);
        }
        assertEq(market.feesOwed(), 0);
    }

    function test_revertsIf_declineCommittedReplica() public {
        (, uint256 first) = _replicated();
        _commit(first, _honestRoot(first));
        address executor = market.getAssignment(first).executor;
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, first, IJobMarket.AssignmentStatus.Committed
            )
        );
        vm.prank(executor);
        market.declineAssignment(first);
    }

    /// Past its deadline an assignment can no longer be declined: anyone reclaims it, all of its
    /// collateral to fees, and its executor is excluded from the job all the same.
    function test_revertsIf_declineAfterTheDeadlineThenReclaimSlashesAll() public {
        vm.warp(_deadline() + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.DeclineWindowClosed.selector, 1, _deadline()));
        vm.prank(executors[0]);
        market.declineAssignment(1);
        vm.expectEmit(address(market));
        emit IJobMarket.ExecutorExcluded(jobId, executors[0]);
        market.reclaim(1);
        assertEq(market.feesOwed(), 4 * MIN_COLLATERAL);
        assertEq(market.excludedExecutors(jobId)[0], executors[0]);
        _ask(executors[0], 10, 4);
        assertEq(_assignmentCount(), 1, "a node that missed the job's deadline does not get it back");
    }

    function test_revertsIf_viewsOfUnknownIds() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 9));
        market.excludedExecutors(9);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 9));
        market.declineFreeUntil(9);
    }

    /// Every executor that fails a job stays excluded, however many: a bounded list would let the
    /// later ones (or sybils that filled it) meet a job that fails everywhere again and again.
    function test_exclusion_keepsEveryFailingExecutor() public {
        vm.prank(executors[0]);
        market.declineAssignment(1);
        address[] memory decliners = new address[](13);
        decliners[0] = executors[0];
        for (uint256 i = 1; i < decliners.length; ++i) {
            address e = _newExecutor(string.concat("decliner", vm.toString(i)), EXECUTOR_STAKE);
            decliners[i] = e;
            _ask(e, 10, 4);
            uint256 id = _assignmentCount();
            assertEq(market.getAssignment(id).executor, e);
            vm.prank(e);
            market.declineAssignment(id);
        }
        assertEq(market.excludedExecutors(jobId), decliners);
        uint256 count = _assignmentCount();
        for (uint256 i; i < decliners.length; ++i) {
            _ask(decliners[i], 10, 4); // none of them takes the resting job again
        }
        assertEq(_assignmentCount(), count);
        assertEq(market.getJob(jobId).tasksUnassigned, 4);
    }

    /// A replica declined late: its share is slashed, the group goes on without it and resolves
    /// with the two others; the group's `slashed` count is the group's own (none).
    function test_declineReplica_lateCostsAShareAndTheGroupGoesOn() public {
        (uint256 replicated, uint256 first) = _replicated();
        IJobMarket.Assignment memory a = market.getAssignment(first);
        uint64 freeUntil = market.declineFreeUntil(first);
        vm.warp(freeUntil + (a.deadline - freeUntil) / 4);
        uint256 penalty = _penalty(MIN_COLLATERAL, block.timestamp, freeUntil, a.deadline);
        assertGt(penalty, 0);
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentSlashed(first, a.executor, penalty, address(market));
        _declineAs(first);
        assertEq(registry.stakeOf(a.executor), EXECUTOR_STAKE - penalty);
        assertEq(market.feesOwed(), penalty);
        assertEq(registry.getNode(a.executor).reputation.timesSlashed, 1);
        assertEq(registry.getNode(a.executor).reputation.tasksFailed, 0, "handed back, not failed");
        assertEq(market.getGroup(1).declines, 1);
        bytes32 root = _honestRoot(first + 1);
        _commit(first + 1, root);
        _commit(first + 2, root);
        _reveal(first + 1, root);
        _reveal(first + 2, root);
        vm.expectEmit(address(market));
        emit IJobMarket.GroupResolved(1, replicated, root, 0, false, false);
        market.resolveGroup(1);
        assertEq(market.excludedExecutors(replicated)[0], a.executor);
    }

    /// An executor holding two ranges of one job that declines both is excluded once.
    function test_exclusion_countsAnExecutorOnce() public {
        vm.prank(requester);
        market.cancelJob(jobId);
        vm.prank(executors[0]);
        market.declineAssignment(1);
        _ask(executors[1], 10, 2);
        uint256 job2 = _post(_params(4, 20)); // two tasks to executor 1 ...
        _ask(executors[1], 10, 4); // ... and, with more capacity, the other two
        uint256 a = _assignmentCount() - 1;
        assertEq(market.getAssignment(a).jobId, job2);
        assertEq(market.getAssignment(a + 1).jobId, job2);
        vm.startPrank(executors[1]);
        market.declineAssignment(a);
        market.declineAssignment(a + 1);
        vm.stopPrank();
        assertEq(market.excludedExecutors(job2).length, 1);
    }
}
