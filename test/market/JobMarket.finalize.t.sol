// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.finalizeJob}: anyone makes a job terminal once nothing is in flight and it is
/// done, cancelled or past its deadline; what is left of the escrow is credited to the requester.
contract JobMarketFinalizeTest is MarketFixture {
    function test_finalize_completedJob() public {
        _ask(executors[0], 20, 10);
        uint256 jobId = _post(_params(3, 20)); // paid at the max price: no refund at settle
        _submitHonest(1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotFinalizable.selector, jobId, 1, 0, _deadline(jobId))
        );
        market.finalizeJob(jobId);
        _warpPastChallengeWindow(1);
        _settleOne(1);

        vm.expectEmit(address(market));
        emit IJobMarket.JobFinalized(jobId, IJobMarket.JobStatus.Completed, 0);
        vm.prank(stranger);
        market.finalizeJob(jobId);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(uint8(job.status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(job.escrow, 0);
        assertEq(market.credits(requester), 0);
    }

    /// The requester never comes back: after the deadline anyone finalizes and the unassigned
    /// tasks' escrow is credited to the requester.
    function test_finalize_expiredJobRefundsTheUnassigned() public {
        _ask(executors[0], 20, 2);
        uint256 jobId = _post(_params(5, 20)); // 2 assigned, 3 rest
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotFinalizable.selector, jobId, 0, 3, _deadline(jobId))
        );
        market.finalizeJob(jobId);

        _warpPastJobDeadline(jobId);
        uint256 refund = _escrow(3, 1, UNITS, 20, COMMISSION_BPS);
        assertEq(market.getJob(jobId).escrow, refund);
        vm.expectEmit(address(market));
        emit IJobMarket.BidRemoved(jobId);
        vm.expectEmit(address(market));
        emit IJobMarket.JobFinalized(jobId, IJobMarket.JobStatus.Expired, refund);
        vm.expectEmit(address(market));
        emit IJobMarket.Credited(requester, refund);
        vm.prank(stranger);
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), refund);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Expired));
        // Every token of the job reached an owner: the market holds exactly what it owes.
        assertEq(
            token.balanceOf(address(market)),
            market.credits(requester) + market.credits(executors[0]) + market.feesOwed()
        );
    }

    /// A cancelled job finalizes at once when nothing is in flight, refunding the whole escrow.
    function test_finalize_cancelledJob() public {
        IJobMarket.JobParams memory p = _params(4, 20);
        uint256 jobId = _post(p);
        vm.prank(requester);
        market.cancelJob(jobId);
        market.finalizeJob(jobId);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(uint8(job.status), uint8(IJobMarket.JobStatus.Cancelled));
        assertEq(market.credits(requester), _escrowOf(p));
        vm.prank(requester);
        market.withdraw();
        assertEq(token.balanceOf(requester), REQUESTER_FUNDS);
    }

    /// A cancelled job with work in flight waits for it: the executors already assigned are paid.
    function test_finalize_cancelledJobWaitsForAssignments() public {
        _ask(executors[0], 10, 2);
        uint256 jobId = _post(_params(4, 20));
        vm.prank(requester);
        market.cancelJob(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotFinalizable.selector, jobId, 1, 2, _deadline(jobId))
        );
        market.finalizeJob(jobId);
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Cancelled));
        assertEq(market.credits(executors[0]), _cost(2, UNITS, 10));
    }

    /// Past the deadline with an assignment still out: reclaim it, then finalize (Expired).
    function test_finalize_afterReclaimingTheLateAssignment() public {
        _ask(executors[0], 10, 10);
        uint256 jobId = _post(_params(4, 20));
        _warpPastJobDeadline(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotFinalizable.selector, jobId, 1, 0, _deadline(jobId))
        );
        market.finalizeJob(jobId);
        market.reclaim(1);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Expired));
        // The whole escrow back; the lapsed executor's collateral went to fees.
        assertEq(market.credits(requester), _escrow(4, 1, UNITS, 20, COMMISSION_BPS));
        assertEq(market.feesOwed(), 4 * MIN_COLLATERAL);
    }

    function test_revertsIf_finalizeTwice() public {
        uint256 jobId = _post(_params(1, 20));
        _warpPastJobDeadline(jobId);
        market.finalizeJob(jobId);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Expired)
        );
        market.finalizeJob(jobId);
    }

    function test_revertsIf_finalizeUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 0));
        market.finalizeJob(0);
    }

    /// The deadline second itself still belongs to the job.
    function test_revertsIf_finalizeAtTheDeadline() public {
        uint256 jobId = _post(_params(1, 20));
        vm.warp(_deadline(jobId));
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotFinalizable.selector, jobId, 0, 1, _deadline(jobId))
        );
        market.finalizeJob(jobId);
    }

    function _deadline(uint256 jobId) internal view returns (uint64) {
        return market.getJob(jobId).deadline;
    }
}
