// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.settle}: batches pay final results at the ask's price, owe the commission,
/// refund the requester the difference to its max price, free the collateral, and skip the rest.
contract JobMarketSettleTest is MarketFixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        _ask(executors[0], 10, 3);
        _ask(executors[1], 15, 10);
        jobId = _post(_params(5, 20)); // 1: tasks 0..2 at 10 (executor 0); 2: tasks 3..4 at 15
        _submitHonest(1);
        _submitHonest(2);
    }

    function test_settle_paysAtTheAskPriceAndRefundsTheDifference() public {
        _warpPastChallengeWindow(2);
        uint256 cost = _cost(3, UNITS, 10);
        uint256 fee = _fee(cost);
        uint256 maxShare = _escrow(3, 1, UNITS, 20, COMMISSION_BPS);
        uint256 refund = maxShare - cost - fee;
        uint256 escrowBefore = market.getJob(jobId).escrow;

        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentSettled(1, executors[0], cost, fee, refund);
        vm.prank(stranger);
        assertEq(_settleOne(1), 1);

        assertEq(market.credits(executors[0]), cost);
        assertEq(market.credits(requester), refund);
        assertEq(market.feesOwed(), fee);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.escrow, escrowBefore - maxShare);
        assertEq(job.tasksAccepted, 3);
        assertEq(job.openAssignments, 1);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Settled));
        assertEq(market.lockedCollateral(executors[0]), 0, "collateral freed");
        assertEq(registry.freeStake(executors[0]), EXECUTOR_STAKE);
        assertEq(market.getAsk(executors[0], GENERATE).inFlight, 0);
        INodeRegistry.Reputation memory rep = registry.getNode(executors[0]).reputation;
        assertEq(rep.tasksCompleted, 3);
        assertEq(rep.tasksFailed, 0);
        // The ask is back in the book with its capacity free.
        assertEq(market.bestAsks(GENERATE, 5)[0].executor, executors[0]);
    }

    /// A batch pays every final assignment once; repeats and non-final ones are skipped, never fail.
    function test_settle_batchSkipsWhatIsNotFinal() public {
        // Only assignment 1's window has ended when assignment 2 was submitted later.
        _warpPastChallengeWindow(1);
        _ask(executors[2], 20, 10);
        uint256 other = _post(_params(1, 20)); // assignment 3, assigned, no result
        assertEq(market.getAssignment(3).jobId, other);

        uint256[] memory batch = new uint256[](4);
        (batch[0], batch[1], batch[2], batch[3]) = (1, 1, 3, 2);
        assertEq(market.settle(batch), 2, "1 and 2 are final (same submission second); 3 has no result");
        assertEq(market.settle(batch), 0, "nothing is paid twice");
        assertEq(uint8(market.getAssignment(3).status), uint8(IJobMarket.AssignmentStatus.Assigned));
    }

    /// A batch credits the requester's refunds once per run of one requester and records each
    /// executor's tasks in the registry once per run; the totals are those of one by one.
    function test_settle_batchCreditsRefundsAndReputationOncePerRun() public {
        _post(_params(2, 20)); // assignment 3: executor 1 (executor 0 is full), 2 tasks at 15
        _submitHonest(3);
        _warpPastChallengeWindow(3);
        uint256 refund1 = _escrow(3, 1, UNITS, 20, COMMISSION_BPS) - _cost(3, UNITS, 10) - _fee(_cost(3, UNITS, 10));
        uint256 refund2 = _escrow(2, 1, UNITS, 20, COMMISSION_BPS) - _cost(2, UNITS, 15) - _fee(_cost(2, UNITS, 15));

        vm.expectEmit(address(registry));
        emit INodeRegistry.ReputationUpdated(executors[0], 3, 0, 0);
        vm.expectEmit(address(market));
        emit IJobMarket.Credited(requester, refund1 + 2 * refund2);
        vm.expectEmit(address(registry));
        emit INodeRegistry.ReputationUpdated(executors[1], 4, 0, 0);
        assertEq(market.settle(_ids(1, 2, 3)), 3);

        assertEq(market.credits(requester), refund1 + 2 * refund2);
        assertEq(market.credits(executors[0]), _cost(3, UNITS, 10));
        assertEq(market.credits(executors[1]), 2 * _cost(2, UNITS, 15));
        assertEq(registry.getNode(executors[0]).reputation.tasksCompleted, 3);
        assertEq(registry.getNode(executors[1]).reputation.tasksCompleted, 4);
    }

    function test_settle_skipsDuringTheChallengeWindow() public {
        vm.warp(market.getAssignment(1).challengeEnd - 1);
        assertEq(_settleOne(1), 0);
        assertEq(market.credits(executors[0]), 0);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
    }

    /// A challenged assignment waits for its challenge.
    function test_settle_skipsAChallengedAssignment() public {
        vm.prank(requester);
        market.challenge(1, 0);
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 0);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Challenged));
    }

    /// Unknown ids in a batch are skipped like any other race.
    function test_settle_skipsUnknownIds() public {
        _warpPastChallengeWindow(2);
        assertEq(market.settle(_ids(99, 1)), 1);
    }

    function test_revertsIf_settleBatchEmptyOrTooLarge() public {
        uint256 max = market.MAX_BATCH();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, 0, max));
        market.settle(new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, max + 1, max));
        market.settle(new uint256[](max + 1));
    }

    /// Both settled, the job is done: finalize completes it and nothing of the escrow is left.
    function test_settle_allThenFinalizeLeavesNoDust() public {
        _warpPastChallengeWindow(2);
        market.settle(_ids(1, 2));
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksAccepted, 5);
        assertEq(job.openAssignments, 0);
        assertEq(job.escrow, 0, "the max-price escrow divides exactly per assignment");
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(
            token.balanceOf(address(market)),
            market.credits(executors[0]) + market.credits(executors[1]) + market.credits(requester)
                + market.feesOwed()
        );
    }
}
