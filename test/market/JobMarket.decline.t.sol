// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.declineAssignment}: an executor hands back an optimistic assignment it
/// cannot do (a generator that fails on its node) within half of one task's time: no collateral
/// lost, the tasks back to the book for others, its ask out of the book so they do not come back
/// to it. Later, or for anything but its own unsubmitted optimistic assignment, it reverts.
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

    function test_revertsIf_declineReplicated() public {
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        _ask(executors[3], 10, 10);
        uint256 replicated = _post(_replicatedParams(1, 20, 3));
        uint256 id = _assignmentCount();
        address executor = market.getAssignment(id).executor;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WrongVerification.selector, replicated, REPLICATED));
        vm.prank(executor);
        market.declineAssignment(id);
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
