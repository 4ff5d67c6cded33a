// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {MarketState} from "./MarketState.sol";

/// @title Settlement
/// @notice How work and jobs end: batch settlement, reclaim of expired assignments, job
/// cancellation and finalization. Public functions: linked as an external library (delegatecall
/// on the market's storage) to keep JobMarket under the 24 KB limit.
library Settlement {
    using MarketState for MarketState.State;

    /// The most assignments one {settle} batch takes.
    uint256 internal constant MAX_BATCH = 256;

    function settle(MarketState.State storage s, uint256[] calldata assignmentIds)
        public
        returns (uint256 settled)
    {
        uint256 n = assignmentIds.length;
        if (n == 0 || n > MAX_BATCH) revert IJobMarket.InvalidBound(n, MAX_BATCH);
        MarketState.Batch memory b;
        for (uint256 i; i < n; ++i) {
            if (s.settleOne(assignmentIds[i], b)) ++settled;
        }
        s.flush(b);
    }

    function reclaim(MarketState.State storage s, uint256 assignmentId) public {
        MarketState.AssignmentData storage a = s.assignment(assignmentId);
        MarketState.JobData storage job = s.jobs[a.jobId];
        if (job.verification != IJobMarket.Verification.OPTIMISTIC) {
            revert IJobMarket.WrongVerification(a.jobId, job.verification);
        }
        if (a.status != IJobMarket.AssignmentStatus.Assigned) {
            revert IJobMarket.WrongAssignmentStatus(assignmentId, a.status);
        }
        if (block.timestamp <= a.deadline) revert IJobMarket.AssignmentNotExpired(assignmentId, a.deadline);
        a.status = IJobMarket.AssignmentStatus.Reclaimed;
        emit IJobMarket.AssignmentReclaimed(assignmentId, msg.sender);
        s.dropAsk(job.kind, s.executorOf(a), IJobMarket.AskRemoval.MissedDeadline);
        s.slashToFees(assignmentId, a, job);
        s.reopen(a.jobId, a.firstTask, a.taskCount, 0);
    }

    function declineAssignment(MarketState.State storage s, uint256 assignmentId) public {
        MarketState.AssignmentData storage a = s.assignment(assignmentId);
        address executor = s.executorOf(a);
        if (msg.sender != executor) revert IJobMarket.NotAssignee(assignmentId, msg.sender);
        MarketState.JobData storage job = s.jobs[a.jobId];
        if (a.status != IJobMarket.AssignmentStatus.Assigned) {
            revert IJobMarket.WrongAssignmentStatus(assignmentId, a.status);
        }
        uint64 deadline = a.deadline;
        if (block.timestamp > deadline) revert IJobMarket.DeclineWindowClosed(assignmentId, deadline);
        uint256 penalty = latePenalty(a, job, block.timestamp);
        s.exclude(a, job);
        s.dropAsk(job.kind, executor, IJobMarket.AskRemoval.Declined);
        s.release(assignmentId, a, job);
        if (penalty != 0) {
            // Out of the stake just unlocked (so the stake covers it), to fees like a missed
            // deadline, never the requester. The registry counts the slash in the executor's
            // reputation; its tasks are not counted as failed (it handed them back).
            emit IJobMarket.AssignmentSlashed(assignmentId, executor, penalty, address(this));
            s.feesOwed += penalty;
            s.registry.slash(executor, penalty);
        }
        uint256 groupId = a.groupId;
        if (groupId == 0) {
            s.reopen(a.jobId, a.firstTask, a.taskCount, 0);
            return;
        }
        // A replica: its group goes on with the others (the declined one counts against the
        // majority, unslashed by the group). Once every replica has declined nothing is left to wait
        // for: the group ends now, as one without a majority (reopened a bounded number of times,
        // then refunded), so that no job is finalized with a group still open.
        MarketState.GroupData storage g = s.groups[groupId];
        if (++g.declines == g.replication) {
            g.resolved = true;
            s.retryOrRefund(groupId, g, job, 0);
        }
    }

    /// @notice The collateral a decline of `a` at `time` costs: nothing until
    /// {MarketState.declineFreeUntil}, then a share growing linearly to LATE_DECLINE_MAX_BPS of it
    /// at the deadline. Handing work back then never costs more than letting it lapse (all of it)
    /// or than challenging one's own result from another identity, and costs less the sooner.
    function latePenalty(MarketState.AssignmentData storage a, MarketState.JobData storage job, uint256 time)
        internal
        view
        returns (uint256)
    {
        uint256 freeUntil = MarketState.declineFreeUntil(a, job);
        if (time <= freeUntil) return 0;
        uint256 collateral = uint256(a.taskCount) * job.collateralPerTask;
        // deadline > freeUntil: a task's time is at least minSecondsPerTask >= 2 s, half of it
        // less. Below 2^128 x 2^14 x 2^40: no overflow.
        return collateral * MarketState.LATE_DECLINE_MAX_BPS * (time - freeUntil)
            / (uint256(MarketState.BPS) * (a.deadline - freeUntil));
    }

    function cancelJob(MarketState.State storage s, uint256 jobId) public {
        MarketState.JobData storage job = s.job(jobId);
        if (msg.sender != job.requester) revert IJobMarket.NotRequester(jobId, msg.sender);
        if (job.status != IJobMarket.JobStatus.Open || job.cancelled) {
            revert IJobMarket.JobNotOpen(jobId, job.status);
        }
        job.cancelled = true;
        emit IJobMarket.JobCancelled(jobId);
        s.syncBid(jobId, false);
    }

    function finalizeJob(MarketState.State storage s, uint256 jobId) public {
        MarketState.JobData storage job = s.job(jobId);
        if (job.status != IJobMarket.JobStatus.Open) revert IJobMarket.JobNotOpen(jobId, job.status);
        bool stopped = job.cancelled || block.timestamp > job.deadline;
        if (job.openAssignments != 0 || (job.tasksUnassigned != 0 && !stopped)) {
            revert IJobMarket.JobNotFinalizable(jobId, job.openAssignments, job.tasksUnassigned, job.deadline);
        }
        IJobMarket.JobStatus status = job.tasksAccepted == job.taskCount
            ? IJobMarket.JobStatus.Completed
            : (job.cancelled ? IJobMarket.JobStatus.Cancelled : IJobMarket.JobStatus.Expired);
        job.status = status;
        uint256 refund = job.escrow;
        job.escrow = 0;
        s.syncBid(jobId, false);
        emit IJobMarket.JobFinalized(jobId, status, refund);
        if (refund != 0) s.credit(job.requester, refund);
    }
}
