// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Second audit round (2026-12-02): replicated verification, settlement and job termination,
/// NodeRegistry stake and reputation, gas of the permissionless calls others depend on. Written
/// against the public interfaces; every test asserts the behaviour the design calls correct.
contract JobMarketAudit2Test is MarketFixture {
    uint32 internal constant TASKS = 4;
    bytes32 internal constant ROOT_X = keccak256("root X");
    bytes32 internal constant ROOT_Y = keccak256("root Y");
    bytes32 internal constant ROOT_Z = keccak256("root Z");

    // ================================================================ helpers

    function _accounts() internal view returns (address[] memory list) {
        list = new address[](EXECUTOR_COUNT + 3);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            list[i] = executors[i];
        }
        (list[EXECUTOR_COUNT], list[EXECUTOR_COUNT + 1], list[EXECUTOR_COUNT + 2]) = (requester, requester2, stranger);
    }

    /// Three asks (10, 10, 12) and a replicated r = 3 job at max 20: group 1, assignments 1..3.
    function _replicatedJob() internal returns (uint256 jobId) {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 12, 10);
        jobId = _post(_replicatedParams(TASKS, 20, 3));
        assertEq(_groupCount(), 1);
    }

    function _reserve(uint256 k) internal pure returns (uint256) {
        return _escrow(k, 1, UNITS, 20, COMMISSION_BPS);
    }

    function _status(uint256 id) internal view returns (IJobMarket.AssignmentStatus) {
        return market.getAssignment(id).status;
    }

    function _isExcluded(uint256 jobId, address who) internal view returns (bool) {
        address[] memory list = market.excludedExecutors(jobId);
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == who) return true;
        }
        return false;
    }

    // ================================================================ 1. replicated

    /// A replica that copies another's commitment (the commitment binds the executor) can never
    /// reveal it, even knowing the other's root and salt; it is slashed as silent, the honest two win.
    function test_rep_copiedCommitmentIsSlashedAndTheHonestWin() public {
        uint256 jobId = _replicatedJob();
        _commit(1, ROOT_X);
        bytes32 copied = market.getAssignment(1).commitment;
        vm.prank(executors[1]);
        market.commitResult(2, copied);
        _commit(3, ROOT_X);
        _reveal(1, ROOT_X);
        // The copier knows the root and even the victim's salt: still bound to the victim's address.
        bytes32 victimSalt = _salt(executors[0], "result", 1);
        vm.prank(executors[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommitmentMismatch.selector, 2));
        market.revealResult(2, ROOT_X, RESULT_CID, victimSalt);
        _reveal(3, ROOT_X);
        vm.expectRevert(); // not all revealed: waits for the reveal deadline
        market.resolveGroup(1);
        vm.warp(market.getGroup(1).revealDeadline + 1);
        uint256 feesBefore = market.feesOwed();
        market.resolveGroup(1);
        assertEq(market.getGroup(1).winningRoot, ROOT_X);
        assertEq(uint8(_status(2)), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(market.feesOwed(), feesBefore + TASKS * MIN_COLLATERAL, "copier's collateral to fees");
        assertTrue(_isExcluded(jobId, executors[1]));
        assertEq(market.lockedCollateral(executors[1]), 0);
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE - TASKS * MIN_COLLATERAL);
        assertEq(market.settle(_ids(1, 2, 3)), 2);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertMarketOwes(jobId, _accounts());
    }

    /// Reveals cannot be front-run: once roots are public no commitment can change, and a replica
    /// that committed something else cannot reveal the majority's root.
    function test_rep_revealedRootCannotBeAdoptedByAnotherReplica() public {
        _replicatedJob();
        _commit(1, ROOT_X);
        _commit(2, ROOT_Y);
        _commit(3, ROOT_X);
        _reveal(1, ROOT_X);
        bytes32 salt2 = _salt(executors[1], "result", 2);
        vm.prank(executors[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommitmentMismatch.selector, 2));
        market.revealResult(2, ROOT_X, RESULT_CID, salt2);
        // A commit after reveals opened is refused (all replicas committed; status is Committed).
        vm.prank(executors[1]);
        vm.expectRevert();
        market.commitResult(2, keccak256("again"));
    }

    /// A replica revealing, as its root, the bytes of another replica's commitment is just a
    /// different root (commitments are never compared as roots): a minority, slashed.
    function test_rep_rootEqualToAnotherCommitmentIsJustAMinority() public {
        _replicatedJob();
        _commit(1, ROOT_X);
        bytes32 c1 = market.getAssignment(1).commitment;
        _commit(2, c1);
        _commit(3, ROOT_X);
        _reveal(1, ROOT_X);
        _reveal(2, c1);
        _reveal(3, ROOT_X);
        market.resolveGroup(1);
        assertEq(market.getGroup(1).winningRoot, ROOT_X);
        assertEq(uint8(_status(2)), uint8(IJobMarket.AssignmentStatus.Rejected));
    }

    /// No reveal before every replica committed (or declined) or the commit deadline; no commit
    /// after the commit deadline; reveal closes at the reveal deadline.
    function test_rep_commitAndRevealWindows() public {
        _replicatedJob();
        _commit(1, ROOT_X);
        _commit(3, ROOT_X);
        bytes32 salt = _salt(executors[0], "result", 1);
        IJobMarket.Group memory g = market.getGroup(1);
        vm.prank(executors[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealNotOpen.selector, g.commitDeadline));
        market.revealResult(1, ROOT_X, RESULT_CID, salt);
        vm.warp(g.commitDeadline + 1);
        vm.prank(executors[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentExpired.selector, 2, g.commitDeadline));
        market.commitResult(2, keccak256("late"));
        _reveal(1, ROOT_X); // open after the commit deadline
        vm.warp(g.revealDeadline + 1);
        bytes32 salt3 = _salt(executors[2], "result", 3);
        vm.prank(executors[2]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealClosed.selector, g.revealDeadline));
        market.revealResult(3, ROOT_X, RESULT_CID, salt3);
    }

    /// A tie (X, Y, silent): the two revealers are released with their collateral, only the silent
    /// one is slashed (to fees, never the requester), the range goes back to the book.
    function test_rep_tieReleasesRevealersSlashesSilentAndReopens() public {
        uint256 jobId = _replicatedJob();
        _commit(1, ROOT_X);
        _commit(2, ROOT_Y);
        IJobMarket.Group memory g = market.getGroup(1);
        vm.warp(g.commitDeadline + 1);
        _reveal(1, ROOT_X);
        _reveal(2, ROOT_Y);
        vm.warp(g.revealDeadline + 1);
        uint256 feesBefore = market.feesOwed();
        market.resolveGroup(1);
        assertEq(uint8(_status(1)), uint8(IJobMarket.AssignmentStatus.Released));
        assertEq(uint8(_status(2)), uint8(IJobMarket.AssignmentStatus.Released));
        assertEq(uint8(_status(3)), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(market.lockedCollateral(executors[0]), 0);
        assertEq(market.lockedCollateral(executors[1]), 0);
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE);
        assertEq(market.feesOwed(), feesBefore + TASKS * MIN_COLLATERAL);
        assertEq(market.credits(requester), 0, "collateral never to the requester");
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksUnassigned, TASKS * 3);
        assertEq(job.openAssignments, 0);
        assertEq(job.escrow, _escrowOf(_replicatedParams(TASKS, 20, 3)), "escrow untouched");
        assertFalse(_isExcluded(jobId, executors[0]));
        assertTrue(_isExcluded(jobId, executors[2]));
        _assertMarketOwes(jobId, _accounts());
    }

    /// Three rounds without a majority (three different roots, all revealed): the third refunds the
    /// range's whole reserve once; nobody loses collateral; finalize then refunds nothing twice.
    function test_rep_maxReopensRefundsTheRangeOnce() public {
        uint256 jobId = _replicatedJob();
        uint256 escrow = market.getJob(jobId).escrow;
        for (uint256 round; round < 3; ++round) {
            uint256 gid = _groupCount();
            IJobMarket.Group memory g = market.getGroup(gid);
            assertEq(g.reopens, round);
            _commit(g.assignmentIds[0], ROOT_X);
            _commit(g.assignmentIds[1], ROOT_Y);
            _commit(g.assignmentIds[2], ROOT_Z);
            _reveal(g.assignmentIds[0], ROOT_X);
            _reveal(g.assignmentIds[1], ROOT_Y);
            _reveal(g.assignmentIds[2], ROOT_Z);
            market.resolveGroup(gid);
            if (round < 2) {
                assertEq(market.getJob(jobId).tasksUnassigned, TASKS * 3);
                market.matchJob(jobId, MAX_ASSIGNMENTS);
                assertEq(_groupCount(), gid + 1, "the same (unexcluded) executors take it again");
            }
        }
        assertEq(market.credits(requester), escrow, "whole reserve refunded at the third failure");
        assertEq(market.getJob(jobId).escrow, 0);
        for (uint256 i; i < 3; ++i) {
            assertEq(registry.stakeOf(executors[i]), EXECUTOR_STAKE);
            assertEq(market.lockedCollateral(executors[i]), 0);
        }
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), escrow, "no second refund");
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Expired));
        _assertMarketOwes(jobId, _accounts());
    }

    /// Partial reveals: two of three reveal X, one committed and went silent. X wins, the silent is
    /// slashed and loses its ask; its reserve goes back to the requester at finalize.
    function test_rep_partialRevealMajorityWinsAndMoneyAddsUp() public {
        uint256 jobId = _replicatedJob();
        uint256 escrow = market.getJob(jobId).escrow;
        _commit(1, ROOT_X);
        _commit(2, ROOT_X);
        _commit(3, ROOT_X);
        _reveal(1, ROOT_X);
        _reveal(2, ROOT_X);
        vm.warp(market.getGroup(1).revealDeadline + 1);
        market.resolveGroup(1);
        assertEq(uint8(_status(3)), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(market.getAssignment(3).root, bytes32(0), "an unrevealed commitment is no root");
        assertFalse(market.getAsk(executors[2], GENERATE).active, "silent: ask removed");
        assertEq(market.settle(_ids(1, 2, 3)), 2);
        uint256 pay = _cost(TASKS, UNITS, 10);
        assertEq(market.credits(executors[0]), pay);
        assertEq(market.credits(executors[1]), pay);
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), escrow - 2 * pay - 2 * _fee(pay), "requester pays only the two");
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertMarketOwes(jobId, _accounts());
    }

    /// A declined replica counts against the majority but the other two can still win at once.
    function test_rep_declinedReplicaThenUnanimousPair() public {
        uint256 jobId = _replicatedJob();
        vm.prank(executors[2]);
        market.declineAssignment(3);
        _commit(1, ROOT_X);
        _commit(2, ROOT_X);
        _reveal(1, ROOT_X); // open: commits + declines == r
        _reveal(2, ROOT_X);
        market.resolveGroup(1); // no need to wait
        assertEq(market.getGroup(1).winningRoot, ROOT_X);
        assertEq(market.settle(_ids(1, 2, 3)), 2);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(registry.stakeOf(executors[2]), EXECUTOR_STAKE, "free decline");
        _assertMarketOwes(jobId, _accounts());
    }

    /// reclaim does not apply to replicas; a group nobody committed in resolves after its reveal
    /// deadline and slashes everyone to fees, then the job can end.
    function test_rep_allSilentResolvesAndJobTerminates() public {
        uint256 jobId = _replicatedJob();
        _warpPastDeadline(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WrongVerification.selector, jobId, REPLICATED));
        market.reclaim(1);
        vm.warp(market.getGroup(1).revealDeadline + 1);
        market.resolveGroup(1);
        assertEq(market.feesOwed(), 3 * TASKS * MIN_COLLATERAL);
        // Everyone excluded: the reopened range can only be refunded at the job's deadline.
        _warpPastJobDeadline(jobId);
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), _escrowOf(_replicatedParams(TASKS, 20, 3)));
        _assertMarketOwes(jobId, _accounts());
    }

    /// A silent replica's executor that moved all its free stake to unbonding is still slashable
    /// for the collateral it locked (stake always backs the lock), and the unbonding is untouched.
    function test_rep_silentReplicaUnbondingFreeStakeStillSlashed() public {
        _replicatedJob();
        uint256 free = registry.freeStake(executors[2]);
        vm.prank(executors[2]);
        registry.requestUnbond(free);
        _commit(1, ROOT_X);
        _commit(2, ROOT_X);
        vm.warp(market.getGroup(1).commitDeadline + 1);
        _reveal(1, ROOT_X);
        _reveal(2, ROOT_X);
        vm.warp(market.getGroup(1).revealDeadline + 1);
        market.resolveGroup(1);
        assertEq(registry.stakeOf(executors[2]), 0);
        assertEq(registry.getNode(executors[2]).unbonding, free);
        vm.warp(block.timestamp + UNBONDING_DELAY);
        vm.prank(executors[2]);
        assertEq(registry.withdrawUnbonded(), free);
    }

    /// Cancel while a group is open: the group still resolves and pays; a no-majority range after
    /// the cancel is not matched again and is refunded at finalize.
    function test_rep_cancelWhileGroupOpen() public {
        uint256 jobId = _replicatedJob();
        vm.prank(requester);
        market.cancelJob(jobId);
        _commit(1, ROOT_X);
        _commit(2, ROOT_Y);
        _commit(3, ROOT_Z);
        _reveal(1, ROOT_X);
        _reveal(2, ROOT_Y);
        _reveal(3, ROOT_Z);
        market.resolveGroup(1);
        vm.expectRevert();
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Cancelled));
        assertEq(market.credits(requester), _escrowOf(_replicatedParams(TASKS, 20, 3)));
        _assertMarketOwes(jobId, _accounts());
    }

    /// Every token path of one group at once (r = 7): four winners paid at their own prices, a
    /// minority replica and a silent one slashed to fees, a late decline (penalty to fees); after
    /// settle, finalize and distributeFees the market holds exactly what it still owes.
    function test_rep_everyPathOfOneGroupBalances() public {
        address seventh = _newExecutor("seventh", EXECUTOR_STAKE);
        for (uint256 i; i < 6; ++i) {
            _ask(executors[i], uint24(10 + i), 10);
        }
        _ask(seventh, 16, 10);
        uint256 jobId = _post(_replicatedParams(TASKS, 20, 7)); // assignments 1..7
        uint256 escrow = market.getJob(jobId).escrow;
        assertEq(market.getAssignment(7).executor, seventh);
        // Replica 7 declines half way between its free window and its deadline: a late penalty.
        IJobMarket.Assignment memory a7 = market.getAssignment(7);
        uint64 freeUntil = market.declineFreeUntil(7);
        vm.warp(freeUntil + (a7.deadline - freeUntil) / 2);
        vm.prank(seventh);
        market.declineAssignment(7);
        uint256 penalty = EXECUTOR_STAKE - registry.stakeOf(seventh);
        assertGt(penalty, 0);
        assertLe(penalty, TASKS * MIN_COLLATERAL / 2);
        for (uint256 id = 1; id <= 4; ++id) {
            _commit(id, ROOT_X);
        }
        _commit(5, ROOT_Y);
        _commit(6, ROOT_X);
        for (uint256 id = 1; id <= 5; ++id) {
            _reveal(id, id == 5 ? ROOT_Y : ROOT_X);
        } // replica 6 stays silent
        vm.warp(market.getGroup(1).revealDeadline + 1);
        market.resolveGroup(1);
        assertEq(market.getGroup(1).winningRoot, ROOT_X);
        uint256[] memory ids = new uint256[](7);
        for (uint256 i; i < 7; ++i) {
            ids[i] = i + 1;
        }
        assertEq(market.settle(ids), 4);
        market.finalizeJob(jobId);
        uint256 paid;
        uint256 commission;
        for (uint256 i; i < 4; ++i) {
            uint256 pay = _cost(TASKS, UNITS, 10 + i);
            assertEq(market.credits(executors[i]), pay);
            paid += pay;
            commission += _fee(pay);
        }
        assertEq(market.credits(requester), escrow - paid - commission, "requester pays the four winners only");
        assertEq(market.feesOwed(), commission + 2 * TASKS * MIN_COLLATERAL + penalty);
        assertEq(registry.stakeOf(executors[4]), EXECUTOR_STAKE - TASKS * MIN_COLLATERAL, "minority");
        assertEq(registry.stakeOf(executors[5]), EXECUTOR_STAKE - TASKS * MIN_COLLATERAL, "silent");
        for (uint256 i; i < 6; ++i) {
            assertEq(market.lockedCollateral(executors[i]), 0);
        }
        assertEq(market.lockedCollateral(seventh), 0);
        uint256 owed = market.feesOwed();
        uint256 vaultBefore = token.balanceOf(market.burnVault());
        uint256 treasuryBefore = token.balanceOf(feeTreasury);
        market.distributeFees();
        assertEq(
            token.balanceOf(market.burnVault()) - vaultBefore + token.balanceOf(feeTreasury) - treasuryBefore, owed
        );
        _assertMarketOwes(jobId, _accounts());
    }

    /// Reveal by anyone but the replica's executor is refused, even with the right salt and root.
    function test_rep_revealOnlyByTheAssignee() public {
        _replicatedJob();
        _commit(1, ROOT_X);
        _commit(2, ROOT_X);
        _commit(3, ROOT_X);
        bytes32 salt = _salt(executors[0], "result", 1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, stranger));
        market.revealResult(1, ROOT_X, RESULT_CID, salt);
    }

    /// A range split into groups by the asks' capacity: a failed group's range is served first
    /// when the job is matched again, with its reopen count.
    function test_rep_failedSplitRangeIsServedFirst() public {
        _ask(executors[0], 10, 2);
        _ask(executors[1], 10, 2);
        _ask(executors[2], 10, 2);
        uint256 jobId = _post(_replicatedParams(8, 20, 3)); // group 1: tasks 0-1 (capacity 2 each)
        assertEq(_groupCount(), 1);
        assertEq(market.getGroup(1).taskCount, 2);
        _commit(1, ROOT_X);
        _commit(2, ROOT_Y);
        _commit(3, ROOT_Z);
        _reveal(1, ROOT_X);
        _reveal(2, ROOT_Y);
        _reveal(3, ROOT_Z);
        market.resolveGroup(1); // released: capacity back
        assertEq(market.getJob(jobId).tasksUnassigned, 8 * 3);
        market.matchJob(jobId, 3);
        IJobMarket.Group memory g = market.getGroup(2);
        assertEq(g.firstTask, 0, "the reopened range first");
        assertEq(g.reopens, 1);
        assertEq(market.getJob(jobId).tasksUnassigned, 6 * 3);
    }

    // ================================================================ 2. settlement and termination

    /// Duplicate ids in one batch pay once; the count says so.
    function test_settle_duplicateIdsPayOnce() public {
        _ask(executors[0], 10, 2);
        _ask(executors[1], 10, 2);
        uint256 jobId = _post(_params(4, 20)); // assignments 1 (e0), 2 (e1)
        _submitHonest(1);
        _submitHonest(2);
        _warpPastChallengeWindow(2);
        uint256[] memory ids = new uint256[](5);
        (ids[0], ids[1], ids[2], ids[3], ids[4]) = (1, 1, 2, 2, 1);
        assertEq(market.settle(ids), 2);
        uint256 pay = _cost(2, UNITS, 10);
        assertEq(market.credits(executors[0]), pay);
        assertEq(market.credits(executors[1]), pay);
        assertEq(registry.getNode(executors[0]).reputation.tasksCompleted, 2);
        assertEq(market.settle(ids), 0);
        market.finalizeJob(jobId);
        _assertMarketOwes(jobId, _accounts());
    }

    /// A batch interleaving two requesters' jobs credits each refund to its own requester.
    function test_settle_interleavedRequestersRefundsToTheirOwners() public {
        _ask(executors[0], 10, 1);
        _ask(executors[1], 10, 1);
        _ask(executors[2], 10, 1);
        uint256 j1 = _post(_params(2, 20)); // 1 (e0), 2 (e1)
        uint256 j2 = _postAs(requester2, _params(1, 30)); // 3 (e2)
        _submitHonest(1);
        _submitHonest(2);
        _submitHonest(3);
        _warpPastChallengeWindow(3);
        assertEq(market.settle(_ids(1, 3, 2)), 3);
        uint256 pay = _cost(1, UNITS, 10);
        assertEq(market.credits(requester), 2 * (_escrow(1, 1, UNITS, 20, COMMISSION_BPS) - pay - _fee(pay)));
        assertEq(market.credits(requester2), _escrow(1, 1, UNITS, 30, COMMISSION_BPS) - pay - _fee(pay));
        market.finalizeJob(j1);
        market.finalizeJob(j2);
        assertEq(market.getJob(j1).escrow + market.getJob(j2).escrow, 0);
    }

    /// Cancel while assigned: the executor still submits and is paid; finalize waits for it and then
    /// refunds the rest; the unassigned tasks are never matched after the cancel.
    function test_cancel_whileAssigned_executorPaidRequesterRefunded() public {
        _ask(executors[0], 10, 2);
        uint256 jobId = _post(_params(4, 20)); // 1: tasks 0-1, 2 tasks rest
        uint256 escrow = market.getJob(jobId).escrow;
        vm.prank(requester);
        market.cancelJob(jobId);
        vm.expectRevert();
        market.finalizeJob(jobId);
        _ask(executors[1], 10, 2); // would take the resting tasks if they still rested
        assertEq(_assignmentCount(), 1);
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 1);
        market.finalizeJob(jobId);
        uint256 pay = _cost(2, UNITS, 10);
        assertEq(market.credits(executors[0]), pay);
        assertEq(market.credits(requester), escrow - pay - _fee(pay));
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Cancelled));
        vm.expectRevert();
        market.finalizeJob(jobId);
        vm.prank(requester);
        vm.expectRevert();
        market.cancelJob(jobId);
        _assertMarketOwes(jobId, _accounts());
    }

    /// A late assignment of a cancelled job is reclaimed: collateral to fees, tasks not rematched.
    function test_cancel_thenReclaimThenFinalize() public {
        _ask(executors[0], 10, 2);
        uint256 jobId = _post(_params(2, 20));
        vm.prank(requester);
        market.cancelJob(jobId);
        _warpPastDeadline(1);
        market.reclaim(1);
        assertEq(market.getJob(jobId).tasksUnassigned, 2);
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), _escrowOf(_params(2, 20)));
        assertEq(market.feesOwed(), 2 * MIN_COLLATERAL);
        _assertMarketOwes(jobId, _accounts());
    }

    /// finalize before the deadline: only when every task is done (or the job cancelled).
    function test_finalize_timing() public {
        _ask(executors[0], 10, 2);
        uint256 jobId = _post(_params(4, 20)); // 2 tasks rest
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        vm.expectRevert(); // tasks rest and the deadline has not passed
        market.finalizeJob(jobId);
        _warpPastJobDeadline(jobId);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Expired));
        _assertMarketOwes(jobId, _accounts());
    }

    /// distributeFees: the burn vault's share rounds down, the treasury takes the remainder, so
    /// nothing is lost; a full burn share sends the treasury nothing and does not revert.
    function test_distributeFees_roundingAndShares() public {
        vm.prank(marketOwner);
        market.setBurnShare(3_333);
        _ask(executors[0], 10, 1);
        _post(_params(1, 20));
        _warpPastDeadline(1);
        market.reclaim(1); // fees: MIN_COLLATERAL (1e18)
        // make the amount odd: a late decline penalty elsewhere is overkill; use what is owed
        uint256 owed = market.feesOwed();
        uint256 burnBefore = token.balanceOf(market.burnVault());
        uint256 treasuryBefore = token.balanceOf(feeTreasury);
        market.distributeFees();
        uint256 toBurn = owed * 3_333 / 10_000;
        assertEq(token.balanceOf(market.burnVault()) - burnBefore, toBurn);
        assertEq(token.balanceOf(feeTreasury) - treasuryBefore, owed - toBurn);
        assertEq(market.feesOwed(), 0);
        vm.expectRevert(IJobMarket.NoFeesOwed.selector);
        market.distributeFees();

        vm.prank(marketOwner);
        market.setBurnShare(10_000);
        _ask(executors[1], 10, 1);
        _post(_params(1, 20));
        _warpPastDeadline(2);
        market.reclaim(2);
        treasuryBefore = token.balanceOf(feeTreasury);
        market.distributeFees();
        assertEq(token.balanceOf(feeTreasury), treasuryBefore);
        vm.prank(marketOwner);
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        market.setTreasury(address(0));
    }

    /// withdrawTo sends the caller's credits (not `to`'s) and refuses the zero address; a second
    /// withdraw has nothing.
    function test_withdrawTo_edges() public {
        _ask(executors[0], 10, 1);
        _post(_params(1, 20));
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        uint256 c = market.credits(executors[0]);
        vm.prank(executors[0]);
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        market.withdrawTo(address(0));
        uint256 before = token.balanceOf(stranger);
        vm.prank(executors[0]);
        assertEq(market.withdrawTo(stranger), c);
        assertEq(token.balanceOf(stranger) - before, c);
        vm.prank(executors[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NothingToWithdraw.selector, executors[0]));
        market.withdraw();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NothingToWithdraw.selector, stranger));
        market.withdraw();
    }

    /// withdrawTo(the market itself, or its registry) would move credits where no function can ever
    /// reach them (no sweep): refused like address(0), and the credits stay withdrawable.
    function test_withdrawTo_marketItselfIsRefused() public {
        _ask(executors[0], 10, 1);
        _post(_params(1, 20));
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        uint256 owed = market.credits(executors[0]);
        assertGt(owed, 0);
        for (uint256 i; i < 2; ++i) {
            address to = i == 0 ? address(market) : address(registry);
            vm.prank(executors[0]);
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnreachableRecipient.selector, to));
            market.withdrawTo(to);
        }
        assertEq(market.credits(executors[0]), owed, "the credits stay withdrawable");
    }

    // ================================================================ 3. NodeRegistry

    /// Someone else submitting the victim's stakeWithPermit signature from their own account cannot
    /// burn it for the victim: the permit fails for them (wrong owner), their stake has no allowance.
    function test_registry_permitReplayedByAnotherCallerDoesNotBlockTheOwner() public {
        (address node, uint256 key) = makeAddrAndKey("permitNode2");
        _fund(node, 1_000e18);
        vm.prank(node);
        registry.register(_capabilities(), "bafkreinodemetadata");
        address attacker = _newExecutor("permitAttacker", 1e18);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                node,
                address(registry),
                1_000e18,
                token.nonces(node),
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        vm.prank(attacker);
        vm.expectRevert();
        registry.stakeWithPermit(1_000e18, deadline, v, r, s);
        vm.prank(node);
        registry.stakeWithPermit(1_000e18, deadline, v, r, s);
        assertEq(registry.stakeOf(node), 1_000e18);
    }

    /// Collateral locked as a verifier candidate or by an assignment cannot be unbonded; a second
    /// request adds to the first and restarts the delay for the whole balance.
    function test_registry_unbondRespectsEveryLock() public {
        _ask(executors[0], 10, 3);
        _post(_params(3, 20)); // e0 locks 3 collateral
        uint256 locked = market.lockedCollateral(executors[0]);
        assertEq(locked, 3 * MIN_COLLATERAL);
        vm.startPrank(executors[0]);
        vm.expectRevert();
        registry.requestUnbond(EXECUTOR_STAKE - locked + 1);
        registry.requestUnbond(1e18);
        uint64 first = registry.getNode(executors[0]).unbondingReadyAt;
        vm.warp(block.timestamp + 1 days);
        registry.requestUnbond(EXECUTOR_STAKE - locked - 1e18);
        vm.stopPrank();
        INodeRegistry.Node memory n = registry.getNode(executors[0]);
        assertEq(n.unbonding, EXECUTOR_STAKE - locked);
        assertGt(n.unbondingReadyAt, first);
        assertEq(registry.freeStake(executors[0]), 0);
        // The locked part still covers a reclaim's slash.
        _warpPastDeadline(1);
        market.reclaim(1);
        assertEq(registry.stakeOf(executors[0]), 0);
        vm.warp(n.unbondingReadyAt - 1);
        vm.prank(executors[0]);
        vm.expectRevert();
        registry.withdrawUnbonded();
        vm.warp(n.unbondingReadyAt);
        vm.prank(executors[0]);
        assertEq(registry.withdrawUnbonded(), EXECUTOR_STAKE - locked);
    }

    /// Reputation: settled tasks count completed, a reclaim counts failed and a slash, a late
    /// decline counts a slash but no failed task.
    function test_registry_reputationCounters() public {
        _ask(executors[0], 10, 2);
        _post(_params(2, 20)); // 1
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        INodeRegistry.Reputation memory rep = registry.getNode(executors[0]).reputation;
        assertEq(rep.tasksCompleted, 2);
        assertEq(rep.tasksFailed, 0);

        vm.prank(executors[0]);
        market.cancelAsk(GENERATE);
        _ask(executors[1], 10, 2);
        _post(_params(2, 20)); // 2
        assertEq(market.getAssignment(2).executor, executors[1]);
        _warpPastDeadline(2);
        market.reclaim(2);
        rep = registry.getNode(executors[1]).reputation;
        assertEq(rep.tasksFailed, 2);
        assertEq(rep.timesSlashed, 1);
        assertEq(rep.amountSlashed, 2 * MIN_COLLATERAL);

        _ask(executors[2], 10, 2);
        _post(_params(2, 20)); // 3
        assertEq(market.getAssignment(3).executor, executors[2]);
        vm.warp(market.getAssignment(3).deadline);
        vm.prank(executors[2]);
        market.declineAssignment(3);
        rep = registry.getNode(executors[2]).reputation;
        assertEq(rep.tasksFailed, 0);
        assertEq(rep.timesSlashed, 1);
        assertEq(rep.amountSlashed, MIN_COLLATERAL, "half of 2 collateral at the deadline");
    }

    /// The market never slashes more than the executor locked: stake left == stake - collateral.
    function test_registry_slashTakesOnlyTheLockedCollateral() public {
        _ask(executors[0], 10, 2);
        _post(_params(2, 20));
        _warpPastDeadline(1);
        market.reclaim(1);
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE - 2 * MIN_COLLATERAL);
        assertEq(market.lockedCollateral(executors[0]), 0);
        vm.prank(stranger);
        vm.expectRevert();
        registry.slash(executors[0], 1);
    }

    // ================================================================ 4. gas of permissionless calls

    /// Sixty executors declining the same job (excluded each time) do not make the calls others
    /// depend on (matchJob, reclaim, settle, finalizeJob) grow with the excluded list.
    function test_gas_manyExclusionsKeepCallsBounded() public {
        IJobMarket.JobParams memory p = _params(1, 20);
        uint256 jobId = _post(p);
        for (uint256 i; i < 60; ++i) {
            address e = _newExecutor(string.concat("decliner", vm.toString(i)), 10e18);
            _ask(e, 5, 1); // takes the resting task
            uint256 id = _assignmentCount();
            vm.prank(e);
            market.declineAssignment(id);
        }
        assertEq(market.excludedExecutors(jobId).length, 60);
        _ask(executors[0], 10, 1);
        uint256 last = _assignmentCount();
        assertEq(market.getAssignment(last).executor, executors[0]);
        _warpPastDeadline(last);
        uint256 g0 = gasleft();
        market.reclaim(last);
        uint256 used = g0 - gasleft();
        emit log_named_uint("reclaim gas, 60 excluded", used);
        assertLt(used, 300_000);
        g0 = gasleft();
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        emit log_named_uint("matchJob gas, 60 excluded", g0 - gasleft());
        assertLt(g0 - gasleft(), 300_000);
        _ask(executors[1], 10, 1);
        last = _assignmentCount();
        _submitHonest(last);
        _warpPastChallengeWindow(last);
        g0 = gasleft();
        _settleOne(last);
        assertLt(g0 - gasleft(), 300_000);
        g0 = gasleft();
        market.finalizeJob(jobId);
        emit log_named_uint("finalize gas, 61 excluded", g0 - gasleft());
        assertLt(g0 - gasleft(), 300_000);
        _assertMarketOwes(jobId, _accounts());
    }

    /// resolveGroup of a 9-replica group with every replica silent (nine slashes) stays well under
    /// a block's gas.
    function test_gas_resolveGroupNineSilent() public {
        address[] memory extra = new address[](3);
        for (uint256 i; i < 6; ++i) {
            _ask(executors[i], 10, 10);
        }
        for (uint256 i; i < 3; ++i) {
            extra[i] = _newExecutor(string.concat("nine", vm.toString(i)), EXECUTOR_STAKE);
            _ask(extra[i], 10, 10);
        }
        _post(_replicatedParams(TASKS, 20, 9));
        assertEq(_groupCount(), 1);
        vm.warp(market.getGroup(1).revealDeadline + 1);
        uint256 g0 = gasleft();
        market.resolveGroup(1);
        uint256 used = g0 - gasleft();
        emit log_named_uint("resolveGroup gas, r = 9 all silent", used);
        assertLt(used, 1_500_000);
    }

    /// A full settle batch (256 one-task assignments, one executor, one requester) stays bounded.
    function test_gas_settleFullBatch() public {
        address e = _newExecutor("batcher", 1_000e18);
        _ask(e, 10, 300);
        uint256[] memory ids = new uint256[](256);
        for (uint256 i; i < 256; ++i) {
            _post(_params(1, 20));
            ids[i] = i + 1;
            _submitHonest(i + 1);
        }
        _warpPastChallengeWindow(256);
        uint256 g0 = gasleft();
        assertEq(market.settle(ids), 256);
        uint256 used = g0 - gasleft();
        emit log_named_uint("settle gas, 256 assignments", used);
        assertLt(used, 15_000_000);
    }
}
