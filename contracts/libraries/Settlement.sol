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
        uint64 until = declineUntil(a, job);
        if (block.timestamp > until) revert IJobMarket.DeclineWindowClosed(assignmentId, until);
        s.dropAsk(job.kind, executor, IJobMarket.AskRemoval.Declined);
        s.release(assignmentId, a, job);
        uint256 groupId = a.groupId;
        if (groupId == 0) {
            s.reopen(a.jobId, a.firstTask, a.taskCount, 0);
            return;
        }
        // A replica: its group goes on with the others (the declined one counts against the
        // majority, unslashed). Once every replica has declined nothing is left to wait for: the
        // group ends now, as one without a majority (reopened a bounded number of times, then
        // refunded), so that no job is finalized with a group still open.
        MarketState.GroupData storage g = s.groups[groupId];
        if (++g.declines == g.replication) {
            g.resolved = true;
            s.retryOrRefund(groupId, g, job, 0);
        }
    }

    /// @notice The last second `a` can be declined: half of one task's time after it was assigned
    /// (its deadline less the time of its tasks). A deadline stored capped ({AssignmentData}) only
    /// shortens the window.
    function declineUntil(MarketState.AssignmentData storage a, MarketState.JobData storage job)
        internal
        view
        returns (uint64)
    {
        uint256 span = uint256(job.secondsPerTask) * a.taskCount;
        uint256 assignedAt = a.deadline > span ? a.deadline - span : 0;
        return uint64(assignedAt + job.secondsPerTask / 2);
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
