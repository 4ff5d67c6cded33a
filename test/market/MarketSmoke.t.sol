// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarketFixture} from "../utils/MarketFixture.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";

/// @notice The market's happy paths end to end on the deployed platform: optimistic post -> match
/// -> submit -> settle -> withdraw -> finalize -> fees; replicated commit-reveal; a resting bid
/// taken by a later ask; a challenge the executor loses; a reclaim. The per-operation unit
/// tests, fuzzing and invariants are another suite's.
contract MarketSmokeTest is MarketFixture {
    /// The shared Merkle vectors (market-common.md): tasks 0..4, shard hashes sha256("shard-i").
    /// Root computed independently with viem (keccak256 of sorted pairs, odd node promoted).
    bytes32 internal constant VECTOR_ROOT =
        0x9efe2cfdb84fca2735193b4aece9e23301b4e5f07becaaea5f90d58a675f0965;
    uint256 internal constant TICK = 1e9;

    function test_merkleVectors_matchTheSharedRoot() public pure {
        assertEq(_shard(0), 0x27f753da3d1d028053a879c9310bbc4131a5b6a76ffb3c8ed1734ba6e13912a3);
        assertEq(_leaf(0, _shard(0)), 0x07aee36bacd8100299ae8ac083b350a45743e3569842388d25dbac023c35271a);
        assertEq(_root(0, 5), VECTOR_ROOT);
    }

    function test_optimistic_postMatchSubmitSettleWithdrawFinalize() public {
        _ask(executors[0], 10, 5);
        _ask(executors[1], 20, 5);
        _ask(executors[2], 30, 5); // above the job's max price: never matched
        uint256 before = token.balanceOf(requester);
        uint256 jobId = _post(_optimistic(8, 25));
        uint256 escrow = 8 * UNITS_PER_TASK * 25 * TICK * 11_000 / 10_000;
        assertEq(before - token.balanceOf(requester), escrow, "escrow pulled");

        IJobMarket.Assignment memory a1 = jobMarket.getAssignment(1);
        IJobMarket.Assignment memory a2 = jobMarket.getAssignment(2);
        assertEq(a1.executor, executors[0]);
        assertEq(a1.taskCount, 5, "the cheapest ask takes its capacity");
        assertEq(a2.executor, executors[1]);
        assertEq(a2.firstTask, 5);
        assertEq(a2.taskCount, 3);
        assertEq(jobMarket.lockedCollateral(executors[0]), 5 * MIN_COLLATERAL);
        assertEq(nodeRegistry.freeStake(executors[0]), STAKE - 5 * MIN_COLLATERAL);
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 0);

        // Arguments first: sha256 is a precompile call, which would consume a prank.
        (bytes32 root1, bytes32 root2) = (_root(0, 5), _root(5, 3));
        vm.prank(executors[0]);
        jobMarket.submitResult(1, root1, RESULT_CID);
        vm.prank(executors[1]);
        jobMarket.submitResult(2, root2, RESULT_CID);

        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (1, 2, 99);
        assertEq(jobMarket.settle(ids), 0, "inside the challenge window nothing settles");
        vm.warp(block.timestamp + MIN_CHALLENGE_WINDOW + 1);
        assertEq(jobMarket.settle(ids), 2, "unknown ids are skipped");
        assertEq(jobMarket.settle(ids), 0, "nothing is paid twice");

        uint256 pay1 = 5 * UNITS_PER_TASK * 10 * TICK;
        uint256 pay2 = 3 * UNITS_PER_TASK * 20 * TICK;
        assertEq(jobMarket.credits(executors[0]), pay1);
        assertEq(jobMarket.credits(executors[1]), pay2);
        assertEq(jobMarket.feesOwed(), (pay1 + pay2) / 10);
        assertEq(jobMarket.credits(requester), escrow - (pay1 + pay2) * 11 / 10, "unspent escrow refunded");
        assertEq(jobMarket.lockedCollateral(executors[0]), 0);
        assertEq(nodeRegistry.getNode(executors[0]).reputation.tasksCompleted, 5);

        uint256 balance = token.balanceOf(executors[0]);
        vm.prank(executors[0]);
        assertEq(jobMarket.withdraw(), pay1);
        assertEq(token.balanceOf(executors[0]) - balance, pay1);

        jobMarket.finalizeJob(jobId);
        IJobMarket.Job memory job = jobMarket.getJob(jobId);
        assertEq(uint8(job.status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(job.escrow, 0);

        uint256 vault = token.balanceOf(address(burnSchedule));
        uint256 fees = jobMarket.feesOwed();
        jobMarket.distributeFees();
        assertEq(token.balanceOf(address(burnSchedule)) - vault, fees / 2, "half to the burn vault");
        assertEq(token.balanceOf(treasury), fees - fees / 2);
        _assertSolvent();
    }

    function test_restingBid_takenByALaterAsk() public {
        uint256 jobId = _post(_optimistic(4, 50));
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 4, "no asks: the job rests");
        _ask(executors[0], 40, 3);
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 1);
        _ask(executors[1], 60, 3); // too expensive for the bid
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 1);
        _ask(executors[2], 45, 3);
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 0);
        IJobMarket.Ask[] memory best = jobMarket.bestAsks(IJobMarket.JobKind.GENERATE, 10);
        assertEq(best.length, 2, "the full ask left the book");
        assertEq(best[0].executor, executors[2]);
        assertEq(best[1].executor, executors[1]);
    }

    function test_replicated_commitRevealResolveSettle() public {
        _ask(executors[0], 10, 4);
        _ask(executors[1], 11, 4);
        _ask(executors[2], 12, 4);
        _ask(executors[3], 13, 4);
        uint256 jobId = _post(_replicated(2, 3, 20));
        IJobMarket.Group memory g = jobMarket.getGroup(1);
        assertEq(g.assignmentIds.length, 3);
        bytes32 root = _root(0, 2);
        for (uint256 i; i < 3; ++i) {
            address e = executors[i];
            // The third executor computed something else: it is outvoted and slashed.
            bytes32 r = i == 2 ? bytes32(uint256(1)) : root;
            vm.prank(e);
            jobMarket.commitResult(g.assignmentIds[i], keccak256(abi.encode(r, e, _salt(e, "result", i))));
        }
        for (uint256 i; i < 3; ++i) {
            address e = executors[i];
            bytes32 r = i == 2 ? bytes32(uint256(1)) : root;
            vm.prank(e);
            jobMarket.revealResult(g.assignmentIds[i], r, RESULT_CID, _salt(e, "result", i));
        }
        jobMarket.resolveGroup(1);
        assertEq(jobMarket.getGroup(1).winningRoot, root);
        assertEq(uint8(jobMarket.getAssignment(3).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(jobMarket.feesOwed(), MIN_COLLATERAL * 2, "the minority's collateral, to fees");
        assertEq(jobMarket.credits(requester), 0);
        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (1, 2, 3);
        assertEq(jobMarket.settle(ids), 2);
        jobMarket.finalizeJob(jobId);
        assertEq(uint8(jobMarket.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertSolvent();
    }

    function test_challenge_executorFailsTheVerifiers_tasksReopen() public {
        _ask(executors[0], 10, 4);
        uint256 jobId = _post(_optimistic(4, 20));
        // The executor's task 2 is wrong: its tree commits to another shard hash.
        bytes32[] memory leaves = new bytes32[](4);
        for (uint256 i; i < 4; ++i) {
            leaves[i] = _leaf(i, i == 2 ? bytes32(uint256(7)) : _shard(i));
        }
        bytes32 ab = _pair(leaves[0], leaves[1]);
        bytes32 cd = _pair(leaves[2], leaves[3]);
        vm.prank(executors[0]);
        jobMarket.submitResult(1, _pair(ab, cd), RESULT_CID);

        vm.prank(requester);
        uint256 challengeId = jobMarket.challenge(1, 2);
        bytes32[] memory proof = new bytes32[](2);
        (proof[0], proof[1]) = (leaves[3], ab);
        vm.prank(executors[0]);
        jobMarket.proveTask(challengeId, bytes32(uint256(7)), proof);

        bytes32 honest = _shard(2);
        for (uint256 i = 1; i <= 3; ++i) {
            address v = executors[i];
            vm.prank(v);
            jobMarket.commitVerification(challengeId, keccak256(abi.encode(honest, v, _salt(v, "verify", 1))));
        }
        _warpPastCommitDeadline(challengeId); // reveals open when the candidate list closes
        for (uint256 i = 1; i <= 3; ++i) {
            address v = executors[i];
            vm.prank(v);
            jobMarket.revealVerification(challengeId, honest, _salt(v, "verify", 1));
        }
        jobMarket.resolveChallenge(challengeId);
        IJobMarket.Challenge memory c = jobMarket.getChallenge(challengeId);
        assertEq(uint8(c.status), uint8(IJobMarket.ChallengeStatus.ChallengerWon));
        uint256 slashed = 4 * MIN_COLLATERAL;
        uint256 reward = slashed / 4;
        uint256 dust = reward - 3 * (reward / 3); // what three equal shares leave goes to the winner
        assertEq(jobMarket.credits(requester), MIN_COLLATERAL + slashed / 4 + dust, "bond back + 25% of S");
        assertEq(jobMarket.credits(executors[1]), reward / 3);
        assertEq(nodeRegistry.stakeOf(executors[0]), STAKE - slashed);
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 4, "the tasks went back to the book");
        _ask(executors[4], 15, 4);
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 0, "and a new ask took them");
        _assertSolvent();
    }

    function test_reclaim_slashesToFeesAndDropsTheAsk() public {
        _ask(executors[0], 10, 4);
        uint256 jobId = _post(_optimistic(2, 20));
        vm.warp(block.timestamp + 2 * SECONDS_PER_TASK + 1);
        jobMarket.reclaim(1);
        assertEq(jobMarket.feesOwed(), 2 * MIN_COLLATERAL);
        assertEq(jobMarket.credits(requester), 0);
        assertFalse(jobMarket.getAsk(executors[0], IJobMarket.JobKind.GENERATE).active);
        assertEq(jobMarket.getJob(jobId).tasksUnassigned, 2);
        vm.prank(requester);
        jobMarket.cancelJob(jobId);
        jobMarket.finalizeJob(jobId);
        assertEq(uint8(jobMarket.getJob(jobId).status), uint8(IJobMarket.JobStatus.Cancelled));
        _assertSolvent();
    }

    function test_quote_walksTheBook() public {
        _ask(executors[0], 10, 5);
        _ask(executors[1], 20, 5);
        IJobMarket.Quote memory q = jobMarket.quote(IJobMarket.JobKind.GENERATE, 8, UNITS_PER_TASK, 1, 25);
        assertEq(q.tasksMatchable, 8);
        assertEq(q.executors, 2);
        assertEq(q.cost, (5 * 10 + 3 * 20) * UNITS_PER_TASK * TICK * 11 / 10);
        // The slower of the two: 5 tasks x 1,000 units at the fixture's 1,000 units/s.
        uint256 speed = nodeRegistry.getNode(executors[0]).capabilities.computeUnitsPerSecond;
        assertEq(q.expectedSeconds, (5 * UNITS_PER_TASK + speed - 1) / speed);
    }

    function _pair(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    /// @dev The accounting invariant where no job is in flight: the market holds exactly the
    /// escrows, credits and fees it owes (the challenge bonds are paid out by then).
    function _assertSolvent() private view {
        (uint256 jobs,,,) = jobMarket.counts();
        uint256 owed = jobMarket.feesOwed();
        for (uint256 j = 1; j <= jobs; ++j) {
            owed += jobMarket.getJob(j).escrow;
        }
        address[] memory accounts = new address[](executors.length + 2);
        for (uint256 i; i < executors.length; ++i) {
            accounts[i] = executors[i];
        }
        accounts[executors.length] = requester;
        accounts[executors.length + 1] = treasury;
        for (uint256 i; i < accounts.length; ++i) {
            owed += jobMarket.credits(accounts[i]);
        }
        assertEq(token.balanceOf(address(jobMarket)), owed, "market NTK == escrows + credits + fees");
    }

    // Keeps the INodeRegistry import meaningful for readers: executors registered with capabilities.
    function test_registry_recordsCapabilities() public view {
        INodeRegistry.Node memory n = nodeRegistry.getNode(executors[0]);
        assertTrue(n.registered);
        assertEq(n.capabilities.computeUnitsPerSecond, _capabilities().computeUnitsPerSecond);
        assertEq(n.stake, STAKE);
    }
}
