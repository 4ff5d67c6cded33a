// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {MarketState, VERIFIER_CANDIDATE_SLOTS} from "./MarketState.sol";

/// @title Disputes
/// @notice How results are decided: replicated reveal and group resolution, and the optimistic
/// challenge game (bond, Merkle proof of the task's leaf, verifier candidates' commits, a
/// stake-weighted draw of the seats, their reveals, resolution).
///
/// Payouts of a challenge (B = the challenger's bond = the job's collateral per task; S = the
/// challenged assignment's collateral, taskCount x collateral per task; every verifier candidate
/// locks B of its stake when it commits, and gets it back if the draw does not seat it):
/// - the executor does not prove the leaf in time: S is slashed, the challenger gets B + 25% of S,
///   fees the other 75%;
/// The seated verifiers vote with their weight (their stake at commit); a side wins with a strict
/// majority of the revealed weight, and its verifiers share their reward in proportion to weight:
/// - the majority agrees with the executor (ExecutorWon): the executor gets 75% of B, the
///   agreeing verifiers share 25% of B; the result stands and settles as usual;
/// - the majority disagrees (ChallengerWon): S is slashed; the disagreeing verifiers share 25% of
///   S, the challenger gets B + 25% of S, fees the other 50%; the assignment is rejected and its
///   tasks reopen. (Were all of S the challenger's, an executor could get its collateral back by
///   challenging its own result from another identity: CHALLENGER_REWARD_BPS.)
/// - no strict majority of the revealed weight (no reveal, or a tie): NoQuorum, the result stands,
///   the challenger gets B back less 10% (fees; MarketState.NO_QUORUM_FEE_BPS), so that
///   challenging an honest result over and over while nobody verifies is not free.
/// A losing executor's ask leaves the book (Disproved, or MissedDeadline without a proof), so
/// others redo the reopened tasks.
/// Verifiers on the losing side or silent (committed, never revealed) lose their lock B, which is
/// added to the winning verifiers' share (or, without winners, goes to the job's requester).
/// Division dust goes to the winning party (executor or challenger).
///
/// Public functions: linked as an external library (delegatecall), which keeps JobMarket's
/// bytecode under the 24 KB limit; they run on the market's storage.
library Disputes {
    using SafeERC20 for IERC20;
    using MarketState for MarketState.State;

    /// A CIDv1 in base32 is ~59 bytes; 128 leaves room for any multibase without inviting spam.
    uint256 private constant MAX_CID_LENGTH = 128;

    /// Which verifiers won a challenge.
    uint8 private constant SIDE_NONE = 0;
    uint8 private constant SIDE_AGREE = 1;
    uint8 private constant SIDE_DISAGREE = 2;

    // ---------------------------------------------------------------- replicated

    function revealResult(
        MarketState.State storage s,
        uint256 id,
        bytes32 root,
        string calldata resultCid,
        bytes32 salt
    ) public {
        MarketState.AssignmentData storage a = s.assignment(id);
        MarketState.JobData storage j = s.jobs[a.jobId];
        if (msg.sender != s.executorOf(a)) revert IJobMarket.NotAssignee(id, msg.sender);
        if (j.verification != IJobMarket.Verification.REPLICATED) {
            revert IJobMarket.WrongVerification(a.jobId, j.verification);
        }
        if (a.status != IJobMarket.AssignmentStatus.Committed) {
            revert IJobMarket.WrongAssignmentStatus(id, a.status);
        }
        MarketState.GroupData storage g = s.groups[a.groupId];
        // Declined replicas never commit: the others need not wait for them.
        if (g.commits + g.declines < g.replication && block.timestamp <= g.commitDeadline) {
            revert IJobMarket.RevealNotOpen(g.commitDeadline);
        }
        if (block.timestamp > g.revealDeadline) revert IJobMarket.RevealClosed(g.revealDeadline);
        if (root == bytes32(0)) revert IJobMarket.ZeroRoot();
        uint256 length = bytes(resultCid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert IJobMarket.InvalidResultCid(length);
        if (keccak256(abi.encode(root, msg.sender, salt)) != a.hash) {
            revert IJobMarket.CommitmentMismatch(id);
        }
        a.hash = root;
        a.status = IJobMarket.AssignmentStatus.Revealed;
        ++g.reveals;
        emit IJobMarket.ResultRevealed(id, root, resultCid);
    }

    function resolveGroup(MarketState.State storage s, uint256 groupId) public {
        if (groupId == 0 || groupId > s.groupCount) revert IJobMarket.UnknownGroup(groupId);
        MarketState.GroupData storage g = s.groups[groupId];
        if (g.resolved) revert IJobMarket.GroupAlreadyResolved(groupId);
        if (g.reveals + g.declines < g.replication && block.timestamp <= g.revealDeadline) {
            revert IJobMarket.GroupNotResolvable(groupId, g.revealDeadline);
        }
        g.resolved = true;
        uint256 jobId = g.jobId;
        MarketState.JobData storage j = s.jobs[jobId];
        bytes32 winner = _majority(s, g.firstAssignment, g.replication);
        uint8 slashed = _judgeGroup(s, g, j, winner);
        if (winner != bytes32(0)) {
            g.winningRoot = winner;
            j.tasksAccepted += g.taskCount;
            emit IJobMarket.GroupResolved(groupId, jobId, winner, slashed, false, false);
            return;
        }
        s.retryOrRefund(groupId, g, j, slashed);
    }

    /// @dev The root revealed by a strict majority of all r replicas (silent and declined ones count
    /// against: fewer replicas never make a majority).
    function _majority(MarketState.State storage s, uint64 first, uint256 r) private view returns (bytes32) {
        bytes32[] memory roots = new bytes32[](r);
        uint256 n;
        for (uint256 i; i < r; ++i) {
            MarketState.AssignmentData storage a = s.assignments[first + i];
            if (a.status == IJobMarket.AssignmentStatus.Revealed) roots[n++] = a.hash;
        }
        for (uint256 i; i < n; ++i) {
            uint256 same;
            for (uint256 k; k < n; ++k) {
                if (roots[k] == roots[i]) ++same;
            }
            if (same * 2 > r) return roots[i];
        }
        return bytes32(0);
    }

    /// @dev Accepts the majority, slashes the minority and the silent to the requester (the silent
    /// also lose their ask: a missed deadline), releases everyone without fault when no majority.
    function _judgeGroup(
        MarketState.State storage s,
        MarketState.GroupData storage g,
        MarketState.JobData storage j,
        bytes32 winner
    ) private returns (uint8 slashed) {
        uint256 first = g.firstAssignment;
        for (uint256 i; i < g.replication; ++i) {
            if (_judgeOne(s, first + i, j, winner)) ++slashed;
        }
    }

    function _judgeOne(MarketState.State storage s, uint256 id, MarketState.JobData storage j, bytes32 winner)
        private
        returns (bool slashed)
    {
        MarketState.AssignmentData storage a = s.assignments[id];
        // Declined: already released (collateral unlocked, no longer open), nothing to judge.
        if (a.status == IJobMarket.AssignmentStatus.Released) return false;
        bool revealed = a.status == IJobMarket.AssignmentStatus.Revealed;
        if (revealed && winner != bytes32(0) && a.hash == winner) {
            a.status = IJobMarket.AssignmentStatus.Accepted;
            return false;
        }
        if (revealed && winner == bytes32(0)) {
            s.release(id, a, j);
            return false;
        }
        a.status = IJobMarket.AssignmentStatus.Rejected;
        // An unrevealed commitment is no result: clear it so views show no root.
        if (!revealed) a.hash = bytes32(0);
        // The silent missed a deadline and lose their place; an outvoted replica keeps its ask
        // (its collateral pays for the fault).
        if (!revealed) s.dropAsk(j.kind, s.executorOf(a), IJobMarket.AskRemoval.MissedDeadline);
        _fail(s, id, a, j);
        return true;
    }

    /// @dev A minority or silent replica: its collateral goes to fees ({MarketState.slashToFees}).
    function _fail(
        MarketState.State storage s,
        uint256 id,
        MarketState.AssignmentData storage a,
        MarketState.JobData storage j
    ) private {
        s.slashToFees(id, a, j);
    }

    // ---------------------------------------------------------------- optimistic challenges

    function challenge(MarketState.State storage s, uint256 assignmentId, uint32 taskIndex)
        public
        returns (uint256 challengeId)
    {
        MarketState.AssignmentData storage a = s.assignment(assignmentId);
        MarketState.JobData storage j = s.jobs[a.jobId];
        if (j.verification != IJobMarket.Verification.OPTIMISTIC) {
            revert IJobMarket.WrongVerification(a.jobId, j.verification);
        }
        if (a.status != IJobMarket.AssignmentStatus.Submitted) {
            revert IJobMarket.WrongAssignmentStatus(assignmentId, a.status);
        }
        if (block.timestamp > a.challengeEnd) {
            revert IJobMarket.ChallengeWindowClosed(assignmentId, a.challengeEnd);
        }
        if (taskIndex < a.firstTask || taskIndex >= a.firstTask + a.taskCount) {
            revert IJobMarket.TaskOutOfRange(assignmentId, taskIndex, a.firstTask, a.taskCount);
        }
        // The requester, or an executor with stake at risk (a cheap identity cannot spam).
        if (msg.sender == s.executorOf(a) || (msg.sender != j.requester && s.registry.stakeOf(msg.sender) == 0)) {
            revert IJobMarket.NotAllowedToChallenge(msg.sender);
        }
        uint256 bond = j.collateralPerTask;
        challengeId = ++s.challengeCount;
        MarketState.ChallengeData storage c = s.challenges[challengeId];
        uint64 proofDeadline = uint64(block.timestamp) + s.windows.proofWindow;
        c.assignmentId = uint64(assignmentId);
        c.challenger = msg.sender;
        c.status = IJobMarket.ChallengeStatus.AwaitingProof;
        c.taskIndex = taskIndex;
        c.proofDeadline = proofDeadline;
        c.bond = bond;
        a.status = IJobMarket.AssignmentStatus.Challenged;
        emit IJobMarket.ChallengeOpened(challengeId, assignmentId, msg.sender, taskIndex, bond, proofDeadline);
        s.token.safeTransferFrom(msg.sender, address(this), bond);
    }

    function proveTask(
        MarketState.State storage s,
        uint256 challengeId,
        bytes32 shardHash,
        bytes32[] calldata proof
    ) public {
        MarketState.ChallengeData storage c =
            _challenge(s, challengeId, IJobMarket.ChallengeStatus.AwaitingProof);
        MarketState.AssignmentData storage a = s.assignments[c.assignmentId];
        if (msg.sender != s.executorOf(a)) revert IJobMarket.NotAssignee(c.assignmentId, msg.sender);
        if (block.timestamp > c.proofDeadline) {
            revert IJobMarket.AssignmentExpired(c.assignmentId, c.proofDeadline);
        }
        // The leaf format of the interface: keccak256(abi.encode(uint256 taskIndex, shardSha256)).
        bytes32 leaf = keccak256(abi.encode(uint256(c.taskIndex), shardHash));
        if (!MerkleProof.verifyCalldata(proof, a.hash, leaf)) revert IJobMarket.InvalidProof(challengeId);
        IJobMarket.Windows storage w = s.windows;
        uint64 commitDeadline = uint64(block.timestamp) + w.verifyCommitWindow;
        c.shardHash = shardHash;
        c.status = IJobMarket.ChallengeStatus.Verifying;
        c.commitDeadline = commitDeadline;
        c.revealDeadline = commitDeadline + w.verifyRevealWindow;
        emit IJobMarket.TaskProven(challengeId, shardHash, commitDeadline);
    }

    function commitVerification(MarketState.State storage s, uint256 challengeId, bytes32 commitment) public {
        MarketState.ChallengeData storage c = _challenge(s, challengeId, IJobMarket.ChallengeStatus.Verifying);
        if (block.timestamp > c.commitDeadline) revert IJobMarket.RevealClosed(c.commitDeadline);
        if (commitment == bytes32(0)) revert IJobMarket.ZeroRoot();
        MarketState.Verifier storage v = s.verifications[challengeId][msg.sender];
        if (
            msg.sender == s.executorOf(s.assignments[c.assignmentId]) || msg.sender == c.challenger
                || v.commitment != bytes32(0) || !s.registry.isRegistered(msg.sender)
        ) revert IJobMarket.NotAllowedToVerify(challengeId, msg.sender);
        uint256 required = c.bond;
        uint256 free = s.freeStake(msg.sender);
        if (free < required) revert IJobMarket.InsufficientFreeStake(msg.sender, free, required);
        // Stake is at most the token's supply (1e26 < 2^96), and at least the bond (> 0).
        uint256 weight = s.registry.stakeOf(msg.sender);
        uint256 place = c.commits;
        if (place == MarketState.VERIFIER_CANDIDATES) place = _evictLightest(s, challengeId, c, weight);
        else c.commits = uint8(place + 1);
        s.lock(msg.sender, required);
        v.commitment = commitment;
        v.weight = uint96(weight);
        s.verifiers[challengeId][place] = msg.sender;
        emit IJobMarket.VerificationCommitted(challengeId, msg.sender, commitment);
    }

    /// @dev A full candidate list takes a newcomer only in place of a lighter candidate, so
    /// identities staked at the bare bond cannot fill it ahead of real stake.
    function _evictLightest(
        MarketState.State storage s,
        uint256 challengeId,
        MarketState.ChallengeData storage c,
        uint256 weight
    ) private returns (uint256 place) {
        address[VERIFIER_CANDIDATE_SLOTS] storage list = s.verifiers[challengeId];
        uint256 lightest = type(uint256).max;
        for (uint256 i; i < MarketState.VERIFIER_CANDIDATES; ++i) {
            uint256 w = s.verifications[challengeId][list[i]].weight;
            if (w < lightest) (lightest, place) = (w, i);
        }
        if (weight <= lightest) revert IJobMarket.VerifierCandidatesFull(challengeId, weight, lightest);
        address evicted = list[place];
        s.unlock(evicted, c.bond);
        delete s.verifications[challengeId][evicted];
        emit IJobMarket.VerifierEvicted(challengeId, evicted, msg.sender);
    }

    function drawVerifiers(MarketState.State storage s, uint256 challengeId) public {
        MarketState.ChallengeData storage c = _challenge(s, challengeId, IJobMarket.ChallengeStatus.Verifying);
        if (c.drawn) revert IJobMarket.VerifiersAlreadyDrawn(challengeId);
        if (block.timestamp <= c.commitDeadline) revert IJobMarket.DrawNotOpen(challengeId, c.commitDeadline);
        if (c.commits <= MarketState.VERIFIERS) return _seatAll(s, challengeId, c);
        // Before the draw, the reveal deadline is the last moment to draw (then resolution
        // releases every candidate); a draw gives its seats a whole reveal window from then on.
        if (block.timestamp > c.revealDeadline) revert IJobMarket.RevealClosed(c.revealDeadline);
        uint64 drawBlock = c.drawBlock;
        if (drawBlock != 0 && block.number <= drawBlock) revert IJobMarket.DrawNotReady(challengeId, drawBlock);
        // The seed block is the one that fixes it, after the candidates were final: its hash was
        // unknown to every candidate when it committed. blockhash is 0 past 256 blocks: fix anew.
        bytes32 seed = drawBlock == 0 ? bytes32(0) : blockhash(drawBlock);
        if (seed == bytes32(0)) {
            drawBlock = uint64(block.number);
            c.drawBlock = drawBlock;
            emit IJobMarket.VerifierDrawScheduled(challengeId, drawBlock);
            return;
        }
        // Mixed with this block's prevrandao, unknown before this block to all but its proposer:
        // whoever built the seed block (and knew its hash first) cannot steer the draw by itself.
        _draw(s, challengeId, c, keccak256(abi.encode(block.prevrandao, seed, challengeId)));
    }

    /// @dev Seats every candidate when there are no more than VERIFIERS, once the commit window
    /// has closed (nothing to draw: the reveal window is the one fixed by the proof). No-op
    /// otherwise.
    function _seatAll(MarketState.State storage s, uint256 challengeId, MarketState.ChallengeData storage c)
        private
    {
        if (block.timestamp <= c.commitDeadline || c.commits > MarketState.VERIFIERS) return;
        c.drawn = true;
        emit IJobMarket.VerifiersDrawn(challengeId, s.verifierList(challengeId));
    }

    /// @dev Weighted draw without replacement: seat k is taken from the candidates not yet seated
    /// (places k..n-1), each with odds weight / their total weight, and swapped into place k. The
    /// others get their lock back and can no longer reveal.
    function _draw(
        MarketState.State storage s,
        uint256 challengeId,
        MarketState.ChallengeData storage c,
        bytes32 seed
    ) private {
        address[VERIFIER_CANDIDATE_SLOTS] storage list = s.verifiers[challengeId];
        uint256 n = c.commits;
        address[] memory order = new address[](n);
        uint256[] memory weights = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            order[i] = list[i];
            weights[i] = s.verifications[challengeId][order[i]].weight;
            total += weights[i];
        }
        address[] memory seats = new address[](MarketState.VERIFIERS);
        for (uint256 k; k < MarketState.VERIFIERS; ++k) {
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
            list[k] = order[k];
        }
        uint256 bond = c.bond;
        for (uint256 i = MarketState.VERIFIERS; i < n; ++i) {
            s.unlock(order[i], bond);
            delete s.verifications[challengeId][order[i]];
            delete list[i];
        }
        c.commits = MarketState.VERIFIERS;
        c.drawn = true;
        c.revealDeadline = uint64(block.timestamp) + s.windows.verifyRevealWindow;
        emit IJobMarket.VerifiersDrawn(challengeId, seats);
    }

    function revealVerification(
        MarketState.State storage s,
        uint256 challengeId,
        bytes32 shardHash,
        bytes32 salt
    ) public {
        MarketState.ChallengeData storage c = _challenge(s, challengeId, IJobMarket.ChallengeStatus.Verifying);
        if (block.timestamp <= c.commitDeadline) revert IJobMarket.RevealNotOpen(c.commitDeadline);
        if (block.timestamp > c.revealDeadline) revert IJobMarket.RevealClosed(c.revealDeadline);
        if (!c.drawn) {
            _seatAll(s, challengeId, c);
            if (!c.drawn) revert IJobMarket.VerifiersNotDrawn(challengeId);
        }
        MarketState.Verifier storage v = s.verifications[challengeId][msg.sender];
        if (v.commitment == bytes32(0) || v.revealed) {
            revert IJobMarket.NotAllowedToVerify(challengeId, msg.sender);
        }
        if (keccak256(abi.encode(shardHash, msg.sender, salt)) != v.commitment) {
            revert IJobMarket.CommitmentMismatch(c.assignmentId);
        }
        v.revealed = true;
        ++c.reveals;
        if (shardHash == c.shardHash) {
            v.agreed = true;
            ++c.agreeing;
        }
        emit IJobMarket.VerificationRevealed(challengeId, msg.sender, shardHash);
    }

    function resolveChallenge(MarketState.State storage s, uint256 challengeId) public {
        if (challengeId == 0 || challengeId > s.challengeCount) {
            revert IJobMarket.UnknownChallenge(challengeId);
        }
        MarketState.ChallengeData storage c = s.challenges[challengeId];
        if (c.status == IJobMarket.ChallengeStatus.AwaitingProof) {
            if (block.timestamp <= c.proofDeadline) revert IJobMarket.ChallengeNotResolvable(challengeId);
            _challengerWins(s, challengeId, c, false, 0);
            return;
        }
        if (c.status != IJobMarket.ChallengeStatus.Verifying) {
            revert IJobMarket.WrongChallengeStatus(challengeId, c.status);
        }
        if (!c.drawn) _seatAll(s, challengeId, c);
        bool allRevealed = c.drawn && c.reveals == c.commits;
        if (!allRevealed && block.timestamp <= c.revealDeadline) {
            revert IJobMarket.ChallengeNotResolvable(challengeId);
        }
        if (!c.drawn) {
            // More candidates than seats and nobody drew them in time: none was seated, so none
            // is at fault; all get their lock back and nobody decides.
            address[VERIFIER_CANDIDATE_SLOTS] storage list = s.verifiers[challengeId];
            for (uint256 i; i < c.commits; ++i) {
                s.unlock(list[i], c.bond);
            }
            c.commits = 0;
        }
        // A strict majority of the revealed stake decides, not of the seats: otherwise two
        // identities staked at the bare bond outvote one well-staked verifier.
        (uint256 agreeing, uint256 revealed) = s.verifierWeights(challengeId, c.commits);
        if (agreeing * 2 > revealed) {
            _executorWins(s, challengeId, c, agreeing);
        } else if ((revealed - agreeing) * 2 > revealed) {
            _challengerWins(s, challengeId, c, true, revealed - agreeing);
        } else {
            _noQuorum(s, challengeId, c);
        }
    }

    function _challenge(MarketState.State storage s, uint256 challengeId, IJobMarket.ChallengeStatus expected)
        private
        view
        returns (MarketState.ChallengeData storage c)
    {
        if (challengeId == 0 || challengeId > s.challengeCount) {
            revert IJobMarket.UnknownChallenge(challengeId);
        }
        c = s.challenges[challengeId];
        if (c.status != expected) revert IJobMarket.WrongChallengeStatus(challengeId, c.status);
    }

    /// @dev `winningWeight`: the stake of the agreeing verifiers, who share the reward by it.
    function _executorWins(
        MarketState.State storage s,
        uint256 challengeId,
        MarketState.ChallengeData storage c,
        uint256 winningWeight
    ) private {
        c.status = IJobMarket.ChallengeStatus.ExecutorWon;
        MarketState.AssignmentData storage a = s.assignments[c.assignmentId];
        a.status = IJobMarket.AssignmentStatus.Submitted; // the result stands; it settles as usual
        uint256 reward = c.bond * MarketState.VERIFIER_REWARD_BPS / MarketState.BPS;
        emit IJobMarket.ChallengeResolved(challengeId, IJobMarket.ChallengeStatus.ExecutorWon, 0);
        _reopenWindow(s, c, a);
        uint256 dust = _payVerifiers(s, challengeId, c, SIDE_AGREE, winningWeight, reward);
        s.credit(s.executorOf(a), c.bond - reward + dust);
    }

    /// @dev `verified`: decided by the verifiers; otherwise the executor never proved its leaf
    /// (then there are no verifiers, and the missed deadline also costs its ask).
    /// `winningWeight`: the stake of the disagreeing verifiers (0 without verifiers).
    function _challengerWins(
        MarketState.State storage s,
        uint256 challengeId,
        MarketState.ChallengeData storage c,
        bool verified,
        uint256 winningWeight
    ) private {
        c.status = IJobMarket.ChallengeStatus.ChallengerWon;
        uint256 assignmentId = c.assignmentId;
        MarketState.AssignmentData storage a = s.assignments[assignmentId];
        MarketState.JobData storage j = s.jobs[a.jobId];
        uint256 slashed = uint256(a.taskCount) * j.collateralPerTask;
        a.status = IJobMarket.AssignmentStatus.Rejected;
        emit IJobMarket.ChallengeResolved(challengeId, IJobMarket.ChallengeStatus.ChallengerWon, slashed);
        // The collateral comes to the market; the winning verifiers' reward is taken from it.
        // Others redo the reopened tasks: the disproved executor's ask leaves the book, and it is
        // never matched to this job again ({MarketState.failAssignment}).
        s.dropAsk(
            j.kind, s.executorOf(a), verified ? IJobMarket.AskRemoval.Disproved : IJobMarket.AskRemoval.MissedDeadline
        );
        s.failAssignment(assignmentId, a, j, c.challenger);
        _shareSlash(s, challengeId, c, slashed, verified, winningWeight);
        s.reopen(a.jobId, a.firstTask, a.taskCount, 0);
    }

    /// @dev The challenger earns a share of the slashed collateral, the verifiers another when
    /// they decided, fees the rest: were it all the challenger's, an executor could recover its
    /// collateral by challenging itself (MarketState.CHALLENGER_REWARD_BPS).
    function _shareSlash(
        MarketState.State storage s,
        uint256 challengeId,
        MarketState.ChallengeData storage c,
        uint256 slashed,
        bool verified,
        uint256 winningWeight
    ) private {
        uint256 challengerShare = slashed * MarketState.CHALLENGER_REWARD_BPS / MarketState.BPS;
        uint256 verifierShare = verified ? slashed * MarketState.VERIFIER_REWARD_BPS / MarketState.BPS : 0;
        s.feesOwed += slashed - challengerShare - verifierShare;
        uint256 dust = _payVerifiers(s, challengeId, c, SIDE_DISAGREE, winningWeight, verifierShare);
        s.credit(c.challenger, c.bond + challengerShare + dust);
    }

    function _noQuorum(MarketState.State storage s, uint256 challengeId, MarketState.ChallengeData storage c)
        private
    {
        c.status = IJobMarket.ChallengeStatus.NoQuorum;
        MarketState.AssignmentData storage a = s.assignments[c.assignmentId];
        a.status = IJobMarket.AssignmentStatus.Submitted;
        emit IJobMarket.ChallengeResolved(challengeId, IJobMarket.ChallengeStatus.NoQuorum, 0);
        _reopenWindow(s, c, a);
        uint256 forfeited = _payVerifiers(s, challengeId, c, SIDE_NONE, 0, 0);
        uint256 fee = c.bond * MarketState.NO_QUORUM_FEE_BPS / MarketState.BPS;
        s.feesOwed += fee;
        s.credit(c.challenger, c.bond - fee);
        if (forfeited != 0) s.credit(s.jobs[a.jobId].requester, forfeited);
    }

    /// @dev A challenge that did not disprove the result gives the assignment back the window time
    /// it had left when the challenge opened. Only one challenge is open at a time, so otherwise a
    /// challenge of one honest task (by the executor's second identity, for a quarter of a bond,
    /// or nothing without a quorum) would shield its forged tasks until the window ran out, and the
    /// result would settle. When it was opened (`proofDeadline - proofWindow`: the windows never
    /// change) is derived, not stored.
    function _reopenWindow(
        MarketState.State storage s,
        MarketState.ChallengeData storage c,
        MarketState.AssignmentData storage a
    ) private {
        uint256 openedAt = c.proofDeadline - s.windows.proofWindow;
        uint256 end = a.challengeEnd;
        if (end <= openedAt) return; // challenged in its window's last second: nothing was left
        // now + at most a uint32 window: 40 bits last to the year 36812.
        uint64 reopenedEnd = uint64(block.timestamp + (end - openedAt));
        a.challengeEnd = uint40(reopenedEnd);
        emit IJobMarket.ChallengeWindowReopened(c.assignmentId, reopenedEnd);
    }

    /// @dev Unlocks the winning verifiers (those who revealed on `side`) and pays them `reward`
    /// plus the locks of the others (silent, or revealed on the losing side), shared in
    /// proportion to their weights (`winningWeight` is their sum): a stake split over several
    /// identities earns no more than it would as one. With no winners, revealed verifiers are
    /// unlocked and only the silent lose their lock. Returns what the shares' rounding left (or
    /// everything, when nobody won), for the caller.
    function _payVerifiers(
        MarketState.State storage s,
        uint256 challengeId,
        MarketState.ChallengeData storage c,
        uint8 side,
        uint256 winningWeight,
        uint256 reward
    ) private returns (uint256 rest) {
        rest = reward + _unlockVerifiers(s, challengeId, c.commits, c.bond, side);
        if (winningWeight == 0) return rest;
        uint256 pool = rest;
        address[VERIFIER_CANDIDATE_SLOTS] storage list = s.verifiers[challengeId];
        for (uint256 i; i < c.commits; ++i) {
            MarketState.Verifier storage v = s.verifications[challengeId][list[i]];
            if (!_won(v, side)) continue;
            // pool and weights are below the token's supply (< 2^87): no overflow.
            uint256 share = pool * v.weight / winningWeight;
            s.credit(list[i], share);
            rest -= share;
        }
    }

    /// @dev Unlocks every committed verifier; slashes the lock of those who lost. Returns the total
    /// slashed (now held by the market).
    function _unlockVerifiers(
        MarketState.State storage s,
        uint256 challengeId,
        uint256 commits,
        uint256 bond,
        uint8 side
    ) private returns (uint256 forfeited) {
        address[VERIFIER_CANDIDATE_SLOTS] storage list = s.verifiers[challengeId];
        for (uint256 i; i < commits; ++i) {
            address verifier = list[i];
            MarketState.Verifier storage v = s.verifications[challengeId][verifier];
            s.unlock(verifier, bond);
            // Silent verifiers always lose; revealed ones lose only when a side won and it was not theirs.
            if (!v.revealed || (side != SIDE_NONE && !_won(v, side))) {
                s.registry.slash(verifier, bond);
                forfeited += bond;
            }
        }
    }

    function _won(MarketState.Verifier storage v, uint8 side) private view returns (bool) {
        return v.revealed && side != SIDE_NONE && v.agreed == (side == SIDE_AGREE);
    }
}
