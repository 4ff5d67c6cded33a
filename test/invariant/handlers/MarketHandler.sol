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
/// results (submitted, or committed and revealed); whole challenge games; settlement batches;
/// reclaims; group resolutions; finalizations; withdrawals; fees; stake and unbonding; time steps.
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

    mapping(bytes32 action => uint256 count) public calls;

    constructor(
        NeuroToken token_,
        JobMarket market_,
        NodeRegistry registry_,
        address[] memory executors_,
        address[] memory requesters_
    ) SupplyWatchingHandler(token_) {
        market = market_;
        registry = registry_;
        _executors = executors_;
        _requesters = requesters_;
    }

    modifier tracked(bytes32 action) {
        _checkSupply();
        calls[action]++;
        _;
        _checkSupply();
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
        bool open = g.commits == g.replication || block.timestamp > g.commitDeadline;
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
        bool shouldWork = !g.resolved && (g.reveals == g.replication || block.timestamp > g.revealDeadline);
        try market.resolveGroup(groupId) {
            if (!shouldWork) _unexpected("resolveGroup succeeded early or twice");
            calls["resolveGroup.ok"]++;
        } catch {
            if (shouldWork) _unexpected("resolveGroup reverted when resolvable");
        }
    }

    /// A whole challenge game in one step: the requester challenges a task of a submitted result,
    /// the executor proves the leaf it committed to, three other executors recompute the task and
    /// vote; the forger loses, the honest executor wins.
    function dispute(uint256 seed) external tracked("dispute") {
        uint256 id =
            _assignmentWith(seed, IJobMarket.AssignmentStatus.Submitted, IJobMarket.Verification.OPTIMISTIC);
        if (id == 0) return;
        IJobMarket.Assignment memory a = market.getAssignment(id);
        if (block.timestamp > a.challengeEnd) return;
        address[3] memory verifiers;
        uint256 found;
        uint256 bond = market.getJob(a.jobId).collateralPerTask;
        for (uint256 i; i < _executors.length && found < 3; ++i) {
            address e = _executors[i];
            if (e != a.executor && registry.freeStake(e) >= bond) verifiers[found++] = e;
        }
        if (found < 3) return;
        uint32 task =
            uint32(ghostForged[id] != 0 ? ghostForged[id] - 1 : a.firstTask + (seed >> 8) % a.taskCount);
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
    function playGame(uint256 challengeId, uint256 id, uint32 task, address[3] calldata verifiers) external {
        require(msg.sender == address(this), "MarketHandler: internal");
        IJobMarket.Assignment memory a = market.getAssignment(id);
        // Every argument is computed before its prank (sha256 is a precompile call).
        bytes32[] memory proof = _leaves(id, a).proof(task - a.firstTask);
        bytes32 honest = _shardHash(task);
        bytes32 claimed = ghostForged[id] == task + 1 ? _forgedHash(task) : honest;
        vm.prank(a.executor);
        market.proveTask(challengeId, claimed, proof);
        for (uint256 i; i < 3; ++i) {
            bytes32 salt = keccak256(abi.encode("verify", challengeId, verifiers[i]));
            bytes32 commitment = keccak256(abi.encode(honest, verifiers[i], salt));
            vm.prank(verifiers[i]);
            market.commitVerification(challengeId, commitment);
        }
        for (uint256 i; i < 3; ++i) {
            bytes32 salt = keccak256(abi.encode("verify", challengeId, verifiers[i]));
            vm.prank(verifiers[i]);
            market.revealVerification(challengeId, honest, salt);
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
        vm.warp(block.timestamp + _bound(seconds_, 1 minutes, 90 minutes));
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
