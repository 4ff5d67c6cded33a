// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice The verifier draw of an optimistic challenge ({IJobMarket.commitVerification} as a
/// candidate, {IJobMarket.drawVerifiers}, and what reveals and resolution do before a draw):
/// - the commit window stays open to its end; up to VERIFIER_CANDIDATES candidates, a full list
///   takes a newcomer only in place of a strictly lighter one (evicted, lock released);
/// - up to VERIFIERS candidates are seated at once, by a draw call, their first reveal or the
///   resolution; more are drawn in two steps: a call fixes the seed block, a call in a later block
///   seats three by stake without replacement and releases the others (rescheduled once the seed
///   block's hash is older than 256 blocks);
/// - never drawn by the reveal deadline: resolution releases every candidate, nobody is slashed;
/// - the sybil the red team found (three identities at the bare bond, committing first) rarely
///   gets two seats, and seat frequencies follow stake over fixed seeds.
/// The seats are checked against a reference implementation of the draw written out here from
/// the interface's description (seed = keccak256(abi.encode(block.prevrandao,
/// blockhash(drawBlock), challengeId)), seat k from keccak256(abi.encode(seed, k)) over the
/// candidates not yet seated, in list order).
contract JobMarketDrawTest is MarketFixture {
    uint256 internal constant B = MIN_COLLATERAL;
    uint256 internal constant CHALLENGE = 1;
    uint32 internal constant TASK = 2;
    /// sha256("shard-2") (the shared vectors; see JobMarket.challenge.t.sol).
    bytes32 internal constant SHARD2 = 0x54c1042f7ee7fb24abb709d2c440a7cc2d21ab0f53fc1fc9e29fcea4c4b69d27;
    /// Draws of the statistical tests (fixed seeds: the same outcome on every run).
    uint256 internal constant DRAWS = 200;

    uint256 internal jobId;
    address internal worker;
    /// Fixture executors 1..5 (10,000 NTK staked each): the honest candidates.
    address[] internal honest;
    /// Every account that can hold market credits, for the books check.
    address[] internal everyone;

    function setUp() public override {
        super.setUp();
        worker = executors[0];
        for (uint256 i = 1; i < EXECUTOR_COUNT; ++i) {
            honest.push(executors[i]);
        }
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            everyone.push(executors[i]);
        }
        everyone.push(requester);
        everyone.push(requester2);
        everyone.push(stranger);
        _ask(worker, 10, 10);
        jobId = _post(_params(5, 20)); // assignment 1: tasks 0..4 to the worker
        _submitHonest(1);
        vm.prank(requester);
        market.challenge(1, TASK);
        bytes32[] memory proof = _honestProof(1, TASK);
        vm.prank(worker);
        market.proveTask(CHALLENGE, SHARD2, proof);
    }

    // ------------------------------------------------------------ candidates

    /// Three candidates no longer end the commit window (the old game seated the first three):
    /// more join until the deadline, reveals wait for it, the list keeps commit order.
    function test_commit_threeCandidatesNoLongerCloseTheWindow() public {
        for (uint256 i; i < 3; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        uint64 commitDeadline = market.getChallenge(CHALLENGE).commitDeadline;
        bytes32 salt = _salt(honest[0], "verify", CHALLENGE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealNotOpen.selector, commitDeadline));
        vm.prank(honest[0]);
        market.revealVerification(CHALLENGE, SHARD2, salt);
        vm.warp(commitDeadline); // the last second of the window
        _commitVerification(CHALLENGE, honest[3], SHARD2);
        _commitVerification(CHALLENGE, honest[4], SHARD2);
        assertEq(market.getVerifiers(CHALLENGE), honest, "candidates in commit order");
        IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
        assertEq(c.commits, 5);
        assertFalse(c.drawn);
        assertEq(c.drawBlock, 0);
        for (uint256 i; i < honest.length; ++i) {
            assertEq(market.lockedCollateral(honest[i]), B, "every candidate locks the bond");
        }
    }

    /// A full list (VERIFIER_CANDIDATES) takes a heavier newcomer in place of the lightest
    /// candidate, whose lock is released; an equal or lighter one is refused with both weights.
    function test_commit_fullListEvictsTheLightestForAHeavierNewcomer() public {
        uint256 size = market.VERIFIER_CANDIDATES();
        assertEq(size, 16);
        address[] memory light = new address[](size - honest.length);
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        for (uint256 i; i < light.length; ++i) {
            light[i] = _candidate(string.concat("light", vm.toString(i)), 100e18 + i * 1e18);
            _commitVerification(CHALLENGE, light[i], SHARD2);
        }
        assertEq(market.getChallenge(CHALLENGE).commits, size);

        address heavy = _candidate("heavy", 150e18);
        bytes32 commitment = _verificationCommitment(SHARD2, heavy, _salt(heavy, "verify", CHALLENGE));
        vm.expectEmit(address(market));
        emit IJobMarket.VerifierEvicted(CHALLENGE, light[0], heavy);
        vm.expectEmit(address(market));
        emit IJobMarket.VerificationCommitted(CHALLENGE, heavy, commitment);
        vm.prank(heavy);
        market.commitVerification(CHALLENGE, commitment);
        address[] memory list = market.getVerifiers(CHALLENGE);
        assertEq(list.length, size, "still full");
        assertEq(list[honest.length], heavy, "the newcomer takes the evicted one's place");
        assertEq(market.lockedCollateral(light[0]), 0, "the evicted candidate's lock is released");
        assertEq(registry.freeStake(light[0]), 100e18);
        assertEq(market.lockedCollateral(heavy), B);

        // Not more than the lightest (now light[1], 101 NTK): refused, whoever it is.
        address equal = _candidate("equal", 101e18);
        commitment = _verificationCommitment(SHARD2, equal, _salt(equal, "verify", CHALLENGE));
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.VerifierCandidatesFull.selector, CHALLENGE, 101e18, 101e18)
        );
        vm.prank(equal);
        market.commitVerification(CHALLENGE, commitment);
        commitment = _verificationCommitment(SHARD2, light[0], _salt(light[0], "verify", CHALLENGE));
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.VerifierCandidatesFull.selector, CHALLENGE, 100e18, 101e18)
        );
        vm.prank(light[0]);
        market.commitVerification(CHALLENGE, commitment);

        // The evicted candidate may come back with more stake: it evicts the next lightest.
        _stakeMore(light[0], 60e18);
        vm.expectEmit(address(market));
        emit IJobMarket.VerifierEvicted(CHALLENGE, light[1], light[0]);
        vm.prank(light[0]);
        market.commitVerification(CHALLENGE, commitment);
        assertEq(market.getVerifiers(CHALLENGE)[honest.length + 1], light[0]);
        assertEq(market.lockedCollateral(light[1]), 0);
        assertEq(market.lockedCollateral(light[0]), B);

        // The draw among the full list seats three; every other lock is released.
        address[] memory seats = _drawVerifiers(CHALLENGE);
        assertEq(seats.length, 3);
        for (uint256 i; i < list.length; ++i) {
            address who = i == honest.length + 1 ? light[0] : list[i];
            assertEq(market.lockedCollateral(who), _contains(seats, who) ? B : 0);
        }
        assertEq(market.lockedCollateral(light[1]), 0);
        _assertMarketOwes(jobId, everyone);
    }

    // ------------------------------------------------------------ seating up to three

    function test_revertsIf_drawBeforeTheCommitDeadlineUnknownOrResolved() public {
        _commitVerification(CHALLENGE, honest[0], SHARD2);
        uint64 commitDeadline = market.getChallenge(CHALLENGE).commitDeadline;
        vm.warp(commitDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.DrawNotOpen.selector, CHALLENGE, commitDeadline));
        market.drawVerifiers(CHALLENGE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, 2));
        market.drawVerifiers(2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, 0));
        market.getVerifiers(0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, 2));
        market.getVerifiers(2);
        vm.warp(market.getChallenge(CHALLENGE).revealDeadline + 1);
        market.resolveChallenge(CHALLENGE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongChallengeStatus.selector, CHALLENGE, IJobMarket.ChallengeStatus.NoQuorum
            )
        );
        market.drawVerifiers(CHALLENGE);
    }

    /// 0, 1, 2 or 3 candidates: one call seats them all, in the block it is made, keeping the reveal
    /// deadline fixed by the proof; a second call is refused.
    function test_draw_seatsUpToThreeCandidatesAtOnce() public {
        uint64 revealDeadline = market.getChallenge(CHALLENGE).revealDeadline;
        uint256 snapshot = vm.snapshotState();
        for (uint256 n; n <= 3; ++n) {
            vm.revertToState(snapshot);
            address[] memory list = new address[](n);
            for (uint256 i; i < n; ++i) {
                list[i] = honest[i];
                _commitVerification(CHALLENGE, list[i], SHARD2);
            }
            _warpPastCommitDeadline(CHALLENGE);
            vm.expectEmit(address(market));
            emit IJobMarket.VerifiersDrawn(CHALLENGE, list);
            market.drawVerifiers(CHALLENGE);
            IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
            assertTrue(c.drawn);
            assertEq(c.drawBlock, 0, "no seed needed");
            assertEq(c.commits, n);
            assertEq(c.revealDeadline, revealDeadline, "the reveal window is the proof's");
            assertEq(market.getVerifiers(CHALLENGE), list);
            for (uint256 i; i < n; ++i) {
                assertEq(market.lockedCollateral(list[i]), B, "seated verifiers stay locked");
            }
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.VerifiersAlreadyDrawn.selector, CHALLENGE));
            market.drawVerifiers(CHALLENGE);
        }
    }

    /// Without a draw call, the first reveal seats up to three candidates; all revealed, the
    /// challenge resolves at once and the two verifiers share the reward.
    function test_reveal_seatsUpToThreeCandidatesItself() public {
        address[] memory list = new address[](2);
        (list[0], list[1]) = (honest[0], honest[1]);
        _commitVerification(CHALLENGE, list[0], SHARD2);
        _commitVerification(CHALLENGE, list[1], SHARD2);
        _warpPastCommitDeadline(CHALLENGE);
        bytes32 salt = _salt(list[0], "verify", CHALLENGE);
        vm.expectEmit(address(market));
        emit IJobMarket.VerifiersDrawn(CHALLENGE, list);
        vm.expectEmit(address(market));
        emit IJobMarket.VerificationRevealed(CHALLENGE, list[0], SHARD2);
        vm.prank(list[0]);
        market.revealVerification(CHALLENGE, SHARD2, salt);
        assertTrue(market.getChallenge(CHALLENGE).drawn);
        _revealVerification(CHALLENGE, list[1], SHARD2);
        market.resolveChallenge(CHALLENGE); // before the reveal deadline: everyone seated revealed
        assertEq(uint8(market.getChallenge(CHALLENGE).status), uint8(IJobMarket.ChallengeStatus.ExecutorWon));
        uint256 reward = B * 2_500 / 10_000;
        assertEq(market.credits(list[0]), reward / 2);
        assertEq(market.credits(list[1]), reward / 2);
        assertEq(market.credits(worker), B - reward + (reward - 2 * (reward / 2)));
        _assertNoLocks(list);
        _assertMarketOwes(jobId, everyone);
    }

    /// Without draw or reveal, resolution seats up to three candidates itself: seated and silent,
    /// they lose their lock (they knew they would be seated: no more than three committed).
    function test_resolve_seatsUpToThreeCandidatesItself() public {
        address[] memory list = new address[](2);
        (list[0], list[1]) = (honest[0], honest[1]);
        _commitVerification(CHALLENGE, list[0], SHARD2);
        _commitVerification(CHALLENGE, list[1], SHARD2);
        _warpPastCommitDeadline(CHALLENGE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ChallengeNotResolvable.selector, CHALLENGE));
        market.resolveChallenge(CHALLENGE);
        vm.warp(market.getChallenge(CHALLENGE).revealDeadline + 1);
        vm.expectEmit(address(market));
        emit IJobMarket.VerifiersDrawn(CHALLENGE, list);
        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(CHALLENGE, IJobMarket.ChallengeStatus.NoQuorum, 0);
        market.resolveChallenge(CHALLENGE);
        assertEq(registry.stakeOf(list[0]), EXECUTOR_STAKE - B, "seated and silent: slashed");
        assertEq(registry.stakeOf(list[1]), EXECUTOR_STAKE - B);
        assertEq(market.credits(requester), B - B / 10 + 2 * B, "bond back less a tenth, plus the silent verifiers' locks");
        _assertNoLocks(list);
        _assertMarketOwes(jobId, everyone);
    }

    /// No candidate at all: nothing to wait for once the commit window closes.
    function test_resolve_withoutCandidatesRightAfterTheCommitWindow() public {
        uint64 commitDeadline = market.getChallenge(CHALLENGE).commitDeadline;
        vm.warp(commitDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ChallengeNotResolvable.selector, CHALLENGE));
        market.resolveChallenge(CHALLENGE);
        vm.warp(commitDeadline + 1);
        market.resolveChallenge(CHALLENGE);
        assertEq(uint8(market.getChallenge(CHALLENGE).status), uint8(IJobMarket.ChallengeStatus.NoQuorum));
        assertEq(market.credits(requester), B - B / 10);
        _assertMarketOwes(jobId, everyone);
    }

    // ------------------------------------------------------------ the two-step draw

    function test_revertsIf_revealOrResolveBeforeTheDraw() public {
        for (uint256 i; i < 4; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        _warpPastCommitDeadline(CHALLENGE);
        bytes32 salt = _salt(honest[0], "verify", CHALLENGE);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.VerifiersNotDrawn.selector, CHALLENGE));
        vm.prank(honest[0]);
        market.revealVerification(CHALLENGE, SHARD2, salt);
        market.drawVerifiers(CHALLENGE); // the seed block is fixed, the seats are not drawn yet
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.VerifiersNotDrawn.selector, CHALLENGE));
        vm.prank(honest[0]);
        market.revealVerification(CHALLENGE, SHARD2, salt);
        vm.warp(market.getChallenge(CHALLENGE).revealDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ChallengeNotResolvable.selector, CHALLENGE));
        market.resolveChallenge(CHALLENGE);
    }

    /// More than three candidates: the first call fixes the seed block, the same block cannot draw,
    /// the next block draws three distinct candidates (as the reference draw says), releases the
    /// others (they can no longer reveal) and gives the seated a whole reveal window.
    function test_draw_twoStepsSeatThreeAndReleaseTheOthers() public {
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        uint64 revealDeadline = market.getChallenge(CHALLENGE).revealDeadline;
        _warpPastCommitDeadline(CHALLENGE);
        uint64 drawBlock = uint64(block.number);
        vm.expectEmit(address(market));
        emit IJobMarket.VerifierDrawScheduled(CHALLENGE, drawBlock);
        market.drawVerifiers(CHALLENGE);
        IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
        assertEq(c.drawBlock, drawBlock);
        assertFalse(c.drawn);
        assertEq(c.commits, 5);
        assertEq(c.revealDeadline, revealDeadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.DrawNotReady.selector, CHALLENGE, drawBlock));
        market.drawVerifiers(CHALLENGE);

        vm.roll(block.number + 1);
        _warpBy(30);
        bytes32 hash = keccak256("two steps");
        vm.setBlockhash(drawBlock, hash);
        address[] memory expected = _expectedSeats(hash, honest);
        vm.expectEmit(address(market));
        emit IJobMarket.VerifiersDrawn(CHALLENGE, expected);
        vm.prank(stranger); // anyone
        market.drawVerifiers(CHALLENGE);
        address[] memory seats = market.getVerifiers(CHALLENGE);
        assertEq(seats, expected);
        _assertDistinctSubset(seats, honest);
        c = market.getChallenge(CHALLENGE);
        assertTrue(c.drawn);
        assertEq(c.commits, 3);
        assertEq(
            c.revealDeadline, block.timestamp + VERIFY_REVEAL_WINDOW, "a whole reveal window from the draw"
        );
        for (uint256 i; i < honest.length; ++i) {
            address who = honest[i];
            if (_contains(seats, who)) {
                assertEq(market.lockedCollateral(who), B);
                continue;
            }
            assertEq(market.lockedCollateral(who), 0, "not seated: lock released");
            assertEq(registry.freeStake(who), EXECUTOR_STAKE);
            bytes32 salt = _salt(who, "verify", CHALLENGE);
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAllowedToVerify.selector, CHALLENGE, who));
            vm.prank(who);
            market.revealVerification(CHALLENGE, SHARD2, salt);
        }
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.VerifiersAlreadyDrawn.selector, CHALLENGE));
        market.drawVerifiers(CHALLENGE);

        // After the old reveal deadline, inside the new one: the seated reveal and are paid.
        vm.warp(revealDeadline + 1);
        for (uint256 i; i < 3; ++i) {
            _revealVerification(CHALLENGE, seats[i], SHARD2);
        }
        market.resolveChallenge(CHALLENGE);
        assertEq(uint8(market.getChallenge(CHALLENGE).status), uint8(IJobMarket.ChallengeStatus.ExecutorWon));
        uint256 share = B * 2_500 / 10_000 / 3;
        for (uint256 i; i < honest.length; ++i) {
            address who = honest[i];
            assertEq(market.credits(who), _contains(seats, who) ? share : 0);
            assertEq(registry.stakeOf(who), EXECUTOR_STAKE, "nobody slashed");
        }
        _assertNoLocks(honest);
        _assertMarketOwes(jobId, everyone);
    }

    /// The seed block's hash alone does not decide the seats: the drawing block's prevrandao,
    /// unknown before that block to all but its proposer, changes them (so whoever built the seed
    /// block cannot pick the seats by varying its contents). Same hash, 16 prevrandao values: the
    /// seats follow the reference draw each time and are not always the same.
    function test_draw_dependsOnTheDrawingBlocksPrevrandao() public {
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        _warpPastCommitDeadline(CHALLENGE);
        uint256 drawBlock = block.number;
        market.drawVerifiers(CHALLENGE);
        vm.roll(drawBlock + 1);
        bytes32 hash = keccak256("one seed block");
        vm.setBlockhash(drawBlock, hash);
        uint256 snapshot = vm.snapshotState();
        address[] memory first;
        bool differs;
        for (uint256 d; d < 16; ++d) {
            vm.revertToState(snapshot);
            vm.prevrandao(keccak256(abi.encode("drawing block", d)));
            market.drawVerifiers(CHALLENGE);
            address[] memory seats = market.getVerifiers(CHALLENGE);
            assertEq(seats, _expectedSeats(hash, honest));
            if (d == 0) first = seats;
            else if (keccak256(abi.encode(seats)) != keccak256(abi.encode(first))) differs = true;
        }
        assertTrue(differs, "the drawing block's prevrandao changes the seats");
    }

    /// blockhash only reaches 256 blocks back: at 256 the draw still completes; past it, the next
    /// call fixes a new seed block instead (and emits it), and the one after draws.
    function test_draw_reschedulesOnceTheSeedBlockIsTooOld() public {
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        _warpPastCommitDeadline(CHALLENGE);
        uint256 first = block.number;
        market.drawVerifiers(CHALLENGE);

        uint256 snapshot = vm.snapshotState();
        vm.roll(first + 256);
        vm.setBlockhash(first, keccak256("still there"));
        market.drawVerifiers(CHALLENGE);
        assertTrue(market.getChallenge(CHALLENGE).drawn, "256 blocks later the hash is still there");
        vm.revertToState(snapshot);

        vm.roll(first + 257);
        assertEq(blockhash(first), bytes32(0), "gone");
        vm.expectEmit(address(market));
        emit IJobMarket.VerifierDrawScheduled(CHALLENGE, uint64(first + 257));
        market.drawVerifiers(CHALLENGE);
        IJobMarket.Challenge memory c = market.getChallenge(CHALLENGE);
        assertFalse(c.drawn);
        assertEq(c.drawBlock, first + 257);
        assertEq(c.commits, 5);
        for (uint256 i; i < honest.length; ++i) {
            assertEq(market.lockedCollateral(honest[i]), B, "nobody released by a reschedule");
        }
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.DrawNotReady.selector, CHALLENGE, uint64(first + 257))
        );
        market.drawVerifiers(CHALLENGE);
        vm.roll(first + 258);
        bytes32 hash = keccak256("the new seed block");
        vm.setBlockhash(first + 257, hash);
        market.drawVerifiers(CHALLENGE);
        assertEq(market.getVerifiers(CHALLENGE), _expectedSeats(hash, honest), "seeded by the new block");
    }

    /// The reveal deadline fixed by the proof is the last moment to draw: at it the draw completes
    /// (and opens a new reveal window); after it the draw is refused.
    function test_draw_completesAtTheRevealDeadline() public {
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        uint64 revealDeadline = market.getChallenge(CHALLENGE).revealDeadline;
        vm.warp(revealDeadline);
        uint256 drawBlock = block.number;
        market.drawVerifiers(CHALLENGE);
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256("last second"));
        market.drawVerifiers(CHALLENGE);
        assertTrue(market.getChallenge(CHALLENGE).drawn);
        assertEq(
            market.getChallenge(CHALLENGE).revealDeadline, uint256(revealDeadline) + VERIFY_REVEAL_WINDOW
        );
    }

    /// Nobody completes the draw by the reveal deadline: the draw is refused from then on, and
    /// resolution releases every candidate (none was seated, none is slashed), returns the bond
    /// and lets the result stand, with its challenge window given back what it had left.
    function test_draw_afterTheRevealDeadlineRevertsAndResolveReleasesEveryone() public {
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        _warpPastCommitDeadline(CHALLENGE);
        uint256 drawBlock = block.number;
        market.drawVerifiers(CHALLENGE); // scheduled, never completed in time
        uint64 revealDeadline = market.getChallenge(CHALLENGE).revealDeadline;
        vm.warp(revealDeadline + 1);
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, keccak256("too late"));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealClosed.selector, revealDeadline));
        market.drawVerifiers(CHALLENGE);

        vm.expectEmit(address(market));
        emit IJobMarket.ChallengeResolved(CHALLENGE, IJobMarket.ChallengeStatus.NoQuorum, 0);
        market.resolveChallenge(CHALLENGE);
        for (uint256 i; i < honest.length; ++i) {
            assertEq(registry.stakeOf(honest[i]), EXECUTOR_STAKE, "never seated: never slashed");
            assertEq(market.credits(honest[i]), 0);
        }
        _assertNoLocks(honest);
        assertEq(market.credits(requester), B - B / 10, "the bond goes back less a tenth");
        assertEq(market.getVerifiers(CHALLENGE).length, 0);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
        _assertMarketOwes(jobId, everyone);
        uint64 reopenedEnd = market.getAssignment(1).challengeEnd;
        assertGt(reopenedEnd, block.timestamp, "the window reopened");
        assertEq(_settleOne(1), 0);
        vm.warp(uint256(reopenedEnd) + 1);
        assertEq(_settleOne(1), 1, "the result stands and settles");
    }

    /// Never scheduled either: refused after the reveal deadline, resolution releases everyone.
    function test_draw_neverScheduledRevertsAfterTheRevealDeadline() public {
        for (uint256 i; i < 4; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
        uint64 revealDeadline = market.getChallenge(CHALLENGE).revealDeadline;
        vm.warp(revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.RevealClosed.selector, revealDeadline));
        market.drawVerifiers(CHALLENGE);
        market.resolveChallenge(CHALLENGE);
        assertEq(uint8(market.getChallenge(CHALLENGE).status), uint8(IJobMarket.ChallengeStatus.NoQuorum));
        _assertNoLocks(honest);
        _assertMarketOwes(jobId, everyone);
    }

    /// Any 4..16 candidates with any stakes and any seed: three distinct candidates seated (the
    /// reference draw's), every other lock released, and the seated settle the game with every
    /// lock back to zero and the books balanced.
    function testFuzz_draw_seatsThreeAndReleasesTheRest(uint256 n, uint256 stakeSeed, bytes32 hash) public {
        vm.assume(hash != bytes32(0));
        n = bound(n, 4, market.VERIFIER_CANDIDATES());
        address[] memory list = new address[](n);
        for (uint256 i; i < n; ++i) {
            uint256 amount = bound(uint256(keccak256(abi.encode(stakeSeed, i))), B, 50_000e18);
            list[i] = i < honest.length ? honest[i] : _candidate(string.concat("c", vm.toString(i)), amount);
            _commitVerification(CHALLENGE, list[i], SHARD2);
        }
        _warpPastCommitDeadline(CHALLENGE);
        uint256 drawBlock = block.number;
        market.drawVerifiers(CHALLENGE);
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, hash);
        market.drawVerifiers(CHALLENGE);
        address[] memory seats = market.getVerifiers(CHALLENGE);
        assertEq(seats, _expectedSeats(hash, list));
        _assertDistinctSubset(seats, list);
        for (uint256 i; i < n; ++i) {
            assertEq(market.lockedCollateral(list[i]), _contains(seats, list[i]) ? B : 0);
        }
        for (uint256 i; i < 3; ++i) {
            _revealVerification(CHALLENGE, seats[i], SHARD2);
        }
        market.resolveChallenge(CHALLENGE);
        assertEq(uint8(market.getChallenge(CHALLENGE).status), uint8(IJobMarket.ChallengeStatus.ExecutorWon));
        _assertNoLocks(list);
        _assertMarketOwes(jobId, everyone);
    }

    // ------------------------------------------------------------ the red team's sybil

    /// The red team's attack on the old game: three identities staked at the bare bond commit
    /// first (they used to take all three seats). Five honest executors with 10,000 NTK each commit
    /// after. Whatever the seed block's hash, the attacker takes at most one seat: two seats need
    /// two draws of odds <= 3 / 50,003 each, about 1e-8 per seed.
    function testFuzz_sybil_bareBondIdentitiesRarelyTakeTwoSeats(bytes32 hash) public {
        vm.assume(hash != bytes32(0));
        address[] memory sybils = _commitSybilsThenHonest(B);
        uint256 drawBlock = _scheduleDraw();
        vm.roll(drawBlock + 1);
        vm.setBlockhash(drawBlock, hash);
        market.drawVerifiers(CHALLENGE);
        address[] memory seats = market.getVerifiers(CHALLENGE);
        assertLe(_countIn(seats, sybils), 1, "the bare-bond sybil took two seats");
        for (uint256 i; i < sybils.length; ++i) {
            if (!_contains(seats, sybils[i])) assertEq(market.lockedCollateral(sybils[i]), 0);
        }
    }

    /// The same attack over 200 fixed seeds: the sybil never takes two seats, and its seats stay
    /// within a loose bound of what its stake share gives (~0.04 seats in 200 draws).
    function test_sybil_bareBondIdentitiesOver200Draws() public {
        address[] memory sybils = _commitSybilsThenHonest(B);
        uint256 drawBlock = _scheduleDraw();
        (uint256[] memory counts, uint256 twoOrMore) = _tally(drawBlock, sybils);
        assertEq(twoOrMore, 0, "two sybil seats in a draw");
        assertLe(counts[0] + counts[1] + counts[2], 2, "sybil seats in 200 draws");
    }

    /// A richer sybil (three identities of 1,000 NTK against five of 10,000 NTK, 5.7% of the
    /// stake): over 200 fixed seeds it takes two or more seats about as often as the exact odds
    /// of the weighted draw say (a few percent, against always under first-come seats).
    function test_sybil_twoSeatFrequencyTracksItsStakeShare() public {
        address[] memory sybils = _commitSybilsThenHonest(1_000e18);
        address[] memory list = market.getVerifiers(CHALLENGE);
        uint256 drawBlock = _scheduleDraw();
        (, uint256 twoOrMore) = _tally(drawBlock, sybils);
        uint256 expected = _probabilityOfTwoOrMore(list, sybils) * DRAWS; // 1e18 fixed point
        assertLt(expected, 0.05e18 * DRAWS, "the exact odds are a few percent");
        assertApproxEqAbs(twoOrMore * 1e18, expected, 10e18, "sybil majorities vs exact odds");
    }

    /// Six candidates of 1,000 to 6,000 NTK, 200 fixed seeds: each one's seat count is within 30
    /// (15% of the draws) of its exact inclusion odds in a weighted draw of three without
    /// replacement; the heaviest sits far more often than the lightest.
    function test_draw_seatFrequencyTracksStake() public {
        address[] memory list = new address[](6);
        for (uint256 i; i < list.length; ++i) {
            list[i] = _candidate(string.concat("staker", vm.toString(i)), (i + 1) * 1_000e18);
            _commitVerification(CHALLENGE, list[i], SHARD2);
        }
        uint256 drawBlock = _scheduleDraw();
        (uint256[] memory counts,) = _tally(drawBlock, list);
        uint256 seats;
        for (uint256 i; i < list.length; ++i) {
            uint256 expected = _inclusionProbability(list, i) * DRAWS;
            assertApproxEqAbs(counts[i] * 1e18, expected, 30e18, "seat frequency vs stake");
            seats += counts[i];
        }
        assertEq(seats, 3 * DRAWS, "three seats a draw");
        assertGt(counts[5], 2 * counts[0], "6,000 NTK sits far more often than 1,000 NTK");
    }

    // ------------------------------------------------------------ helpers

    /// A fresh registered executor staked with `amount` (its commit salt derives like the
    /// fixture's), counted in the books.
    function _candidate(string memory name, uint256 amount) internal returns (address who) {
        who = _newExecutor(name, amount);
        everyone.push(who);
    }

    function _stakeMore(address who, uint256 amount) internal {
        _fund(who, amount);
        vm.startPrank(who);
        token.approve(address(registry), amount);
        registry.stake(amount);
        vm.stopPrank();
    }

    /// Three sybil identities staked with `amount` each commit first, then the five honest.
    function _commitSybilsThenHonest(uint256 amount) internal returns (address[] memory sybils) {
        sybils = new address[](3);
        for (uint256 i; i < 3; ++i) {
            sybils[i] = _candidate(string.concat("sybil", vm.toString(i)), amount);
            _commitVerification(CHALLENGE, sybils[i], SHARD2);
        }
        for (uint256 i; i < honest.length; ++i) {
            _commitVerification(CHALLENGE, honest[i], SHARD2);
        }
    }

    /// Closes the commit window and fixes the seed block; returns it.
    function _scheduleDraw() internal returns (uint256 drawBlock) {
        _warpPastCommitDeadline(CHALLENGE);
        drawBlock = block.number;
        market.drawVerifiers(CHALLENGE);
        assertEq(market.getChallenge(CHALLENGE).drawBlock, drawBlock);
    }

    /// DRAWS draws from the same scheduled state with the seed block's hash set to fixed seeds;
    /// returns how often each of `watched` was seated and in how many draws two or more were.
    function _tally(uint256 drawBlock, address[] memory watched)
        internal
        returns (uint256[] memory counts, uint256 twoOrMore)
    {
        counts = new uint256[](watched.length);
        uint256 snapshot = vm.snapshotState();
        for (uint256 d; d < DRAWS; ++d) {
            vm.revertToState(snapshot);
            vm.roll(drawBlock + 1);
            vm.setBlockhash(drawBlock, keccak256(abi.encode("draw seed", d)));
            market.drawVerifiers(CHALLENGE);
            address[] memory seats = market.getVerifiers(CHALLENGE);
            uint256 hits;
            for (uint256 i; i < watched.length; ++i) {
                if (_contains(seats, watched[i])) {
                    ++counts[i];
                    ++hits;
                }
            }
            if (hits >= 2) ++twoOrMore;
        }
        vm.revertToState(snapshot);
    }

    /// The draw as the interface describes it, over `list` in list order with weights = stake.
    function _expectedSeats(bytes32 blockHash, address[] memory list)
        internal
        view
        returns (address[] memory seats)
    {
        bytes32 seed = keccak256(abi.encode(block.prevrandao, blockHash, CHALLENGE));
        uint256 n = list.length;
        address[] memory order = new address[](n);
        uint256[] memory weights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            order[i] = list[i];
            weights[i] = registry.stakeOf(list[i]);
            total += weights[i];
        }
        seats = new address[](3);
        for (uint256 k; k < 3; ++k) {
            uint256 r = uint256(keccak256(abi.encode(seed, k))) % total;
            uint256 i = k;
            while (r >= weights[i]) {
                r -= weights[i];
                ++i;
            }
            total -= weights[i];
            (order[k], order[i]) = (order[i], order[k]);
            (weights[k], weights[i]) = (weights[i], weights[k]);
            seats[k] = order[k];
        }
    }

    /// Whole-token weights of `list` (every stake here is a whole number of tokens).
    function _tokens(address[] memory list) internal view returns (uint256[] memory w, uint256 total) {
        w = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) {
            w[i] = registry.stakeOf(list[i]) / 1e18;
            total += w[i];
        }
    }

    /// The odds (1e18 = certain) of one ordered draw a, b, c without replacement.
    function _orderedOdds(uint256[] memory w, uint256 total, uint256 a, uint256 b, uint256 c)
        internal
        pure
        returns (uint256)
    {
        return 1e18 * w[a] * w[b] * w[c] / (total * (total - w[a]) * (total - w[a] - w[b]));
    }

    /// Exact odds (1e18 = certain) that candidate `x` of `list` is among the three seated.
    function _inclusionProbability(address[] memory list, uint256 x) internal view returns (uint256 p) {
        (uint256[] memory w, uint256 total) = _tokens(list);
        uint256 n = list.length;
        for (uint256 a; a < n; ++a) {
            for (uint256 b; b < n; ++b) {
                for (uint256 c; c < n; ++c) {
                    if (a == b || b == c || a == c || (a != x && b != x && c != x)) continue;
                    p += _orderedOdds(w, total, a, b, c);
                }
            }
        }
    }

    /// Exact odds (1e18 = certain) that two or more of the three seats go to `group`.
    function _probabilityOfTwoOrMore(address[] memory list, address[] memory group)
        internal
        view
        returns (uint256 p)
    {
        (uint256[] memory w, uint256 total) = _tokens(list);
        uint256 n = list.length;
        for (uint256 a; a < n; ++a) {
            for (uint256 b; b < n; ++b) {
                for (uint256 c; c < n; ++c) {
                    if (a == b || b == c || a == c) continue;
                    uint256 inGroup = (_contains(group, list[a]) ? 1 : 0)
                        + (_contains(group, list[b]) ? 1 : 0) + (_contains(group, list[c]) ? 1 : 0);
                    if (inGroup >= 2) p += _orderedOdds(w, total, a, b, c);
                }
            }
        }
    }

    function _contains(address[] memory list, address who) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == who) return true;
        }
        return false;
    }

    function _countIn(address[] memory seats, address[] memory group) internal pure returns (uint256 n) {
        for (uint256 i; i < seats.length; ++i) {
            if (_contains(group, seats[i])) ++n;
        }
    }

    function _assertDistinctSubset(address[] memory seats, address[] memory list) internal pure {
        assertEq(seats.length, 3, "three seats");
        for (uint256 i; i < seats.length; ++i) {
            assertTrue(_contains(list, seats[i]), "a seat went to a candidate");
            for (uint256 k; k < i; ++k) {
                assertTrue(seats[i] != seats[k], "distinct seats");
            }
        }
    }

    function _assertNoLocks(address[] memory list) internal view {
        for (uint256 i; i < list.length; ++i) {
            assertEq(market.lockedCollateral(list[i]), 0, "lock released");
        }
    }
}
