// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice REPLICATED verification: r distinct executors per range commit
/// keccak256(abi.encode(root, executor, salt)), reveal, and {IJobMarket.resolveGroup} accepts a
/// strict majority, slashes the minority and the silent, reopens a range without a majority at most
/// MAX_REOPENS times and then refunds it.
contract JobMarketReplicatedTest is MarketFixture {
    uint32 internal constant TASKS = 4;
    uint256 internal jobId;
    uint64 internal commitDeadline;
    uint64 internal revealDeadline;

    function setUp() public override {
        super.setUp();
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 12, 10);
        _ask(executors[3], 30, 10); // above the job's max: never picked
        jobId = _post(_replicatedParams(TASKS, 20, 3)); // group 1: assignments 1, 2, 3
        commitDeadline = uint64(block.timestamp) + TASKS * SECONDS_PER_TASK;
        revealDeadline = commitDeadline + REVEAL_WINDOW;
    }

    function test_replicated_assignsTheRangeToDistinctExecutors() public view {
        IJobMarket.Group memory g = market.getGroup(1);
        assertEq(g.jobId, jobId);
        assertEq(g.firstTask, 0);
        assertEq(g.taskCount, TASKS);
        assertEq(g.replication, 3);
        assertEq(g.commitDeadline, commitDeadline);
        assertEq(g.revealDeadline, revealDeadline);
        assertFalse(g.resolved);
        assertEq(g.assignmentIds.length, 3);
        for (uint256 i; i < 3; ++i) {
            IJobMarket.Assignment memory a = market.getAssignment(g.assignmentIds[i]);
            assertEq(a.executor, executors[i], "cheapest three, in book order");
            assertEq(a.groupId, 1);
            assertEq(a.taskCount, TASKS);
            assertEq(a.deadline, commitDeadline);
            assertEq(a.collateral, TASKS * MIN_COLLATERAL);
        }
        assertEq(market.getAssignment(3).priceTick, 12, "each replica at its own ask's price");
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksUnassigned, 0);
        assertEq(job.openAssignments, 3);
        assertEq(job.escrow, _escrow(TASKS, 3, UNITS, 20, COMMISSION_BPS));
    }

    /// Replicas need distinct executors: with two asks a 3-way range rests.
    function test_replicated_restsWithoutEnoughExecutors() public {
        vm.prank(executors[3]);
        market.cancelAsk(GENERATE);
        _ask(executors[4], 50, 10);
        uint256 other = _postAs(requester2, _replicatedParams(2, 20, 5));
        assertEq(market.getJob(other).tasksUnassigned, 10);
        assertEq(_groupCount(), 1);
    }

    function test_commitResult_recordsTheCommitment() public {
        bytes32 commitment = _resultCommitment(_honestRoot(1), executors[0], _salt(executors[0], "result", 1));
        vm.expectEmit(address(market));
        emit IJobMarket.ResultCommitted(1, commitment);
        _commit(1, _honestRoot(1));
        IJobMarket.Assignment memory a = market.getAssignment(1);
        assertEq(uint8(a.status), uint8(IJobMarket.AssignmentStatus.Committed));
        assertEq(a.commitment, commitment);
        assertEq(a.root, bytes32(0), "the root stays hidden until revealed");
        assertEq(market.getGroup(1).commits, 1);
    }

    function test_revertsIf_commitWrongCallerZeroTwiceOrLate() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, executors[1]));
        vm.prank(executors[1]);
        market.commitResult(1, bytes32(uint256(1)));
        vm.expectRevert(IJobMarket.ZeroRoot.selector);
        vm.prank(executors[0]);
        market.commitResult(1, bytes32(0));
        _commit(1, _honestRoot(1));
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Committed
            )
        );
        vm.prank(executors[0]);
        market.commitResult(1, bytes32(uint256(1)));
        vm.warp(commitDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentExpired.selector, 2, commitDeadline));
        vm.prank(executors[1]);
        market.commitResult(2, bytes32(uint256(1)));
    }

    function test_revertsIf_commitForOptimistic() public {
        _ask(executors[4], 10, 10);
        uint256 optimistic = _post(_params(1, 20));
        uint256 id = _assignmentCount();
        address executor = market.getAssignment(id).executor;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WrongVerification.selector, optimistic, OPTIMISTIC));
        vm.prank(executor);
        market.commitResult(id, bytes32(uint256(1)));
    }

    /// Reveals open when all committed, or at the commit deadline.
    function test_revealResult_opensWhenAllCommitted() public {
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        _commit(2, root);
        _expectRevealRevert(
            1, root, abi.encodeWithSelector(IJobMarket.RevealNotOpen.selector, commitDeadline)
        );
        _commit(3, root);
        vm.expectEmit(address(market));
        emit IJobMarket.ResultRevealed(1, root, RESULT_CID);
        _reveal(1, root);
        IJobMarket.Assignment memory a = market.getAssignment(1);
        assertEq(uint8(a.status), uint8(IJobMarket.AssignmentStatus.Revealed));
        assertEq(a.root, root);
        assertEq(market.getGroup(1).reveals, 1);
    }

    function test_revealResult_opensAtTheCommitDeadline() public {
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        vm.warp(commitDeadline);
        _expectRevealRevert(
            1, root, abi.encodeWithSelector(IJobMarket.RevealNotOpen.selector, commitDeadline)
        );
        vm.warp(commitDeadline + 1);
        _reveal(1, root);
    }

    function test_revertsIf_revealMismatchZeroBadCidLateOrUncommitted() public {
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        _commit(2, root);
        _commit(3, root);
        bytes32 salt = _salt(executors[0], "result", 1);
        vm.startPrank(executors[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommitmentMismatch.selector, 1));
        market.revealResult(1, bytes32(uint256(root) ^ 1), RESULT_CID, salt);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommitmentMismatch.selector, 1));
        market.revealResult(1, root, RESULT_CID, bytes32(uint256(salt) ^ 1));
        vm.expectRevert(IJobMarket.ZeroRoot.selector);
        market.revealResult(1, bytes32(0), RESULT_CID, salt);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidResultCid.selector, 0));
        market.revealResult(1, root, "", salt);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, executors[1]));
        vm.prank(executors[1]);
        market.revealResult(1, root, RESULT_CID, salt);
        vm.warp(revealDeadline + 1);
        _expectRevealRevert(1, root, abi.encodeWithSelector(IJobMarket.RevealClosed.selector, revealDeadline));
    }

    /// A commitment is bound to its executor: another executor's reveal of a copied commitment
    /// fails (it would hash a different address).
    function test_revertsIf_copiedCommitmentRevealed() public {
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        bytes32 copied = market.getAssignment(1).commitment;
        vm.prank(executors[1]);
        market.commitResult(2, copied);
        _commit(3, root);
        bytes32 salt = _salt(executors[0], "result", 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommitmentMismatch.selector, 2));
        vm.prank(executors[1]);
        market.revealResult(2, root, RESULT_CID, salt);
    }

    function test_resolveGroup_unanimousIsAcceptedAndPaid() public {
        bytes32 root = _honestRoot(1);
        _commitAndRevealAll(root, root, root);
        vm.expectEmit(address(market));
        emit IJobMarket.GroupResolved(1, jobId, root, 0, false, false);
        vm.prank(stranger);
        market.resolveGroup(1);
        IJobMarket.Group memory g = market.getGroup(1);
        assertTrue(g.resolved);
        assertEq(g.winningRoot, root);
        for (uint256 id = 1; id <= 3; ++id) {
            assertEq(uint8(market.getAssignment(id).status), uint8(IJobMarket.AssignmentStatus.Accepted));
        }
        assertEq(market.getJob(jobId).tasksAccepted, TASKS, "counted once, whatever the replication");

        assertEq(market.settle(_ids(1, 2, 3)), 3);
        assertEq(market.credits(executors[0]), _cost(TASKS, UNITS, 10));
        assertEq(market.credits(executors[2]), _cost(TASKS, UNITS, 12));
        uint256 paid = 2 * _cost(TASKS, UNITS, 10) + _cost(TASKS, UNITS, 12);
        assertEq(market.feesOwed(), _fee(_cost(TASKS, UNITS, 10)) * 2 + _fee(_cost(TASKS, UNITS, 12)));
        assertEq(
            market.credits(requester), _escrow(TASKS, 3, UNITS, 20, COMMISSION_BPS) - paid - market.feesOwed()
        );
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertMarketHoldsWhatItOwes();
    }

    /// A dissenting executor is outvoted: slashed to fees (not to the requester), not paid; the
    /// majority is paid.
    /// Its ask stays in the book: the range needs no redo, and its collateral paid for the fault
    /// (asks leave the book for missed deadlines and lost challenges, whose tasks others redo).
    function test_resolveGroup_minorityIsSlashed() public {
        bytes32 root = _honestRoot(1);
        bytes32 bad = _cheatingRoot(1, 1);
        _commitAndRevealAll(root, bad, root);
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentSlashed(2, executors[1], TASKS * MIN_COLLATERAL, address(market));
        vm.expectEmit(address(market));
        emit IJobMarket.GroupResolved(1, jobId, root, 1, false, false);
        market.resolveGroup(1);
        assertEq(uint8(market.getAssignment(2).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE - TASKS * MIN_COLLATERAL);
        assertEq(market.lockedCollateral(executors[1]), 0);
        assertEq(market.credits(requester), 0);
        assertEq(market.feesOwed(), TASKS * MIN_COLLATERAL);
        assertTrue(market.getAsk(executors[1], GENERATE).active, "an outvoted executor keeps its ask");
        address[] memory excluded = market.excludedExecutors(jobId);
        assertEq(excluded.length, 1, "but never meets this job again");
        assertEq(excluded[0], executors[1]);
        assertEq(market.settle(_ids(1, 2, 3)), 2, "the rejected one is not paid");
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertMarketHoldsWhatItOwes();
    }

    /// A silent executor (never committed) is slashed and loses its ask; the two others decide.
    function test_resolveGroup_silentIsSlashedAfterTheRevealDeadline() public {
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        _commit(3, root);
        vm.warp(commitDeadline + 1);
        _reveal(1, root);
        _reveal(3, root);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.GroupNotResolvable.selector, 1, revealDeadline));
        market.resolveGroup(1);
        vm.warp(revealDeadline + 1);
        vm.expectEmit(address(market));
        emit IJobMarket.AskRemoved(executors[1], GENERATE, IJobMarket.AskRemoval.MissedDeadline);
        market.resolveGroup(1);
        assertEq(uint8(market.getAssignment(2).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(market.getGroup(1).winningRoot, root, "two of three is a strict majority");
        assertFalse(market.getAsk(executors[1], GENERATE).active);
        assertEq(market.excludedExecutors(jobId)[0], executors[1]);
        assertEq(market.credits(requester), 0);
        assertEq(market.feesOwed(), TASKS * MIN_COLLATERAL);
        _assertMarketHoldsWhatItOwes();
    }

    /// No strict majority: everyone who revealed is released without fault, the range reopens.
    function test_resolveGroup_noMajorityReopens() public {
        _commitAndRevealAll(bytes32(uint256(1)), bytes32(uint256(2)), bytes32(uint256(3)));
        vm.expectEmit(address(market));
        emit IJobMarket.AssignmentReleased(1);
        vm.expectEmit(address(market));
        emit IJobMarket.GroupResolved(1, jobId, bytes32(0), 0, true, false);
        vm.expectEmit(address(market));
        emit IJobMarket.TasksReopened(jobId, 0, TASKS, 1);
        market.resolveGroup(1);
        for (uint256 id = 1; id <= 3; ++id) {
            assertEq(uint8(market.getAssignment(id).status), uint8(IJobMarket.AssignmentStatus.Released));
        }
        assertEq(market.lockedCollateral(executors[0]), 0);
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE, "no fault, no slash");
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksUnassigned, TASKS * 3);
        assertEq(job.openAssignments, 0);

        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        IJobMarket.Group memory g = market.getGroup(2);
        assertEq(g.reopens, 1);
        assertEq(g.firstTask, 0);
        assertEq(g.taskCount, TASKS);
    }

    /// After MAX_REOPENS reopenings without a majority the range's escrow goes back.
    function test_resolveGroup_refundsAfterMaxReopens() public {
        uint8 maxReopens = market.MAX_REOPENS();
        for (uint256 round; round <= maxReopens; ++round) {
            uint256 groupId = round + 1;
            if (round != 0) {
                vm.prank(stranger);
                market.matchJob(jobId, MAX_ASSIGNMENTS);
            }
            uint64[] memory ids = market.getGroup(groupId).assignmentIds;
            for (uint256 i; i < 3; ++i) {
                _commit(ids[i], bytes32(i + 1));
            }
            for (uint256 i; i < 3; ++i) {
                _reveal(ids[i], bytes32(i + 1));
            }
            if (round < maxReopens) {
                market.resolveGroup(groupId);
                assertEq(market.getJob(jobId).tasksUnassigned, TASKS * 3);
            } else {
                uint256 refund = _escrow(TASKS, 3, UNITS, 20, COMMISSION_BPS);
                vm.expectEmit(address(market));
                emit IJobMarket.GroupResolved(groupId, jobId, bytes32(0), 0, false, true);
                vm.expectEmit(address(market));
                emit IJobMarket.Credited(requester, refund);
                market.resolveGroup(groupId);
                assertEq(market.getJob(jobId).escrow, 0);
                assertEq(market.credits(requester), refund);
                assertEq(market.getJob(jobId).tasksUnassigned, 0);
            }
        }
        market.finalizeJob(jobId);
        assertEq(
            uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Expired), "tasks never accepted"
        );
        _assertMarketHoldsWhatItOwes();
    }

    function test_revertsIf_resolveUnknownEarlyOrTwice() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownGroup.selector, 2));
        market.resolveGroup(2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.GroupNotResolvable.selector, 1, revealDeadline));
        market.resolveGroup(1);
        vm.warp(revealDeadline + 1);
        market.resolveGroup(1); // all silent: all slashed
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.GroupAlreadyResolved.selector, 1));
        market.resolveGroup(1);
    }

    /// Everyone silent: all three slashed, the range reopens (no majority), the asks are gone.
    function test_resolveGroup_allSilent() public {
        vm.warp(revealDeadline + 1);
        vm.expectEmit(address(market));
        emit IJobMarket.GroupResolved(1, jobId, bytes32(0), 3, true, false);
        market.resolveGroup(1);
        assertEq(market.credits(requester), 0);
        assertEq(market.feesOwed(), 3 * TASKS * MIN_COLLATERAL);
        for (uint256 i; i < 3; ++i) {
            assertFalse(market.getAsk(executors[i], GENERATE).active);
        }
        _assertMarketHoldsWhatItOwes();
    }

    // ------------------------------------------------------------ helpers

    /// @dev The salt is derived first: the expected revert applies to the next call only.
    function _expectRevealRevert(uint256 id, bytes32 root, bytes memory err) internal {
        address executor = market.getAssignment(id).executor;
        bytes32 salt = _salt(executor, "result", id);
        vm.expectRevert(err);
        vm.prank(executor);
        market.revealResult(id, root, RESULT_CID, salt);
    }

    function _commitAndRevealAll(bytes32 r1, bytes32 r2, bytes32 r3) internal {
        _commit(1, r1);
        _commit(2, r2);
        _commit(3, r3);
        _reveal(1, r1);
        _reveal(2, r2);
        _reveal(3, r3);
    }

    function _assertMarketHoldsWhatItOwes() internal view {
        uint256 owed = market.feesOwed() + market.getJob(jobId).escrow + market.credits(requester);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            owed += market.credits(executors[i]);
        }
        assertEq(token.balanceOf(address(market)), owed, "market balance == escrow + credits + fees");
    }
}
