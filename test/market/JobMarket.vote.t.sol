// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice How seated verifiers decide a challenge ({IJobMarket.resolveChallenge}): each votes
/// with its weight (its stake when it committed), a strict majority of the revealed weight wins
/// (a tie, or no reveal, is no quorum), and the winners share their reward in proportion to weight.
/// The red team's remaining sybil: with three or fewer candidates all are seated, and two
/// identities staked at the bare bond outvoted one well-staked verifier when each seat was a vote.
/// Expected figures are written out from the interface's payout rules (B = the bond = collateral
/// per task; S = the assignment's collateral; winners share 25% of B or of S plus the losers' locks).
contract JobMarketVoteTest is MarketFixture {
    uint256 internal constant B = MIN_COLLATERAL;
    uint256 internal constant S = 5 * B; // a 5-task assignment
    uint256 internal constant CHALLENGE = 1;
    uint32 internal constant TASK = 2;
    /// sha256("shard-2") (the shared vectors; see JobMarket.challenge.t.sol): the true shard.
    bytes32 internal constant SHARD2 = 0x54c1042f7ee7fb24abb709d2c440a7cc2d21ab0f53fc1fc9e29fcea4c4b69d27;

    uint256 internal jobId;
    address internal worker;
    /// The shard hash the worker proved: SHARD2, or a forged one when it cheated.
    bytes32 internal proved;
    /// Every account that can hold market credits, for the books check.
    address[] internal everyone;

    function setUp() public override {
        super.setUp();
        worker = executors[0];
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            everyone.push(executors[i]);
        }
        everyone.push(requester);
        _ask(worker, 10, 10);
        jobId = _post(_params(5, 20)); // assignment 1: tasks 0..4 to the worker
    }

    // ------------------------------------------------------------ the red team's sybil

    /// An honest worker; one verifier with 10,000 NTK agrees, two identities at the bare bond
    /// disagree: the stake wins (one vote a seat would have rejected an honest result). The two
    /// lose their locks to the agreeing verifier.
    function test_vote_stakeOutweighsTwoBareBondIdentities_honestWorker() public {
        _open(false);
        address heavy = executors[1];
        address[] memory sybils = _identities("sybil", 2, B);
        _commitVerification(CHALLENGE, heavy, proved);
        _commitVerification(CHALLENGE, sybils[0], _forged());
        _commitVerification(CHALLENGE, sybils[1], _forged());
        _warpPastCommitDeadline(CHALLENGE);
        _revealVerification(CHALLENGE, heavy, proved);
        _revealVerification(CHALLENGE, sybils[0], _forged());
        _revealVerification(CHALLENGE, sybils[1], _forged());

        IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
        assertEq(c.reveals, 3);
        assertEq(c.agreeing, 1, "one seat of three agrees");
        assertEq(c.agreeingWeight, EXECUTOR_STAKE, "but it holds most of the revealed stake");
        assertEq(c.revealedWeight, EXECUTOR_STAKE + 2 * B);

        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(CHALLENGE, IJobMarket.ChallengeStatus.ExecutorWon, 0);
        market.resolveChallenge(CHALLENGE);
        uint256 reward = B * 2_500 / 10_000;
        assertEq(market.credits(heavy), reward + 2 * B, "25% of B and both forfeited locks");
        assertEq(market.credits(worker), B - reward, "the executor keeps 75% of the bond");
        assertEq(market.credits(requester), 0, "the challenger loses its bond");
        for (uint256 i; i < 2; ++i) {
            assertEq(registry.stakeOf(sybils[i]), 0, "each identity loses its whole bare-bond stake");
            assertEq(market.lockedCollateral(sybils[i]), 0);
        }
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
        _assertMarketOwes(jobId, everyone);
    }

    /// The same against a cheating worker: two bare-bond identities back its forged shard, one
    /// verifier with 10,000 NTK reveals the true one; the cheater is slashed.
    function test_vote_stakeOutweighsTwoBareBondIdentities_cheatingWorker() public {
        _open(true);
        address heavy = executors[1];
        address[] memory sybils = _identities("sybil", 2, B);
        _commitVerification(CHALLENGE, sybils[0], proved);
        _commitVerification(CHALLENGE, sybils[1], proved);
        _commitVerification(CHALLENGE, heavy, SHARD2);
        _warpPastCommitDeadline(CHALLENGE);
        _revealVerification(CHALLENGE, sybils[0], proved);
        _revealVerification(CHALLENGE, sybils[1], proved);
        _revealVerification(CHALLENGE, heavy, SHARD2);

        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(CHALLENGE, IJobMarket.ChallengeStatus.ChallengerWon, S);
        market.resolveChallenge(CHALLENGE);
        uint256 reward = S * 2_500 / 10_000;
        assertEq(market.credits(heavy), reward + 2 * B, "25% of S and both forfeited locks");
        assertEq(market.credits(requester), B + S / 4, "the challenger: B + 25% of S");
        assertEq(registry.stakeOf(worker), EXECUTOR_STAKE - S, "the cheater is slashed");
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Rejected));
        _assertMarketOwes(jobId, everyone);
    }

    // ------------------------------------------------------------ ties and shares

    /// 2,000 NTK agrees, two verifiers of 1,000 NTK disagree: equal stake on each side is no
    /// quorum (two seats against one would have been a majority). Revealed verifiers keep their
    /// locks, the challenger its bond, the result stands.
    function test_vote_equalStakeOnEachSideIsNoQuorum() public {
        _open(false);
        address[] memory singles = _identities("single", 2, 1_000e18);
        address[] memory list = new address[](3);
        (list[0], list[1], list[2]) = (_identities("double", 1, 2_000e18)[0], singles[0], singles[1]);
        _commitVerification(CHALLENGE, list[0], proved);
        _commitVerification(CHALLENGE, list[1], _forged());
        _commitVerification(CHALLENGE, list[2], _forged());
        _warpPastCommitDeadline(CHALLENGE);
        _revealVerification(CHALLENGE, list[0], proved);
        _revealVerification(CHALLENGE, list[1], _forged());
        _revealVerification(CHALLENGE, list[2], _forged());

        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(CHALLENGE, IJobMarket.ChallengeStatus.NoQuorum, 0);
        market.resolveChallenge(CHALLENGE);
        assertEq(market.credits(requester), B - B / 10, "the bond goes back less a tenth");
        for (uint256 i; i < 3; ++i) {
            assertEq(market.credits(list[i]), 0);
            assertEq(market.lockedCollateral(list[i]), 0, "lock released");
        }
        assertEq(registry.stakeOf(list[0]), 2_000e18, "nobody who revealed is slashed");
        assertEq(registry.stakeOf(list[1]), 1_000e18);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
        _assertMarketOwes(jobId, everyone);
    }

    /// Two agreeing verifiers of 1,000 and 3,000 NTK share 25% of B plus the lock of a silent
    /// third one 1:3; what rounding leaves goes to the executor. The silent one counts in neither
    /// weight.
    function test_vote_winnersShareByWeight() public {
        _open(false);
        address light = _identities("light", 1, 1_000e18)[0];
        address heavy = _identities("heavy", 1, 3_000e18)[0];
        address silent = _identities("silent", 1, 7_000e18)[0];
        _commitVerification(CHALLENGE, light, proved);
        _commitVerification(CHALLENGE, heavy, proved);
        _commitVerification(CHALLENGE, silent, _forged());
        _warpPastCommitDeadline(CHALLENGE);
        _revealVerification(CHALLENGE, light, proved);
        _revealVerification(CHALLENGE, heavy, proved);
        IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
        assertEq(c.agreeingWeight, 4_000e18);
        assertEq(c.revealedWeight, 4_000e18, "a silent verifier's stake does not count");
        vm.warp(c.revealDeadline + 1);
        market.resolveChallenge(CHALLENGE);

        assertEq(uint8(market.getChallenge(CHALLENGE).status), uint8(IJobMarket.ChallengeStatus.ExecutorWon));
        uint256 pool = B * 2_500 / 10_000 + B;
        uint256 lightShare = pool * 1_000e18 / 4_000e18;
        uint256 heavyShare = pool * 3_000e18 / 4_000e18;
        assertEq(market.credits(light), lightShare);
        assertEq(market.credits(heavy), heavyShare);
        assertEq(heavyShare, 3 * lightShare, "1:3");
        assertEq(market.credits(worker), B - B * 2_500 / 10_000 + (pool - lightShare - heavyShare));
        assertEq(registry.stakeOf(silent), 7_000e18 - B, "the silent verifier loses its lock");
        _assertMarketOwes(jobId, everyone);
    }

    /// Any three stakes and votes (agree, disagree, silent), honest or cheating worker: the
    /// outcome is the strict majority of the revealed stake, the winners' credits are their
    /// weighted shares, and the market's books balance.
    function testFuzz_vote_outcomeFollowsRevealedStake(uint256[3] memory stakes, uint8[3] memory votes, bool cheat)
        public
    {
        _open(cheat);
        address[] memory list = new address[](3);
        uint256 agreeing;
        uint256 revealed;
        for (uint256 i; i < 3; ++i) {
            stakes[i] = bound(stakes[i], B, 50_000e18);
            votes[i] = uint8(bound(votes[i], 0, 2)); // 0: agree, 1: disagree, 2: silent
            list[i] = _identities(string.concat("verifier", vm.toString(i), "-"), 1, stakes[i])[0];
            _commitVerification(CHALLENGE, list[i], votes[i] == 0 ? proved : _forged());
            if (votes[i] != 2) revealed += stakes[i];
            if (votes[i] == 0) agreeing += stakes[i];
        }
        _warpPastCommitDeadline(CHALLENGE);
        for (uint256 i; i < 3; ++i) {
            if (votes[i] != 2) _revealVerification(CHALLENGE, list[i], votes[i] == 0 ? proved : _forged());
        }
        vm.warp(market.getChallenge(CHALLENGE).revealDeadline + 1);
        market.resolveChallenge(CHALLENGE);

        IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
        assertEq(c.agreeingWeight, agreeing);
        assertEq(c.revealedWeight, revealed);
        IJobMarket.ChallengeStatus expected = agreeing * 2 > revealed
            ? IJobMarket.ChallengeStatus.ExecutorWon
            : (revealed - agreeing) * 2 > revealed
                ? IJobMarket.ChallengeStatus.ChallengerWon
                : IJobMarket.ChallengeStatus.NoQuorum;
        assertEq(uint8(c.status), uint8(expected), "the strict majority of the revealed stake");
        if (expected != IJobMarket.ChallengeStatus.NoQuorum) {
            uint8 winningVote = expected == IJobMarket.ChallengeStatus.ExecutorWon ? 0 : 1;
            uint256 winningWeight = winningVote == 0 ? agreeing : revealed - agreeing;
            uint256 pool = (expected == IJobMarket.ChallengeStatus.ExecutorWon ? B : S) * 2_500 / 10_000;
            for (uint256 i; i < 3; ++i) {
                if (votes[i] != winningVote) pool += B;
            }
            for (uint256 i; i < 3; ++i) {
                uint256 share = votes[i] == winningVote ? pool * stakes[i] / winningWeight : 0;
                assertEq(market.credits(list[i]), share, "a winner's share follows its stake");
            }
        }
        _assertMarketOwes(jobId, everyone);
    }

    // ------------------------------------------------------------ helpers

    /// Submits assignment 1 (honest, or with a forged shard under its root for TASK), challenges
    /// TASK as the requester and proves it as the worker.
    function _open(bool cheat) internal {
        bytes32 root = cheat ? _cheatingRoot(1, TASK) : _honestRoot(1);
        vm.prank(worker);
        market.submitResult(1, root, RESULT_CID);
        vm.prank(requester);
        market.challenge(1, TASK);
        proved = cheat ? _wrongShardHash(jobId, TASK) : SHARD2;
        bytes32[] memory proof = cheat ? _cheatingProof(1, TASK) : _honestProof(1, TASK);
        vm.prank(worker);
        market.proveTask(CHALLENGE, proved, proof);
    }

    /// A shard hash that disagrees with what the worker proved.
    function _forged() internal view returns (bytes32) {
        return proved == SHARD2 ? _wrongShardHash(jobId, TASK) : SHARD2;
    }

    /// `n` fresh registered executors staked with `amount` each, counted in the books.
    function _identities(string memory name, uint256 n, uint256 amount) internal returns (address[] memory list) {
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = _newExecutor(string.concat(name, vm.toString(i)), amount);
            everyone.push(list[i]);
        }
    }
}
