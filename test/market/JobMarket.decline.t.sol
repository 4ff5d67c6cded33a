// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.declineAssignment}: an executor hands back an assignment it cannot do (a
/// generator that fails on its node) within half of one task's time: no collateral lost, its ask
/// out of the book so the work does not come back to it; optimistic tasks go back to the book, a
/// replicated group goes on without the replica (ended at once if every replica declined). Later,
/// or for anything but its own unsubmitted, uncommitted assignment, it reverts.
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

    /// The executor re-asks when it wants work again; its free stake is whole.
    function test_decline_theExecutorCanAskAgain() public {
        vm.prank(executors[0]);
        market.declineAssignment(1);
        _ask(executors[0], 10, 4); // the resting job comes back to it: its own choice to re-ask
        assertEq(market.getAssignment(2).executor, executors[0]);
        assertEq(market.lockedCollateral(executors[0]), 4 * MIN_COLLATERAL);
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

    function testFuzz_decline_windowIsHalfOfOneTasksTime(uint256 after_) public {
        after_ = bound(after_, 0, 4 * uint256(SECONDS_PER_TASK));
        vm.warp(assignedAt + after_);
        vm.prank(executors[0]);
        if (after_ <= SECONDS_PER_TASK / 2) {
            market.declineAssignment(1);
            assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Released));
        } else {
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.DeclineWindowClosed.selector, 1, _until()));
            market.declineAssignment(1);
        }
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
            first = _assignmentCount() + 1;
            for (uint256 i = 1; i <= 3; ++i) {
                _ask(executors[i], 10, 10); // re-asking takes the resting job: a new group
            }
            assertEq(_assignmentCount(), first + 2);
        }
        assertEq(market.credits(requester), escrow, "the whole reserve back");
        market.finalizeJob(replicated);
        assertEq(uint8(market.getJob(replicated).status), uint8(IJobMarket.JobStatus.Expired));
        for (uint256 i = 1; i <= 3; ++i) {
            assertEq(registry.stakeOf(executors[i]), EXECUTOR_STAKE);
            assertEq(market.lockedCollateral(executors[i]), 0);
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

    /// Past its window a declined-too-late assignment is the executor's to finish or lose by reclaim.
    function test_revertsIf_declineAfterTheWindowThenReclaimSlashes() public {
        vm.warp(_until() + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.DeclineWindowClosed.selector, 1, _until()));
        vm.prank(executors[0]);
        market.declineAssignment(1);
        _warpPastDeadline(1);
        market.reclaim(1);
        assertEq(market.feesOwed(), 4 * MIN_COLLATERAL);
    }
}
