// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.reclaim}: anyone ends an optimistic assignment past its deadline; its
/// collateral goes to fees (never to the requester, who would then profit from work nobody can
/// do), its tasks back to the book, its executor's ask out of it.
contract JobMarketReclaimTest is MarketFixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        _ask(executors[0], 10, 4);
        jobId = _post(_params(4, 20)); // assignment 1: tasks 0..3 to executor 0
    }

    function test_reclaim_slashesReopensAndRemovesTheAsk() public {
        uint256 collateral = 4 * MIN_COLLATERAL;
        uint256 marketBefore = token.balanceOf(address(market));
        _warpPastDeadline(1);

        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentReclaimed(1, stranger);
        vm.prank(stranger);
        market.reclaim(1);

        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Reclaimed));
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE - collateral, "collateral slashed");
        assertEq(market.lockedCollateral(executors[0]), 0);
        assertEq(market.credits(requester), 0, "the requester gains nothing from a lapse");
        assertEq(market.feesOwed(), collateral, "the collateral goes to fees");
        assertEq(token.balanceOf(address(market)), marketBefore + collateral);
        assertFalse(market.getAsk(executors[0], GENERATE).active, "a missed deadline loses the place");
        assertEq(market.bestAsks(GENERATE, 5).length, 0);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksUnassigned, 4, "tasks back to the book");
        assertEq(job.openAssignments, 0);
        assertEq(registry.getNode(executors[0]).reputation.tasksFailed, 4);
        assertEq(registry.getNode(executors[0]).reputation.timesSlashed, 1);
    }

    function test_reclaim_emitsTheWholeStory() public {
        _warpPastDeadline(1);
        vm.expectEmit(address(market));
        emit IJobMarket.AskRemoved(executors[0], GENERATE, IJobMarket.AskRemoval.MissedDeadline);
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentSlashed(1, executors[0], 4 * MIN_COLLATERAL, address(market));
        vm.expectEmit(address(market));
        emit IJobMarket.TasksReopened(jobId, 0, 4, 0);
        market.reclaim(1);
    }

    /// Reopened tasks go to the next ask at once, and the job completes without the absent one.
    function test_reclaim_tasksAreRedoneByOthers() public {
        _ask(executors[1], 12, 10);
        _warpPastDeadline(1);
        market.reclaim(1);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
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
    }

    function test_revertsIf_reclaimBeforeTheDeadline() public {
        uint64 deadline = market.getAssignment(1).deadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentNotExpired.selector, 1, deadline));
        market.reclaim(1);
    }

    function test_revertsIf_reclaimSubmitted() public {
        _submitHonest(1);
        _warpPastDeadline(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Submitted
            )
        );
        market.reclaim(1);
    }

    function test_revertsIf_reclaimTwice() public {
        _warpPastDeadline(1);
        market.reclaim(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Reclaimed
            )
        );
        market.reclaim(1);
    }

    function test_revertsIf_reclaimUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 5));
        market.reclaim(5);
    }

    function test_revertsIf_reclaimReplicated() public {
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        _ask(executors[3], 10, 10);
        uint256 replicated = _post(_replicatedParams(1, 20, 3));
        uint256 id = _assignmentCount();
        _warpPastDeadline(id);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WrongVerification.selector, replicated, REPLICATED));
        market.reclaim(id);
    }
}
