// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {NeuroToken} from "../../../contracts/NeuroToken.sol";
import {JobMarket} from "../../../contracts/JobMarket.sol";
import {NodeRegistry} from "../../../contracts/NodeRegistry.sol";
import {IJobMarket} from "../../../contracts/interfaces/IJobMarket.sol";
import {SupplyWatchingHandler} from "./SupplyWatchingHandler.sol";
import {MerkleTree} from "../../utils/MerkleTree.sol";

/// @notice Drives the compute market with random executors and requesters: asks placed, replaced
/// and cancelled; optimistic and replicated jobs posted, matched and cancelled; honest and cheating
/// results (submitted, or committed and revealed); whole challenge games, and challenge games step
/// by step (challenge and proof, verifier candidates from a pool that includes bare-bond sybils and
/// heavy stakers, evictions from a full list, the two-step stake-weighted draw with rescheduling,
/// reveals by the seated, resolution); settlement batches; reclaims; declines; group resolutions;
/// finalizations; withdrawals; fees; stake and unbonding; time and block steps.
/// Every action first decides whether the market *should* accept it; an accepted-but-reverting or
/// refused-but-succeeding call is recorded in `ghostUnexpected`, which an invariant checks. Ghosts
/// count how often each task was paid and whether any payment lacked an accepted result.
contract MarketHandler is SupplyWatchingHandler {
    using MerkleTree for bytes32[];

    uint256 private constant PRICE_TICK = 1e9;
    uint64 private constant UNITS = 1_000;
    string private constant CID = "bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    JobMarket public immutable market;
    NodeRegistry public immutable registry;

    address[] private _executors;
    address[] private _requesters;
    /// Who may stand as a verifier candidate: the executors and the verifier-only identities.
    address[] private _pool;

    // ------------------------------------------------------------ ghosts
    /// Times each task of each job was paid (per replica for replicated jobs).
    mapping(uint256 jobId => mapping(uint256 task => uint256 times)) public ghostTaskPaid;
    /// The most any task was paid, divided by its job's replication (must stay <= 1).
    bool public ghostTaskPaidTwice;
    /// A settlement paid an assignment whose result was not accepted (final window or group).
    bool public ghostPaidWithoutAcceptedResult;
    /// The task an assignment's executor forged (task + 1; 0 = honest).
    mapping(uint256 assignmentId => uint256 forgedTaskPlusOne) public ghostForged;
    /// Jobs the requester cancelled (the Job view keeps them Open until finalized).
    mapping(uint256 jobId => bool) public ghostCancelled;
    uint256 public ghostSettled;
    uint256 public ghostDisputes;
    /// Every account that committed to a challenge (evicted, unseated and seated alike).
    mapping(uint256 challengeId => address[]) private _ghostCandidates;
    /// The shard hash a candidate committed to (what it reveals), and its stake at the commit.
    mapping(uint256 challengeId => mapping(address verifier => bytes32)) private _ghostVote;
    mapping(uint256 challengeId => mapping(address verifier => uint256)) private _ghostWeight;
    mapping(uint256 challengeId => mapping(address verifier => bool)) private _ghostRevealed;

    mapping(bytes32 action => uint256 count) public calls;

    constructor(
        NeuroToken token_,
        JobMarket market_,
        NodeRegistry registry_,
        address[] memory executors_,
        address[] memory requesters_,
        address[] memory verifiers_
    ) SupplyWatchingHandler(token_) {
        market = market_;
        registry = registry_;
        _executors = executors_;
        _requesters = requesters_;
        _pool = executors_;
        for (uint256 i; i < verifiers_.length; ++i) {
            _pool.push(verifiers_[i]);
        }
    }

    modifier tracked(bytes32 action) {
        _checkSupply();
        calls[action]++;
        (, uint256 assignmentsBefore,,) = market.counts();
        _;
        _checkSupply();
        _checkNoExcludedAssigned(assignmentsBefore);
    }

    /// No action both excludes an executor from a job and matches that job (exclusions come from
    /// declines, reclaims and resolutions; matching from asks and posts), so every assignment an
    /// action created must go to an executor its job had not excluded.
    function _checkNoExcludedAssigned(uint256 before) internal {
        (, uint256 count,,) = market.counts();
        for (uint256 id = before + 1; id <= count; ++id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            address[] memory excluded = market.excludedExecutors(a.jobId);
            for (uint256 i; i < excluded.length; ++i) {
                if (excluded[i] == a.executor) _unexpected("an excluded executor was matched to the job again");
            }
        }
    }

    // ------------------------------------------------------------ supply

    function placeAsk(uint256 actorSeed, uint24 tick, uint32 capacity) external tracked("placeAsk") {
        address e = _executor(actorSeed);
        tick = uint24(_bound(tick, 1, 30));
        capacity = uint32(_bound(capacity, 1, 10));
        IJobMarket.Ask memory ask = market.getAsk(e, IJobMarket.JobKind.GENERATE);
        uint256 open = capacity > ask.inFlight ? capacity - ask.inFlight : 0;
        bool shouldWork = registry.freeStake(e) >= open * market.minCollateral(IJobMarket.JobKind.GENERATE);
        vm.prank(e);
        try market.placeAsk(IJobMarket.JobKind.GENERATE, tick, capacity, 8) {
            if (!shouldWork) _unexpected("placeAsk succeeded without backing");
            calls["placeAsk.ok"]++;
        } catch {
            if (shouldWork) _unexpected("placeAsk reverted with enough free stake");
        }
    }

    function cancelAsk(uint256 actorSeed) external tracked("cancelAsk") {
        address e = _executor(actorSeed);
        bool shouldWork = market.getAsk(e, IJobMarket.JobKind.GENERATE).active;
        vm.prank(e);
        try market.cancelAsk(IJobMarket.JobKind.GENERATE) {
            if (!shouldWork) _unexpected("cancelAsk succeeded without an ask");
        } catch {
            if (shouldWork) _unexpected("cancelAsk reverted with an active ask");
        }
    }

    // ------------------------------------------------------------ demand

    function postJob(uint256 actorSeed, uint32 tasks, uint24 maxTick, uint256 mode, uint256 lifetime)
        external
        tracked("postJob")
    {
        (uint256 jobs,,,) = market.counts();
        if (jobs >= 16) return; // keeps the invariant walks short
        address r = _requester(actorSeed);
        IJobMarket.JobParams memory p = IJobMarket.JobParams({
            kind: IJobMarket.JobKind.GENERATE,
            verification: mode % 3 == 0
                ? IJobMarket.Verification.REPLICATED
                : IJobMarket.Verification.OPTIMISTIC,
            replication: mode % 3 == 0 ? 3 : 1,
            taskCount: uint32(_bound(tasks, 1, 8)),
            unitsPerTask: UNITS,
            maxPriceTick: uint24(_bound(maxTick, 1, 30)),
            secondsPerTask: 20 minutes, // deadlines outlast a few time steps
            challengeWindow: mode % 3 == 0 ? 0 : 1 hours, // the deployed minimum
            deadline: uint64(block.timestamp + _bound(lifetime, 1 hours, 3 days)),
            collateralPerTask: 1e18,
            specCid: CID
        });
        uint256 before = token.balanceOf(r);
        uint256 escrow = market.escrowFor(p);
        vm.prank(r);
        try market.postJob(p, 8) returns (uint256) {
            if (before - token.balanceOf(r) != escrow) {
                _unexpected("postJob took another amount than escrowFor");
            }
            calls["postJob.ok"]++;
        } catch {
            _unexpected("postJob reverted with valid parameters");
        }
    }

    function matchJob(uint256 jobSeed) external tracked("matchJob") {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobMarket.Job memory job = market.getJob(jobId);
        bool shouldWork = job.status == IJobMarket.JobStatus.Open && !ghostCancelled[jobId];
        try market.matchJob(jobId, 8) {
            if (!shouldWork) _unexpected("matchJob succeeded on a closed job");
        } catch {
            if (shouldWork) _unexpected("matchJob reverted on an open job");
        }
    }

    function cancelJob(uint256 jobSeed) external tracked("cancelJob") {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobMarket.Job memory job = market.getJob(jobId);
        bool shouldWork = job.status == IJobMarket.JobStatus.Open && !ghostCancelled[jobId];
        vm.prank(job.requester);
        try market.cancelJob(jobId) {
            if (!shouldWork) _unexpected("cancelJob succeeded twice or after the end");
            ghostCancelled[jobId] = true;
        } catch {
            if (shouldWork) _unexpected("cancelJob reverted for the requester of an open job");
        }
    }

    // ------------------------------------------------------------ results

    /// An optimistic executor submits its root; one time in four it forges one task's shard.
    function submit(uint256 seed) external tracked("submit") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Assigned, IJobMarket.Verification.OPTIMISTIC);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        bool shouldWork = block.timestamp <= a.deadline;
        if (seed % 4 == 0) ghostForged[id] = a.firstTask + (seed >> 8) % a.taskCount + 1;
        bytes32 root = _root(id, a);
        vm.prank(a.executor);
        try market.submitResult(id, root, CID) {
            if (!shouldWork) _unexpected("submit succeeded after the deadline");
            calls["submit.ok"]++;
        } catch {
            if (shouldWork) _unexpected("submit reverted in time");
            ghostForged[id] = 0;
        }
    }

    /// A replicated executor commits; one time in four its root is wrong.
    function commit(uint256 seed) external tracked("commit") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Assigned, IJobMarket.Verification.REPLICATED);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        bool shouldWork = block.timestamp <= a.deadline;
        if (seed % 4 == 0) ghostForged[id] = a.firstTask + 1;
        bytes32 commitment = keccak256(abi.encode(_root(id, a), a.executor, _saltOf(id)));
        vm.prank(a.executor);
        try market.commitResult(id, commitment) {
            if (!shouldWork) _unexpected("commit succeeded after the deadline");
            calls["commit.ok"]++;
        } catch {
            if (shouldWork) _unexpected("commit reverted in time");
            ghostForged[id] = 0;
        }
    }

    function reveal(uint256 seed) external tracked("reveal") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Committed, IJobMarket.Verification.REPLICATED);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        IJobMarket.Group memory g = market.getGroup(a.groupId);
        bool open = g.commits + g.declines == g.replication || block.timestamp > g.commitDeadline;
        bool shouldWork = open && block.timestamp <= g.revealDeadline;
        // Arguments first: a sha256 (precompile) call between prank and call would take the prank.
        bytes32 root = _root(id, a);
        bytes32 salt = _saltOf(id);
        vm.prank(a.executor);
        try market.revealResult(id, root, CID, salt) {
            if (!shouldWork) _unexpected("reveal succeeded outside its window");
            calls["reveal.ok"]++;
        } catch {
            if (shouldWork) _unexpected("reveal reverted in its window");
        }
    }

    function resolveGroup(uint256 seed) external tracked("resolveGroup") {
        (,, uint256 groups,) = market.counts();
        if (groups == 0) return;
        uint256 groupId = 1 + seed % groups;
        IJobMarket.Group memory g = market.getGroup(groupId);
        bool shouldWork =
            !g.resolved && (g.reveals + g.declines == g.replication || block.timestamp > g.revealDeadline);
        try market.resolveGroup(groupId) {
            if (!shouldWork) _unexpected("resolveGroup succeeded early or twice");
            calls["resolveGroup.ok"]++;
        } catch {
            if (shouldWork) _unexpected("resolveGroup reverted when resolvable");
        }
    }

    /// A whole challenge game in one step: the requester challenges a task of a submitted result,
    /// the executor proves the leaf it committed to, every other executor with the free stake
    /// recomputes the task and stands as a candidate, the commit window closes, the verifiers are
    /// seated (drawn when more than three), they vote; the forger loses, the honest executor wins.
    function dispute(uint256 seed) external tracked("dispute") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Submitted, IJobMarket.Verification.OPTIMISTIC);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        if (block.timestamp > a.challengeEnd) return;
        uint256 bond = market.getJob(a.jobId).collateralPerTask;
        uint256 found;
        for (uint256 i; i < _executors.length; ++i) {
            if (_executors[i] != a.executor && registry.freeStake(_executors[i]) >= bond) ++found;
        }
        if (found < 3) return;
        address[] memory verifiers = new address[](found);
        found = 0;
        for (uint256 i; i < _executors.length; ++i) {
            address e = _executors[i];
            if (e != a.executor && registry.freeStake(e) >= bond) verifiers[found++] = e;
        }
        uint32 task = _taskToChallenge(id, a, seed);
        address challenger = market.getJob(a.jobId).requester;

        vm.prank(challenger);
        try market.challenge(id, task) returns (uint256 challengeId) {
            ghostDisputes++;
            // The rest of the game runs in a self-call so that any revert in it is recorded as a
            // surprise instead of silently undoing the whole action.
            try this.playGame(challengeId, id, task, verifiers) {
                calls["dispute.ok"]++;
            } catch {
                _unexpected("a challenge game reverted");
            }
        } catch {
            _unexpected("a challenge of a submitted result reverted in its window");
        }
    }

    /// The challenge game after the challenge (called by {dispute} only; not a fuzz target).
    function playGame(uint256 challengeId, uint256 id, uint32 task, address[] calldata verifiers) external {
        require(msg.sender == address(this), "MarketHandler: internal");
        IJobMarket.Assignment memory a = market.getAssignment(id);
        // Every argument is computed before its prank (sha256 is a precompile call).
        bytes32[] memory proof = _leaves(id, a).proof(task - a.firstTask);
        bytes32 honest = _shardHash(task);
        bytes32 claimed = ghostForged[id] == task + 1 ? _forgedHash(task) : honest;
        vm.prank(a.executor);
        market.proveTask(challengeId, claimed, proof);
        for (uint256 i; i < verifiers.length; ++i) {
            bytes32 salt = _verifySalt(challengeId, verifiers[i]);
            bytes32 commitment = keccak256(abi.encode(honest, verifiers[i], salt));
            vm.prank(verifiers[i]);
            market.commitVerification(challengeId, commitment);
            _ghostCandidates[challengeId].push(verifiers[i]);
            _ghostVote[challengeId][verifiers[i]] = honest;
        }
        vm.warp(uint256(market.getChallenge(challengeId).commitDeadline) + 1);
        market.drawVerifiers(challengeId);
        if (!market.getChallenge(challengeId).drawn) {
            _nextBlock();
            market.drawVerifiers(challengeId);
        }
        address[] memory seats = market.getVerifiers(challengeId);
        if (seats.length != (verifiers.length < 3 ? verifiers.length : 3)) {
            _unexpected("wrong number of seats");
        }
        for (uint256 i; i < seats.length; ++i) {
            bytes32 salt = _verifySalt(challengeId, seats[i]);
            vm.prank(seats[i]);
            market.revealVerification(challengeId, honest, salt);
            _ghostRevealed[challengeId][seats[i]] = true;
        }
        market.resolveChallenge(challengeId);
        IJobMarket.ChallengeStatus status = market.getChallenge(challengeId).status;
        bool forged = claimed != honest;
        if (forged && status != IJobMarket.ChallengeStatus.ChallengerWon) {
            _unexpected("a forger won a challenge");
        }
        if (!forged && status != IJobMarket.ChallengeStatus.ExecutorWon) {
            _unexpected("an honest executor lost");
        }
    }

    // ------------------------------------------------------------ challenge games step by step

    /// The requester challenges a task of a submitted optimistic result (the forged one, if any);
    /// its executor proves the leaf at once, except one time in eight (then the challenge waits
    /// for its proof deadline and the executor loses).
    function openChallenge(uint256 seed) external tracked("openChallenge") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Submitted, IJobMarket.Verification.OPTIMISTIC);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        if (block.timestamp > a.challengeEnd) return;
        uint32 task = _taskToChallenge(id, a, seed);
        bytes32[] memory proof = _leaves(id, a).proof(task - a.firstTask);
        bytes32 claimed = ghostForged[id] == task + 1 ? _forgedHash(task) : _shardHash(task);
        vm.prank(market.getJob(a.jobId).requester);
        try market.challenge(id, task) returns (uint256 challengeId) {
            ghostDisputes++;
            calls["openChallenge.ok"]++;
            if (seed % 8 == 0) return;
            vm.prank(a.executor);
            try market.proveTask(challengeId, claimed, proof) {
                calls["proveTask.ok"]++;
            } catch {
                _unexpected("proveTask of the committed leaf reverted in time");
            }
        } catch {
            _unexpected("a challenge of a submitted result reverted in its window");
        }
    }

    /// One to twelve accounts of the pool stand as candidates for a challenge: each commits to the
    /// honest shard hash, or one time in four to a wrong one. Predicts the refusals (window,
    /// executor or challenger, twice, free stake, a full list without a lighter candidate) and
    /// checks an eviction's release.
    function commitCandidate(uint256 challengeSeed, uint256 actorSeed, uint256 vote)
        external
        tracked("commitCandidate")
    {
        uint256 cid = _verifyingChallenge(challengeSeed, COMMITTING);
        if (cid == 0) return;
        uint256 count = 1 + (vote >> 8) % 12;
        for (uint256 k; k < count; ++k) {
            address who = _pool[uint256(keccak256(abi.encode(actorSeed, k))) % _pool.length];
            _commitOne(cid, who, uint256(keccak256(abi.encode(vote, k))));
        }
    }

    function _commitOne(uint256 cid, address who, uint256 vote) internal {
        IJobMarket.Challenge memory c = market.getChallenge(cid);
        uint256 weight = registry.stakeOf(who);
        (bool shouldWork, address evicted, uint256 place) = _predictCommit(cid, c, who, weight);
        uint256 evictedLock = evicted == address(0) ? 0 : market.lockedCollateral(evicted);
        bytes32 shard = vote % 4 == 0 ? _forgedHash(c.taskIndex) : _shardHash(c.taskIndex);
        bytes32 commitment = keccak256(abi.encode(shard, who, _verifySalt(cid, who)));
        vm.prank(who);
        try market.commitVerification(cid, commitment) {
            if (!shouldWork) _unexpected("commitVerification succeeded when it should not");
            _ghostCandidates[cid].push(who);
            _ghostVote[cid][who] = shard;
            _ghostWeight[cid][who] = weight;
            calls["commitCandidate.ok"]++;
            if (evicted != address(0)) {
                calls["commitCandidate.evict"]++;
                if (market.lockedCollateral(evicted) != evictedLock - c.bond) {
                    _unexpected("an evicted candidate's lock was not released once");
                }
                if (market.getVerifiers(cid)[place] != who) {
                    _unexpected("the newcomer is not in the evicted place");
                }
            }
        } catch {
            if (shouldWork) _unexpected("commitVerification reverted for an eligible candidate");
        }
    }

    /// @dev Whether `who` may commit now, and on a full list which candidate it evicts (the first
    /// of the lightest weight) at which place.
    function _predictCommit(uint256 cid, IJobMarket.Challenge memory c, address who, uint256 weight)
        internal
        view
        returns (bool shouldWork, address evicted, uint256 place)
    {
        address[] memory list = market.getVerifiers(cid);
        shouldWork = block.timestamp <= c.commitDeadline
            && who != market.getAssignment(c.assignmentId).executor && who != c.challenger
            && !_contains(list, who) && registry.freeStake(who) >= c.bond;
        if (list.length < market.VERIFIER_CANDIDATES()) return (shouldWork, address(0), 0);
        uint256 lightest = type(uint256).max;
        for (uint256 i; i < list.length; ++i) {
            uint256 w = _ghostWeight[cid][list[i]];
            if (w < lightest) (lightest, place) = (w, i);
        }
        if (weight <= lightest) return (false, address(0), 0);
        evicted = list[place];
    }

    /// Anyone calls the draw. Predicts the refusals (drawn, commit window open, too late, same
    /// block), then checks: up to three seated as they are; more, either a (re)scheduled seed block
    /// with every lock kept, or three distinct candidates seated with a fresh reveal window and
    /// exactly the others' locks released.
    function drawVerifiers(uint256 challengeSeed) external tracked("drawVerifiers") {
        uint256 cid = _verifyingChallenge(challengeSeed, DRAWING);
        if (cid == 0) return;
        _drawOnce(cid);
        // Half the time, a client whose call just fixed the seed block calls again in the next.
        IJobMarket.Challenge memory c = market.getChallenge(cid);
        if ((challengeSeed >> 128) % 2 == 1 && !c.drawn && c.drawBlock == block.number) {
            _nextBlock();
            _drawOnce(cid);
        }
    }

    function _drawOnce(uint256 cid) internal {
        IJobMarket.Challenge memory c = market.getChallenge(cid);
        address[] memory before = market.getVerifiers(cid);
        bool trivial = c.commits <= 3;
        bool ready = c.drawBlock == 0 || block.number > c.drawBlock;
        bool shouldWork = !c.drawn && block.timestamp > c.commitDeadline
            && (trivial || (block.timestamp <= c.revealDeadline && ready));
        // A real chain has every recent block's hash; the test EVM may not.
        if (c.drawBlock != 0 && block.number > c.drawBlock && block.number - c.drawBlock <= 256) {
            if (blockhash(c.drawBlock) == bytes32(0)) {
                vm.setBlockhash(c.drawBlock, keccak256(abi.encode(c.drawBlock)));
            }
        }
        bool completes = trivial || (c.drawBlock != 0 && blockhash(c.drawBlock) != bytes32(0));
        uint256[] memory locks = new uint256[](before.length);
        for (uint256 i; i < before.length; ++i) {
            locks[i] = market.lockedCollateral(before[i]);
        }
        try market.drawVerifiers(cid) {
            if (!shouldWork) _unexpected("drawVerifiers succeeded when it should not");
            _checkDraw(cid, c, before, locks, completes);
        } catch {
            if (shouldWork) _unexpected("drawVerifiers reverted when it should draw");
        }
    }

    function _checkDraw(
        uint256 cid,
        IJobMarket.Challenge memory c,
        address[] memory before,
        uint256[] memory locks,
        bool completes
    ) internal {
        IJobMarket.Challenge memory d = market.getChallenge(cid);
        address[] memory seats = market.getVerifiers(cid);
        if (!completes) {
            calls["drawVerifiers.scheduled"]++;
            if (d.drawn || d.drawBlock != block.number || seats.length != before.length) {
                _unexpected("a scheduling call did more than fix the seed block");
            }
            return;
        }
        calls["drawVerifiers.drawn"]++;
        if (before.length > 3) calls["drawVerifiers.drawnAmongMore"]++;
        if (!d.drawn || d.commits != seats.length) _unexpected("a draw left the challenge undrawn");
        if (before.length <= 3) {
            if (seats.length != before.length || d.revealDeadline != c.revealDeadline) {
                _unexpected("seating up to three changed the list or the window");
            }
        } else {
            if (seats.length != 3) _unexpected("a draw did not seat three");
            if (d.revealDeadline != block.timestamp + market.windows().verifyRevealWindow) {
                _unexpected("a draw did not open a whole reveal window");
            }
            for (uint256 i; i < seats.length; ++i) {
                if (!_contains(before, seats[i])) _unexpected("a seat went to a non-candidate");
                for (uint256 k; k < i; ++k) {
                    if (seats[i] == seats[k]) _unexpected("a candidate got two seats");
                }
            }
        }
        for (uint256 i; i < before.length; ++i) {
            uint256 expected = _contains(seats, before[i]) ? locks[i] : locks[i] - c.bond;
            if (market.lockedCollateral(before[i]) != expected) {
                _unexpected("a draw released the wrong locks");
            }
        }
    }

    /// A candidate (past or present) reveals what it committed to: only the seated, once, in the
    /// reveal window. One time in four every listed verifier tries in turn.
    function revealVerifier(uint256 challengeSeed, uint256 actorSeed) external tracked("revealVerifier") {
        uint256 cid = _verifyingChallenge(challengeSeed, REVEALING);
        if (cid == 0) return;
        address[] memory listed = market.getVerifiers(cid);
        if (actorSeed % 4 == 0) {
            for (uint256 i; i < listed.length; ++i) {
                _revealOne(cid, listed[i]);
            }
            return;
        }
        // Else one of the listed (seated, or candidates before the draw), or anyone who ever
        // committed (evicted and unseated ones included).
        address[] memory candidates = actorSeed % 4 == 1 ? listed : _ghostCandidates[cid];
        if (candidates.length == 0) return;
        _revealOne(cid, candidates[(actorSeed >> 2) % candidates.length]);
    }

    function _revealOne(uint256 cid, address who) internal {
        IJobMarket.Challenge memory c = market.getChallenge(cid);
        bool seated = (c.drawn || c.commits <= 3) && _contains(market.getVerifiers(cid), who);
        bool shouldWork = block.timestamp > c.commitDeadline && block.timestamp <= c.revealDeadline && seated
            && !_ghostRevealed[cid][who];
        bytes32 salt = _verifySalt(cid, who);
        vm.prank(who);
        try market.revealVerification(cid, _ghostVote[cid][who], salt) {
            if (!shouldWork) _unexpected("revealVerification succeeded when it should not");
            _ghostRevealed[cid][who] = true;
            calls["revealVerifier.ok"]++;
        } catch {
            if (shouldWork) _unexpected("a seated verifier's reveal reverted in its window");
        }
    }

    /// Anyone resolves a challenge. Predicts when it may, then checks each candidate's lock was
    /// released exactly once and that nobody who was never seated lost stake (the seated silent
    /// always do).
    function resolveChallenge(uint256 challengeSeed) external tracked("resolveChallenge") {
        (,,, uint256 challenges) = market.counts();
        if (challenges == 0) return;
        // Half the time one being verified, else any (resolved ones test the refusal).
        uint256 cid = challengeSeed % 2 == 0 ? _verifyingChallenge(challengeSeed >> 1, REVEALING) : 0;
        if (cid == 0) cid = 1 + (challengeSeed >> 1) % challenges;
        IJobMarket.Challenge memory c = market.getChallenge(cid);
        bool shouldWork;
        bool seated = c.drawn || (c.commits <= 3 && block.timestamp > c.commitDeadline);
        if (c.status == IJobMarket.ChallengeStatus.AwaitingProof) {
            shouldWork = block.timestamp > c.proofDeadline;
        } else if (c.status == IJobMarket.ChallengeStatus.Verifying) {
            shouldWork = (seated && c.reveals == c.commits) || block.timestamp > c.revealDeadline;
        }
        address[] memory list =
            c.status == IJobMarket.ChallengeStatus.Verifying ? market.getVerifiers(cid) : new address[](0);
        uint256[] memory locks = new uint256[](list.length);
        uint256[] memory stakes = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) {
            (locks[i], stakes[i]) = (market.lockedCollateral(list[i]), registry.stakeOf(list[i]));
        }
        try market.resolveChallenge(cid) {
            if (!shouldWork) _unexpected("resolveChallenge succeeded early or twice");
            calls["resolveChallenge.ok"]++;
            for (uint256 i; i < list.length; ++i) {
                if (market.lockedCollateral(list[i]) != locks[i] - c.bond) {
                    _unexpected("resolution did not release a candidate's lock once");
                }
                uint256 stakeNow = registry.stakeOf(list[i]);
                if (!seated && stakeNow != stakes[i]) _unexpected("a candidate never seated was slashed");
                if (seated && !_ghostRevealed[cid][list[i]] && stakeNow != stakes[i] - c.bond) {
                    _unexpected("a seated silent verifier kept its lock");
                }
            }
        } catch {
            if (shouldWork) _unexpected("resolveChallenge reverted when resolvable");
        }
    }

    /// Blocks pass (up to 300: past 256 a scheduled seed block's hash is gone).
    function roll(uint256 blocks) external tracked("roll") {
        vm.roll(block.number + _bound(blocks, 1, 300));
    }

    // ------------------------------------------------------------ settlement

    /// Settles up to four random assignments; checks each payment against what was final.
    function settle(uint256 seed) external tracked("settle") {
        (, uint256 assignments,,) = market.counts();
        if (assignments == 0) return;
        uint256[] memory ids = new uint256[](4);
        IJobMarket.AssignmentStatus[] memory before = new IJobMarket.AssignmentStatus[](4);
        bool[] memory wasFinal = new bool[](4);
        uint256 expected;
        for (uint256 i; i < 4; ++i) {
            ids[i] = 1 + uint256(keccak256(abi.encode(seed, i))) % assignments;
            IJobMarket.Assignment memory a = market.getAssignment(ids[i]);
            before[i] = a.status;
            bool repeat;
            for (uint256 k; k < i; ++k) {
                if (ids[k] == ids[i]) repeat = true;
            }
            wasFinal[i] = !repeat
                && ((a.status == IJobMarket.AssignmentStatus.Submitted && block.timestamp > a.challengeEnd)
                    || a.status == IJobMarket.AssignmentStatus.Accepted);
            if (wasFinal[i]) expected++;
        }
        try market.settle(ids) returns (uint256 settled) {
            if (settled != expected) _unexpected("settle paid another number than were final");
            for (uint256 i; i < 4; ++i) {
                // A repeated id shares its first occurrence's fate: only that one is judged.
                bool repeat;
                for (uint256 k; k < i; ++k) {
                    if (ids[k] == ids[i]) repeat = true;
                }
                if (repeat) continue;
                IJobMarket.Assignment memory a = market.getAssignment(ids[i]);
                bool paidNow = a.status == IJobMarket.AssignmentStatus.Settled
                    && before[i] != IJobMarket.AssignmentStatus.Settled;
                if (!paidNow) continue;
                if (!wasFinal[i]) ghostPaidWithoutAcceptedResult = true;
                _recordPaid(a);
            }
            ghostSettled += settled;
        } catch {
            _unexpected("settle reverted");
        }
    }

    function reclaim(uint256 seed) external tracked("reclaim") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Assigned, IJobMarket.Verification.OPTIMISTIC);
        if (id == 0) return;
        bool shouldWork = block.timestamp > market.getAssignment(id).deadline;
        try market.reclaim(id) {
            if (!shouldWork) _unexpected("reclaim succeeded before the deadline");
            calls["reclaim.ok"]++;
        } catch {
            if (shouldWork) _unexpected("reclaim reverted past the deadline");
        }
    }

    /// The executor hands back an assignment it has not submitted or committed (optimistic or a
    /// replica): it works exactly until the deadline, costs exactly its share of the collateral
    /// (nothing within half of one task's time after the match) and excludes the executor.
    function decline(uint256 seed) external tracked("decline") {
        IJobMarket.Verification mode =
            seed % 2 == 0 ? IJobMarket.Verification.OPTIMISTIC : IJobMarket.Verification.REPLICATED;
        // Mostly the newest one (likely still free to decline), else any (likely late or expired).
        uint256 id = seed % 8 < 6
            ? _newestAssigned(mode)
            : _assignmentWith(seed / 2, IJobMarket.AssignmentStatus.Assigned, mode);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        IJobMarket.Job memory job = market.getJob(a.jobId);
        // Free for half of one task's time after the match, then a share of the collateral growing
        // linearly to half of it at the deadline; refused after the deadline.
        uint256 freeUntil = a.deadline - uint256(job.secondsPerTask) * a.taskCount + job.secondsPerTask / 2;
        bool shouldWork = block.timestamp <= a.deadline;
        uint256 penalty = !shouldWork || block.timestamp <= freeUntil
            ? 0
            : a.taskCount * job.collateralPerTask * 5_000 * (block.timestamp - freeUntil)
                / (10_000 * (a.deadline - freeUntil));
        uint256 stake = registry.stakeOf(a.executor);
        uint256 fees = market.feesOwed();
        vm.prank(a.executor);
        try market.declineAssignment(id) {
            if (!shouldWork) _unexpected("decline succeeded after the deadline");
            // Compared without subtracting: an underflow would revert the handler call unseen.
            if (registry.stakeOf(a.executor) + penalty != stake || market.feesOwed() != fees + penalty) {
                _unexpected("a decline cost other than its share of the collateral");
            }
            if (!_excludes(a.jobId, a.executor)) _unexpected("a declining executor was not excluded from the job");
            calls[mode == IJobMarket.Verification.OPTIMISTIC ? bytes32("decline.ok") : bytes32("decline.replica.ok")]++;
            if (penalty != 0) calls["decline.late"]++;
        } catch {
            if (shouldWork) _unexpected("decline reverted before the deadline");
        }
    }

    function _excludes(uint256 jobId, address executor) internal view returns (bool) {
        address[] memory excluded = market.excludedExecutors(jobId);
        for (uint256 i; i < excluded.length; ++i) {
            if (excluded[i] == executor) return true;
        }
        return false;
    }

    function finalize(uint256 jobSeed) external tracked("finalize") {
        uint256 jobId = _job(jobSeed);
        if (jobId == 0) return;
        IJobMarket.Job memory job = market.getJob(jobId);
        bool stopped = ghostCancelled[jobId] || block.timestamp > job.deadline;
        bool shouldWork = job.status == IJobMarket.JobStatus.Open && job.openAssignments == 0
            && (job.tasksUnassigned == 0 || stopped);
        try market.finalizeJob(jobId) {
            if (!shouldWork) _unexpected("finalize succeeded with work pending");
            calls["finalize.ok"]++;
        } catch {
            if (shouldWork) _unexpected("finalize reverted on a finished job");
        }
    }

    function withdraw(uint256 actorSeed) external tracked("withdraw") {
        address who = actorSeed % 2 == 0 ? _executor(actorSeed >> 1) : _requester(actorSeed >> 1);
        uint256 owed = market.credits(who);
        uint256 before = token.balanceOf(who);
        vm.prank(who);
        try market.withdraw() returns (uint256 amount) {
            if (owed == 0) _unexpected("withdraw paid with nothing owed");
            if (amount != owed || token.balanceOf(who) - before != owed) {
                _unexpected("withdraw paid the wrong amount");
            }
        } catch {
            if (owed != 0) _unexpected("withdraw reverted with credit owed");
        }
    }

    function distributeFees() external tracked("distributeFees") {
        bool shouldWork = market.feesOwed() != 0;
        try market.distributeFees() {
            if (!shouldWork) _unexpected("distributeFees succeeded with nothing owed");
        } catch {
            if (shouldWork) _unexpected("distributeFees reverted with fees owed");
        }
    }

    // ------------------------------------------------------------ stake

    function unbond(uint256 actorSeed, uint256 amount) external tracked("unbond") {
        address e = _executor(actorSeed);
        uint256 free = registry.freeStake(e);
        amount = _bound(amount, 1, 2_000e18);
        bool shouldWork = amount <= free;
        vm.prank(e);
        try registry.requestUnbond(amount) {
            if (!shouldWork) _unexpected("unbond of locked or missing stake");
        } catch {
            if (shouldWork) _unexpected("unbond of free stake reverted");
        }
    }

    function withdrawUnbonded(uint256 actorSeed) external tracked("withdrawUnbonded") {
        address e = _executor(actorSeed);
        NodeRegistryView memory n = _nodeView(e);
        bool shouldWork = n.unbonding != 0 && block.timestamp >= n.readyAt;
        vm.prank(e);
        try registry.withdrawUnbonded() {
            if (!shouldWork) _unexpected("withdrawUnbonded succeeded early");
        } catch {
            if (shouldWork) _unexpected("withdrawUnbonded reverted when ready");
        }
    }

    function restake(uint256 actorSeed, uint256 amount) external tracked("restake") {
        address e = _executor(actorSeed);
        amount = _bound(amount, 1, 1_000e18);
        if (token.balanceOf(e) < amount) return;
        vm.startPrank(e);
        token.approve(address(registry), amount);
        registry.stake(amount);
        vm.stopPrank();
    }

    function warp(uint256 seconds_) external tracked("warp") {
        // Up to 90 minutes: several steps end a challenge window (1 hour) or an assignment's
        // deadline (20 minutes a task), and most results still arrive in time.
        seconds_ = _bound(seconds_, 1 minutes, 90 minutes);
        vm.warp(block.timestamp + seconds_);
        vm.roll(block.number + 1 + seconds_ / 12); // blocks follow time (12 s a block)
    }

    /// Up to 13 hours at once: the verifiers' commit and reveal windows (12 hours each) close.
    function warpLong(uint256 seconds_) external tracked("warpLong") {
        seconds_ = _bound(seconds_, 1 hours, 13 hours);
        vm.warp(block.timestamp + seconds_);
        vm.roll(block.number + 1 + seconds_ / 12);
    }

    // ------------------------------------------------------------ driving everything home

    /// Past every deadline, permissionless calls end every assignment, group and job; returns
    /// whether each call behaved (the invariant suite asserts on the state afterwards).
    function driveHome() external {
        vm.warp(block.timestamp + 30 days);
        (uint256 jobs, uint256 assignments, uint256 groups, uint256 challenges) = market.counts();
        for (uint256 c = 1; c <= challenges; ++c) {
            IJobMarket.ChallengeStatus s = market.getChallenge(c).status;
            if (s == IJobMarket.ChallengeStatus.AwaitingProof || s == IJobMarket.ChallengeStatus.Verifying) {
                market.resolveChallenge(c);
            }
        }
        // A challenge that did not disprove its result gave the window back what it had left
        // (ChallengeWindowReopened, at most the longest window): wait that out too.
        vm.warp(block.timestamp + 30 days);
        for (uint256 g = 1; g <= groups; ++g) {
            if (!market.getGroup(g).resolved) market.resolveGroup(g);
        }
        for (uint256 id = 1; id <= assignments; ++id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            if (a.status == IJobMarket.AssignmentStatus.Assigned && a.groupId == 0) market.reclaim(id);
            if (
                a.status == IJobMarket.AssignmentStatus.Submitted
                    || a.status == IJobMarket.AssignmentStatus.Accepted
            ) {
                uint256[] memory one = new uint256[](1);
                one[0] = id;
                if (market.settle(one) == 1) _recordPaid(market.getAssignment(id));
            }
        }
        for (uint256 j = 1; j <= jobs; ++j) {
            if (market.getJob(j).status == IJobMarket.JobStatus.Open) market.finalizeJob(j);
        }
    }

    // ------------------------------------------------------------ views for the invariant suite

    function executors() external view returns (address[] memory) {
        return _executors;
    }

    /// Everyone who may stand as a verifier candidate (the executors first).
    function pool() external view returns (address[] memory) {
        return _pool;
    }

    function requesters() external view returns (address[] memory) {
        return _requesters;
    }

    // ------------------------------------------------------------ internal

    function _recordPaid(IJobMarket.Assignment memory a) internal {
        IJobMarket.Job memory job = market.getJob(a.jobId);
        for (uint256 t = a.firstTask; t < a.firstTask + a.taskCount; ++t) {
            uint256 times = ++ghostTaskPaid[a.jobId][t];
            if (times > job.replication) ghostTaskPaidTwice = true;
        }
        // Paid means accepted: an optimistic result past an unchallenged (or won) window, or the
        // group's majority root.
        if (a.groupId != 0) {
            if (market.getGroup(a.groupId).winningRoot != a.root) ghostPaidWithoutAcceptedResult = true;
        } else if (a.root == bytes32(0)) {
            ghostPaidWithoutAcceptedResult = true;
        }
    }

    struct NodeRegistryView {
        uint256 unbonding;
        uint64 readyAt;
    }

    function _nodeView(address e) internal view returns (NodeRegistryView memory v) {
        v.unbonding = registry.getNode(e).unbonding;
        v.readyAt = registry.getNode(e).unbondingReadyAt;
    }

    function _executor(uint256 seed) internal view returns (address) {
        return _executors[seed % _executors.length];
    }

    function _requester(uint256 seed) internal view returns (address) {
        return _requesters[seed % _requesters.length];
    }

    function _job(uint256 seed) internal view returns (uint256) {
        (uint256 jobs,,,) = market.counts();
        return jobs == 0 ? 0 : 1 + seed % jobs;
    }

    /// @dev An assignment in `status` of a job with `verification`, searched from a random start
    /// (0 if none).
    function _newestAssigned(IJobMarket.Verification verification) internal view returns (uint256) {
        (, uint256 assignments,,) = market.counts();
        for (uint256 id = assignments; id > 0; --id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            if (
                a.status == IJobMarket.AssignmentStatus.Assigned
                    && (a.groupId != 0) == (verification == IJobMarket.Verification.REPLICATED)
            ) {
                return id;
            }
        }
        return 0;
    }

    function _assignmentWith(
        uint256 seed,
        IJobMarket.AssignmentStatus status,
        IJobMarket.Verification verification
    ) internal view returns (uint256) {
        (, uint256 assignments,,) = market.counts();
        if (assignments == 0) return 0;
        uint256 start = seed % assignments;
        for (uint256 i; i < assignments; ++i) {
            uint256 id = 1 + (start + i) % assignments;
            IJobMarket.Assignment memory a = market.getAssignment(id);
            if (
                a.status == status && (a.groupId != 0) == (verification == IJobMarket.Verification.REPLICATED)
            ) {
                return id;
            }
        }
        return 0;
    }

    /// @dev The task a challenge of `id` picks: the forged one if any, else one from the seed.
    function _taskToChallenge(uint256 id, IJobMarket.Assignment memory a, uint256 seed)
        internal
        view
        returns (uint32)
    {
        return uint32(ghostForged[id] != 0 ? ghostForged[id] - 1 : a.firstTask + (seed >> 8) % a.taskCount);
    }

    /// @dev A challenge in `status`, searched from a random start (0 if none).
    function _challengeWith(uint256 seed, IJobMarket.ChallengeStatus status) internal view returns (uint256) {
        (,,, uint256 challenges) = market.counts();
        if (challenges == 0) return 0;
        uint256 start = seed % challenges;
        for (uint256 i; i < challenges; ++i) {
            uint256 id = 1 + (start + i) % challenges;
            if (market.getChallenge(id).status == status) return id;
        }
        return 0;
    }

    /// The phases {_verifyingChallenge} looks for.
    uint8 private constant COMMITTING = 0; // commit window open (even seeds: the longest list)
    uint8 private constant DRAWING = 1; // commit window closed, candidates, not drawn, not too late
    uint8 private constant REVEALING = 2; // seated (or seatable) verifiers inside the reveal window

    /// @dev A challenge being verified in `phase`, searched from a random start; else any being
    /// verified (the calls then test the refusals); 0 if none.
    function _verifyingChallenge(uint256 seed, uint8 phase) internal view returns (uint256) {
        (,,, uint256 challenges) = market.counts();
        if (challenges == 0) return 0;
        uint256 start = seed % challenges;
        (uint256 found, uint256 fallback_, uint256 longest) = (0, 0, 0);
        for (uint256 i; i < challenges; ++i) {
            uint256 id = 1 + (start + i) % challenges;
            IJobMarket.Challenge memory c = market.getChallenge(id);
            if (c.status != IJobMarket.ChallengeStatus.Verifying) continue;
            if (fallback_ == 0) fallback_ = id;
            bool open = block.timestamp <= c.commitDeadline;
            bool inTime = block.timestamp <= c.revealDeadline;
            bool wanted = phase == COMMITTING
                ? open
                : !open && inTime && c.commits != 0
                    && (phase == DRAWING ? !c.drawn : c.drawn || c.commits <= 3);
            if (!wanted) continue;
            if (phase != COMMITTING || seed % 2 == 1) return id;
            if (found == 0 || c.commits > longest) (found, longest) = (id, c.commits);
        }
        return found != 0 ? found : fallback_;
    }

    /// @dev The next block, with a hash for the one just left (the test EVM may have none).
    function _nextBlock() internal {
        uint256 previous = block.number;
        vm.roll(previous + 1);
        if (blockhash(previous) == bytes32(0)) vm.setBlockhash(previous, keccak256(abi.encode(previous)));
    }

    function _contains(address[] memory list, address who) internal pure returns (bool) {
        for (uint256 i; i < list.length; ++i) {
            if (list[i] == who) return true;
        }
        return false;
    }

    function _verifySalt(uint256 challengeId, address verifier) internal pure returns (bytes32) {
        return keccak256(abi.encode("verify", challengeId, verifier));
    }

    function _shardHash(uint256 task) internal pure returns (bytes32) {
        return sha256(bytes(string.concat("shard-", vm.toString(task))));
    }

    function _forgedHash(uint256 task) internal pure returns (bytes32) {
        return sha256(bytes(string.concat("forged-", vm.toString(task))));
    }

    /// @dev The leaves the executor of `id` built: honest, except the one it forged.
    function _leaves(uint256 id, IJobMarket.Assignment memory a)
        internal
        view
        returns (bytes32[] memory leaves)
    {
        leaves = new bytes32[](a.taskCount);
        uint256 forged = ghostForged[id];
        for (uint256 i; i < a.taskCount; ++i) {
            uint256 t = a.firstTask + i;
            leaves[i] = MerkleTree.leaf(t, forged == t + 1 ? _forgedHash(t) : _shardHash(t));
        }
    }

    function _root(uint256 id, IJobMarket.Assignment memory a) internal view returns (bytes32) {
        return _leaves(id, a).root();
    }

    function _saltOf(uint256 id) internal pure returns (bytes32) {
        return keccak256(abi.encode("result", id));
    }
}
