// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";
import {MerkleTree} from "../utils/MerkleTree.sol";

/// @notice The optimistic dispute game: {IJobMarket.challenge} with a bond, {IJobMarket.proveTask}
/// (the leaf and its Merkle proof, checked with the shared vectors), verifiers' commit-reveal, and
/// {IJobMarket.resolveChallenge} paying the winning side as the contract describes (with up to
/// three candidates, all seated at the end of the commit window; the draw among more is
/// JobMarket.draw.t.sol's):
/// B = bond = collateral per task, S = the assignment's collateral;
/// no proof: challenger gets B + 25% of S, fees 75% of S; ExecutorWon: executor 75% of B, agreeing
/// verifiers 25% of B; ChallengerWon: challenger B + 25% of S, disagreeing verifiers 25% of S, fees
/// 50% of S; NoQuorum: B back.
contract JobMarketChallengeTest is MarketFixture {
    /// The pinned root of the shared vectors (test/market/Merkle.t.sol): tasks 0..4.
    bytes32 internal constant VECTOR_ROOT =
        0x9efe2cfdb84fca2735193b4aece9e23301b4e5f07becaaea5f90d58a675f0965;
    uint256 internal constant B = MIN_COLLATERAL;
    uint256 internal constant S = 5 * MIN_COLLATERAL;
    uint32 internal constant TASK = 2;
    /// sha256("shard-2") and sha256("shard-3") (the vectors): constants, because a sha256 call in
    /// an argument list would take the prank meant for the market call (it is a precompile call).
    bytes32 internal constant SHARD2 = 0x54c1042f7ee7fb24abb709d2c440a7cc2d21ab0f53fc1fc9e29fcea4c4b69d27;
    bytes32 internal constant SHARD3 = 0x4c863e2bcf3a6c808df8d3a1408ca38d4b8ba99401698e65adee3f208cbc95c4;

    uint256 internal jobId;
    address internal worker;
    address[3] internal verifiers;

    function setUp() public override {
        super.setUp();
        worker = executors[0];
        verifiers = [executors[1], executors[2], executors[3]];
        _ask(worker, 10, 10);
        jobId = _post(_params(5, 20)); // assignment 1: tasks 0..4 to the worker
    }

    // ------------------------------------------------------------ challenge

    function test_challenge_opensWithABond() public {
        _submitHonest(1);
        assertEq(market.getAssignment(1).root, VECTOR_ROOT, "tasks 0..4 give the shared vectors' root");
        uint256 balanceBefore = token.balanceOf(requester);
        uint64 proofDeadline = uint64(block.timestamp) + PROOF_WINDOW;
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeOpened(1, 1, requester, TASK, B, proofDeadline);
        vm.prank(requester);
        assertEq(market.challenge(1, TASK), 1);
        IJobMarket.Challenge memory c = market.getChallenge(1);
        assertEq(c.assignmentId, 1);
        assertEq(c.challenger, requester);
        assertEq(c.taskIndex, TASK);
        assertEq(uint8(c.status), uint8(IJobMarket.ChallengeStatus.AwaitingProof));
        assertEq(c.proofDeadline, proofDeadline);
        assertEq(c.bond, B);
        assertEq(token.balanceOf(requester), balanceBefore - B);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Challenged));
    }

    /// Any staked executor other than the assignee may audit and challenge.
    function test_challenge_byAStakedAuditor() public {
        _submitHonest(1);
        vm.prank(executors[4]);
        market.challenge(1, 0);
        assertEq(market.getChallenge(1).challenger, executors[4]);
    }

    function test_revertsIf_challengeByAssigneeOrStranger() public {
        _submitHonest(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToChallenge.selector, worker));
        vm.prank(worker);
        market.challenge(1, 0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToChallenge.selector, stranger));
        vm.prank(stranger);
        market.challenge(1, 0);
    }

    function test_revertsIf_challengeTaskOutOfRange() public {
        _submitHonest(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.TaskOutOfRange.selector, 1, 5, 0, 5));
        vm.prank(requester);
        market.challenge(1, 5);
    }

    function test_challenge_lastSecondOfTheWindowThenNoSecondChallenge() public {
        _submitHonest(1);
        uint64 end = market.getAssignment(1).challengeEnd;
        vm.warp(end); // the last second is still open
        vm.prank(requester);
        market.challenge(1, 0);
        vm.warp(end + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Challenged
            )
        );
        vm.prank(requester);
        market.challenge(1, 1);
    }

    function test_revertsIf_challengeClosedWindow() public {
        _submitHonest(1);
        uint64 end = market.getAssignment(1).challengeEnd;
        vm.warp(end + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ChallengeWindowClosed.selector, 1, end));
        vm.prank(requester);
        market.challenge(1, 0);
    }

    function test_revertsIf_challengeUnsubmitted() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Assigned
            )
        );
        vm.prank(requester);
        market.challenge(1, 0);
    }

    function test_revertsIf_challengeReplicated() public {
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        uint256 replicated = _post(_replicatedParams(1, 20, 3));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WrongVerification.selector, replicated, REPLICATED));
        vm.prank(requester);
        market.challenge(2, 0);
    }

    // ------------------------------------------------------------ proof

    function test_proveTask_withTheSharedVectorProof() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        bytes32 shard = SHARD2;
        uint64 commitDeadline = uint64(block.timestamp) + VERIFY_COMMIT_WINDOW;
        vm.expectEmit(address(market));
        emit IJobMarket.TaskProven(1, shard, commitDeadline);
        vm.prank(worker);
        market.proveTask(1, shard, _vectorProofOfTask2());
        IJobMarket.Challenge memory c = market.getChallenge(1);
        assertEq(uint8(c.status), uint8(IJobMarket.ChallengeStatus.Verifying));
        assertEq(c.shardHash, shard);
        assertEq(c.commitDeadline, commitDeadline);
        assertEq(c.revealDeadline, commitDeadline + VERIFY_REVEAL_WINDOW);
    }

    function test_revertsIf_proofDoesNotLeadToTheRoot() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        bytes32[] memory proof = _honestProof(1, TASK);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidProof.selector, 1));
        vm.prank(worker);
        market.proveTask(1, SHARD3, proof); // another task's hash
        proof[0] = bytes32(uint256(proof[0]) ^ 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidProof.selector, 1));
        vm.prank(worker);
        market.proveTask(1, SHARD2, proof);
    }

    function test_revertsIf_proveByOtherOrLate() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        bytes32[] memory proof = _honestProof(1, TASK);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, stranger));
        vm.prank(stranger);
        market.proveTask(1, SHARD2, proof);
        uint64 proofDeadline = market.getChallenge(1).proofDeadline;
        vm.warp(proofDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentExpired.selector, 1, proofDeadline));
        vm.prank(worker);
        market.proveTask(1, SHARD2, proof);
    }

    function test_revertsIf_proveUnknownOrTwice() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, 1));
        market.proveTask(1, bytes32(0), new bytes32[](0));
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        bytes32[] memory proof = _honestProof(1, TASK);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongChallengeStatus.selector, 1, IJobMarket.ChallengeStatus.Verifying
            )
        );
        vm.prank(worker);
        market.proveTask(1, SHARD2, proof);
    }

    // ------------------------------------------------------------ outcomes

    /// The executor never proves its leaf: it loses its collateral and its ask; the challenger gets
    /// its bond and a quarter of the collateral, fees the rest; the tasks go back to the book.
    function test_resolve_noProofSlashesTheExecutor() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        uint64 proofDeadline = market.getChallenge(1).proofDeadline;
        vm.warp(proofDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ChallengeNotResolvable.selector, 1));
        market.resolveChallenge(1);
        vm.warp(proofDeadline + 1);
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(1, IJobMarket.ChallengeStatus.ChallengerWon, S);
        vm.prank(stranger);
        market.resolveChallenge(1);

        assertEq(market.credits(requester), B + S / 4, "bond back plus 25% of the collateral");
        assertEq(market.feesOwed(), S - S / 4, "the rest of the collateral, to fees");
        assertEq(registry.stakeOf(worker), EXECUTOR_STAKE - S);
        assertEq(market.lockedCollateral(worker), 0);
        assertFalse(market.getAsk(worker, GENERATE).active);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(market.getJob(jobId).tasksUnassigned, 5);
        assertEq(market.excludedExecutors(jobId)[0], worker, "no proof: never matched to the job again");
    }

    /// An executor that cannot finish, submitting anything just before its deadline and challenging
    /// it from a second identity staked 1 wei, proves nothing: it gets back only the challenger's
    /// quarter of its collateral, less than declining at that moment would have cost it (half), and
    /// the rest goes to fees. (It used to get all of it back, at once and without unbonding.)
    function test_resolve_selfChallengeRecoversLessThanADecline() public {
        address sybil = _newExecutor("sybil", 1);
        uint256 sybilBalance = token.balanceOf(sybil);
        vm.warp(uint256(market.getAssignment(1).deadline) - 1);
        vm.prank(worker);
        market.submitResult(1, bytes32(uint256(1)), RESULT_CID);
        vm.prank(sybil);
        uint256 challengeId = market.challenge(1, 0);
        vm.warp(uint256(market.getChallenge(challengeId).proofDeadline) + 1);
        market.resolveChallenge(challengeId);
        vm.prank(sybil);
        market.withdraw();
        uint256 recovered = token.balanceOf(sybil) - sybilBalance;
        assertEq(recovered, S / 4, "the challenger's share only");
        assertEq(registry.stakeOf(worker), EXECUTOR_STAKE - S);
        assertEq(market.feesOwed(), S - S / 4);
        assertGe(S - recovered, S * market.LATE_DECLINE_MAX_BPS() / 10_000, "no cheaper than the latest decline");
        _assertMarketOwes(jobId, _accounts());
    }

    /// Only one challenge is open at a time. A challenge of an honest task right after the result
    /// (here by the executor's second identity, 1 wei staked) blocks every other while it runs;
    /// once it fails, the window reopens for the time it had left then, so the forged task is
    /// still challenged and disproved instead of settling. (It used to settle at once: the window
    /// had run out during the first challenge.)
    function test_resolve_failedChallengeReopensTheWindow() public {
        uint32 forgedTask = 3;
        bytes32 root = _cheatingRoot(1, forgedTask);
        bytes32[] memory leaves = _leaves(jobId, 0, 5);
        leaves[forgedTask] = MerkleTree.leaf(forgedTask, _wrongShardHash(jobId, forgedTask));
        bytes32[] memory proofOfTask = MerkleTree.proof(leaves, TASK);
        vm.prank(worker);
        market.submitResult(1, root, RESULT_CID);
        uint256 windowLeft = market.getAssignment(1).challengeEnd - block.timestamp;
        address sybil = _newExecutor("sybil", 1);
        vm.prank(sybil);
        market.challenge(1, TASK);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Challenged
            )
        );
        vm.prank(requester);
        market.challenge(1, forgedTask);

        vm.warp(market.getChallenge(1).proofDeadline); // proven as late as allowed
        vm.prank(worker);
        market.proveTask(1, SHARD2, proofOfTask);
        for (uint256 i; i < 3; ++i) {
            _commitVerification(1, verifiers[i], SHARD2);
        }
        _warpPastCommitDeadline(1);
        for (uint256 i; i < 2; ++i) {
            _revealVerification(1, verifiers[i], SHARD2);
        }
        vm.warp(market.getChallenge(1).revealDeadline + 1);
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(1, IJobMarket.ChallengeStatus.ExecutorWon, 0);
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeWindowReopened(1, uint64(block.timestamp + windowLeft));
        market.resolveChallenge(1);
        assertEq(market.getAssignment(1).challengeEnd, block.timestamp + windowLeft);
        assertEq(_settleOne(1), 0, "not final while the window is open again");

        vm.warp(block.timestamp + windowLeft); // its last second
        vm.prank(requester);
        uint256 second = market.challenge(1, forgedTask);
        bytes32[] memory forgedProof = _cheatingProof(1, forgedTask);
        bytes32 forged = _wrongShardHash(jobId, forgedTask);
        vm.prank(worker);
        market.proveTask(second, forged, forgedProof);
        bytes32 honest = _shardHash(jobId, forgedTask);
        for (uint256 i; i < 3; ++i) {
            _commitVerification(second, verifiers[i], honest);
        }
        _warpPastCommitDeadline(second);
        for (uint256 i; i < 3; ++i) {
            _revealVerification(second, verifiers[i], honest);
        }
        market.resolveChallenge(second);
        assertEq(uint8(market.getChallenge(second).status), uint8(IJobMarket.ChallengeStatus.ChallengerWon));
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        assertEq(registry.stakeOf(worker), EXECUTOR_STAKE - S, "the forger is slashed after all");
    }

    /// A challenge without a quorum also gives the window back what it had left; one opened in the
    /// window's last second leaves nothing to give back.
    function test_resolve_noQuorumReopensTheWindowButNotALastSecondOne() public {
        _submitHonest(1);
        uint64 end = market.getAssignment(1).challengeEnd;
        vm.warp(end - 100);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        vm.warp(market.getChallenge(1).revealDeadline + 1); // no verifier came
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeWindowReopened(1, uint64(block.timestamp + 100));
        market.resolveChallenge(1);
        assertEq(uint8(market.getChallenge(1).status), uint8(IJobMarket.ChallengeStatus.NoQuorum));
        assertEq(market.getAssignment(1).challengeEnd, block.timestamp + 100);

        vm.warp(block.timestamp + 100);
        vm.prank(requester);
        market.challenge(1, TASK); // the last second again
        _proveChallenge(2);
        vm.warp(market.getChallenge(2).revealDeadline + 1);
        uint64 endBefore = market.getAssignment(1).challengeEnd;
        market.resolveChallenge(2);
        assertEq(market.getAssignment(1).challengeEnd, endBefore, "nothing was left to give back");
        assertEq(_settleOne(1), 1, "final at once");
    }

    /// An honest executor and honest verifiers: the executor earns 75% of the bond, the verifiers
    /// share the rest, the result stands and settles.
    function test_resolve_executorWins() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        for (uint256 i; i < 3; ++i) {
            _commitVerification(1, verifiers[i], SHARD2);
        }
        assertEq(market.lockedCollateral(verifiers[0]), B, "a verifier locks the bond's worth");
        // Three candidates no longer close the commit window: reveals open at its end, and the
        // first reveal seats all three (no draw needed for up to VERIFIERS candidates).
        _warpPastCommitDeadline(1);
        for (uint256 i; i < 3; ++i) {
            _revealVerification(1, verifiers[i], SHARD2);
        }
        assertTrue(market.getChallenge(1).drawn, "the reveal seated the three candidates");
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(1, IJobMarket.ChallengeStatus.ExecutorWon, 0);
        market.resolveChallenge(1);

        uint256 reward = B * 2_500 / 10_000;
        uint256 share = reward / 3;
        assertEq(market.credits(worker), B - reward + (reward - 3 * share));
        for (uint256 i; i < 3; ++i) {
            assertEq(market.credits(verifiers[i]), share);
            assertEq(market.lockedCollateral(verifiers[i]), 0);
        }
        assertEq(market.credits(requester), 0, "the challenger lost its bond");
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 1);
        _assertMarketOwes(jobId, _accounts());
    }

    /// A cheating executor (a wrong shard hash under its root) is outvoted by the verifiers: it loses
    /// its collateral, the challenger and the verifiers are paid, and the tasks are redone by others.
    function test_resolve_cheaterIsSlashedAndTasksRedone() public {
        bytes32 root = _cheatingRoot(1, TASK);
        vm.prank(worker);
        market.submitResult(1, root, RESULT_CID);
        vm.prank(requester);
        market.challenge(1, TASK);
        bytes32[] memory proof = _cheatingProof(1, TASK);
        bytes32 forged = _wrongShardHash(jobId, TASK);
        vm.prank(worker);
        market.proveTask(1, forged, proof);
        for (uint256 i; i < 3; ++i) {
            _commitVerification(1, verifiers[i], SHARD2);
        }
        _warpPastCommitDeadline(1);
        for (uint256 i; i < 3; ++i) {
            _revealVerification(1, verifiers[i], SHARD2);
        }
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(1, IJobMarket.ChallengeStatus.ChallengerWon, S);
        market.resolveChallenge(1);

        uint256 reward = S * 2_500 / 10_000;
        uint256 share = reward / 3;
        assertEq(market.credits(requester), B + S / 4 + (reward - 3 * share), "challenger: B + 25% of S");
        for (uint256 i; i < 3; ++i) {
            assertEq(market.credits(verifiers[i]), share, "verifiers share 25% of S");
        }
        assertEq(market.feesOwed(), S - S / 4 - reward, "fees: the other half of S");
        assertEq(registry.stakeOf(worker), EXECUTOR_STAKE - S);
        INodeRegistry.Reputation memory rep = registry.getNode(worker).reputation;
        assertEq(rep.timesSlashed, 1);
        assertEq(rep.tasksFailed, 5);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        _assertMarketOwes(jobId, _accounts());

        // The disproved executor is never matched to this job again, even asking first and cheapest.
        assertEq(market.excludedExecutors(jobId)[0], worker);
        _ask(worker, 1, 10);
        assertEq(_assignmentCount(), 1);

        // Redone (who redoes it is test_fault_optimisticCheaterCaughtByAnAuditor's concern), paid,
        // and the job completes.
        _ask(executors[4], 12, 10);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        IJobMarket.Assignment memory redo = market.getAssignment(2);
        assertEq(redo.firstTask, 0);
        assertEq(redo.taskCount, 5);
        _submitHonest(2);
        _warpPastChallengeWindow(2);
        assertEq(_settleOne(2), 1);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertMarketOwes(jobId, _accounts());
    }

    /// A split vote (one agrees, one disagrees, one silent): no strict majority of the reveals;
    /// the bond goes back less a tenth (fees), the silent verifier loses its lock to the requester,
    /// the result stands.
    function test_resolve_noQuorum() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        for (uint256 i; i < 3; ++i) {
            _commitVerification(1, verifiers[i], i == 1 ? bytes32(uint256(7)) : SHARD2);
        }
        _warpPastCommitDeadline(1);
        _revealVerification(1, verifiers[0], SHARD2);
        _revealVerification(1, verifiers[1], bytes32(uint256(7)));
        uint64 revealDeadline = market.getChallenge(1).revealDeadline;
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ChallengeNotResolvable.selector, 1));
        market.resolveChallenge(1);
        vm.warp(revealDeadline + 1);
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(1, IJobMarket.ChallengeStatus.NoQuorum, 0);
        market.resolveChallenge(1);
        assertEq(market.credits(requester), B - B / 10 + B, "bond back less a tenth, plus the silent verifier's lock");
        assertEq(registry.stakeOf(verifiers[2]), EXECUTOR_STAKE - B);
        assertEq(registry.stakeOf(verifiers[0]), EXECUTOR_STAKE);
        assertEq(market.lockedCollateral(verifiers[0]), 0);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
        _assertMarketOwes(jobId, _accounts());
    }

    // ------------------------------------------------------------ verification rules

    function test_revertsIf_verifierNotAllowed() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        bytes32 commitment = bytes32(uint256(1));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, 1, worker));
        vm.prank(worker);
        market.commitVerification(1, commitment);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, 1, requester));
        vm.prank(requester);
        market.commitVerification(1, commitment);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, 1, stranger));
        vm.prank(stranger);
        market.commitVerification(1, commitment);
        vm.prank(verifiers[0]);
        market.commitVerification(1, commitment);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, 1, verifiers[0]));
        vm.prank(verifiers[0]);
        market.commitVerification(1, commitment);
        vm.prank(verifiers[1]);
        market.commitVerification(1, commitment);
        vm.prank(verifiers[2]);
        market.commitVerification(1, commitment);
        // Three candidates no longer fill the seats: a fourth stays a candidate for the draw.
        vm.prank(executors[4]);
        market.commitVerification(1, commitment);
        assertEq(market.getChallenge(1).commits, 4);
        assertFalse(market.getChallenge(1).drawn);
    }

    function test_revertsIf_verifierCommitsZeroOrLate() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        vm.expectRevert(IJobMarket.ZeroRoot.selector);
        vm.prank(verifiers[0]);
        market.commitVerification(1, bytes32(0));
        uint64 commitDeadline = market.getChallenge(1).commitDeadline;
        vm.warp(commitDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealClosed.selector, commitDeadline));
        vm.prank(verifiers[0]);
        market.commitVerification(1, bytes32(uint256(1)));
    }

    function test_revertsIf_verifierLacksFreeStake() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        address thin = _newExecutor("thin", B - 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InsufficientFreeStake.selector, thin, B - 1, B));
        vm.prank(thin);
        market.commitVerification(1, bytes32(uint256(1)));
    }

    function test_revertsIf_revealEarlyWrongOrTwice() public {
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        _prove();
        _commitVerification(1, verifiers[0], SHARD2);
        uint64 commitDeadline = market.getChallenge(1).commitDeadline;
        bytes32 salt = _salt(verifiers[0], "verify", 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealNotOpen.selector, commitDeadline));
        vm.prank(verifiers[0]);
        market.revealVerification(1, SHARD2, salt);
        vm.warp(commitDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommitmentMismatch.selector, 1));
        vm.prank(verifiers[0]);
        market.revealVerification(1, SHARD3, salt);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, 1, verifiers[1]));
        vm.prank(verifiers[1]);
        market.revealVerification(1, SHARD2, salt);
        _revealVerification(1, verifiers[0], SHARD2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, 1, verifiers[0]));
        vm.prank(verifiers[0]);
        market.revealVerification(1, SHARD2, salt);
        uint64 revealDeadline = market.getChallenge(1).revealDeadline;
        vm.warp(revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealClosed.selector, revealDeadline));
        vm.prank(verifiers[0]);
        market.revealVerification(1, SHARD2, salt);
    }

    function test_revertsIf_resolveUnknownOrTwice() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, 3));
        market.resolveChallenge(3);
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        vm.warp(market.getChallenge(1).proofDeadline + 1);
        market.resolveChallenge(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongChallengeStatus.selector, 1, IJobMarket.ChallengeStatus.ChallengerWon
            )
        );
        market.resolveChallenge(1);
    }

    // ------------------------------------------------------------ helpers

    function _prove() internal {
        _proveChallenge(1);
    }

    function _proveChallenge(uint256 challengeId) internal {
        bytes32[] memory proof = _honestProof(1, TASK); // before the prank: it reads the market
        vm.prank(worker);
        market.proveTask(challengeId, SHARD2, proof);
    }

    /// The proof of task 2 from test/market/merkleVectors.json, written out.
    function _vectorProofOfTask2() internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](3);
        proof[0] = 0xc194f6890f11543bcb7b927d340977a94692276e8e8e7d0acf1b963792bcd63d;
        proof[1] = 0x0fff21cfb1b158aeb24c27cd3088bc67611826972a352c2e6b51307e31a26c70;
        proof[2] = 0x0d39194663a2dc0427f24b3741f88f9ceeac821070fc52435a0b6a82da3054b4;
    }

    /// Every account of this suite that can hold credits.
    function _accounts() internal view returns (address[] memory list) {
        list = new address[](9);
        (list[0], list[1], list[2], list[3], list[4]) = (requester, worker, verifiers[0], verifiers[1], verifiers[2]);
        (list[5], list[6], list[7], list[8]) = (executors[4], executors[5], stranger, requester2);
    }
}
