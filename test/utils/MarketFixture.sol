// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {NodeRegistry} from "../../contracts/NodeRegistry.sol";
import {JobMarket} from "../../contracts/JobMarket.sol";
import {SaleFixture} from "./SaleFixture.sol";
import {MerkleTree} from "./MerkleTree.sol";

/// @notice The whole platform (token, sale, burn schedule, NodeRegistry, JobMarket) deployed through
/// script/lib/PlatformDeployer.sol, the library the deploy script uses, plus six registered and
/// staked executors and two funded requesters, and helpers that speak the market's formats:
/// Merkle roots over shard hashes (IJobMarket NatSpec), result and verification commitments with
/// salts derived the way executors derive them (market-common decision 5), and the time windows.
/// Expected values (prices, windows, commission) are written out here, independently of the
/// deploy library, so a drift there fails the tests.
abstract contract MarketFixture is SaleFixture {
    // ------------------------------------------------------------ market configuration
    // The deployed terms (UNBONDING_DELAY, the windows, COMMISSION_BPS, BURN_SHARE_BPS,
    // MIN_COLLATERAL, marketOwner, treasury) are SaleFixture's: it deploys the market through
    // PlatformDeployer with them. PRICE_TICK is the market's unit, written out here.
    uint256 internal constant PRICE_TICK = 1e9;

    // ------------------------------------------------------------ defaults of the helpers
    uint256 internal constant EXECUTOR_FUNDS = 100_000e18;
    uint256 internal constant EXECUTOR_STAKE = 10_000e18;
    uint256 internal constant REQUESTER_FUNDS = 1_000_000e18;
    uint32 internal constant CAPACITY = 100;
    uint64 internal constant UNITS = 1_000; // compute units per task
    uint32 internal constant SECONDS_PER_TASK = 60;
    uint32 internal constant CHALLENGE_WINDOW = MIN_CHALLENGE_WINDOW;
    uint64 internal constant JOB_LIFETIME = 1 days;
    uint256 internal constant MAX_ASSIGNMENTS = 16;
    string internal constant SPEC_CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    string internal constant RESULT_CID = "bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    IJobMarket.JobKind internal constant GENERATE = IJobMarket.JobKind.GENERATE;
    IJobMarket.Verification internal constant OPTIMISTIC = IJobMarket.Verification.OPTIMISTIC;
    IJobMarket.Verification internal constant REPLICATED = IJobMarket.Verification.REPLICATED;

    // ------------------------------------------------------------ deployed market
    // Short names for SaleFixture's nodeRegistry and jobMarket (deployed by PlatformDeployer).
    NodeRegistry internal registry;
    JobMarket internal market;
    address internal feeTreasury;

    // ------------------------------------------------------------ actors
    uint256 internal constant EXECUTOR_COUNT = 6;
    address[EXECUTOR_COUNT] internal executors;
    uint256[EXECUTOR_COUNT] internal executorKeys;
    address internal requester = makeAddr("requester");
    address internal requester2 = makeAddr("requester2");
    address internal stranger = makeAddr("stranger");
    /// Keys of the executors {_newExecutor} made, so their commit salts derive like the fixture's.
    mapping(address who => uint256 key) internal extraKeys;

    function setUp() public virtual override {
        super.setUp();
        _deployMarket();
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            (executors[i], executorKeys[i]) = makeAddrAndKey(string.concat("executor", vm.toString(i)));
            _fund(executors[i], EXECUTOR_FUNDS);
            _registerAndStake(executors[i], EXECUTOR_STAKE);
        }
        _fund(requester, REQUESTER_FUNDS);
        _fund(requester2, REQUESTER_FUNDS);
        _approveMarket(requester);
        _approveMarket(requester2);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            _approveMarket(executors[i]); // executors post challenge bonds
        }
    }

    /// @dev The registry and market come from SaleFixture's deployment through PlatformDeployer,
    /// the library the deploy script uses, so the tests exercise exactly what gets deployed.
    function _deployMarket() internal virtual {
        registry = nodeRegistry;
        market = jobMarket;
        feeTreasury = treasury;
    }

    // ------------------------------------------------------------ configuration

    function _windows() internal pure returns (IJobMarket.Windows memory) {
        return IJobMarket.Windows({
            proofWindow: PROOF_WINDOW,
            verifyCommitWindow: VERIFY_COMMIT_WINDOW,
            verifyRevealWindow: VERIFY_REVEAL_WINDOW,
            revealWindow: REVEAL_WINDOW,
            minChallengeWindow: MIN_CHALLENGE_WINDOW,
            maxChallengeWindow: MAX_CHALLENGE_WINDOW,
            minSecondsPerTask: MIN_SECONDS_PER_TASK
        });
    }

    // ------------------------------------------------------------ actors

    /// @dev Moves `amount` NTK from the genesis liquidity reserve to `to`.
    function _fund(address to, uint256 amount) internal {
        vm.prank(liquidityReserve);
        token.transfer(to, amount);
    }

    function _approveMarket(address who) internal {
        vm.prank(who);
        token.approve(address(market), type(uint256).max);
    }

    function _capabilities() internal pure returns (INodeRegistry.Capabilities memory) {
        return INodeRegistry.Capabilities({
            computeUnitsPerSecond: 10_000,
            accelerator: 0,
            backend: 1,
            memoryMiB: 8_192,
            bandwidthMbps: 100,
            storageGiB: 50
        });
    }

    function _registerAndStake(address who, uint256 amount) internal {
        vm.startPrank(who);
        registry.register(_capabilities(), "bafkreinodemetadata");
        token.approve(address(registry), amount);
        registry.stake(amount);
        vm.stopPrank();
    }

    /// @dev A new executor, funded, registered and staked.
    function _newExecutor(string memory name, uint256 stakeAmount) internal returns (address who) {
        uint256 key;
        (who, key) = makeAddrAndKey(name);
        extraKeys[who] = key;
        _fund(who, stakeAmount + 1_000e18);
        _registerAndStake(who, stakeAmount);
        _approveMarket(who);
    }

    // ------------------------------------------------------------ asks and jobs

    function _ask(address executor, uint24 priceTick, uint32 capacity) internal {
        vm.prank(executor);
        market.placeAsk(GENERATE, priceTick, capacity, MAX_ASSIGNMENTS);
    }

    /// @dev Default optimistic job params: `taskCount` tasks of UNITS units at `maxPriceTick`.
    function _params(uint32 taskCount, uint24 maxPriceTick)
        internal
        view
        returns (IJobMarket.JobParams memory)
    {
        return IJobMarket.JobParams({
            kind: GENERATE,
            verification: OPTIMISTIC,
            replication: 1,
            taskCount: taskCount,
            unitsPerTask: UNITS,
            maxPriceTick: maxPriceTick,
            secondsPerTask: SECONDS_PER_TASK,
            challengeWindow: CHALLENGE_WINDOW,
            deadline: uint64(block.timestamp) + JOB_LIFETIME,
            collateralPerTask: MIN_COLLATERAL,
            specCid: SPEC_CID
        });
    }

    function _replicatedParams(uint32 taskCount, uint24 maxPriceTick, uint8 replication)
        internal
        view
        returns (IJobMarket.JobParams memory p)
    {
        p = _params(taskCount, maxPriceTick);
        p.verification = REPLICATED;
        p.replication = replication;
        p.challengeWindow = 0;
    }

    function _post(IJobMarket.JobParams memory p) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = market.postJob(p, MAX_ASSIGNMENTS);
    }

    function _postAs(address who, IJobMarket.JobParams memory p) internal returns (uint256 jobId) {
        vm.prank(who);
        jobId = market.postJob(p, MAX_ASSIGNMENTS);
    }

    // ------------------------------------------------------------ money (market-common decision 2)

    /// @dev Escrow at post: tasks x replication x units x maxPrice, plus commission, rounded up.
    function _escrow(uint256 taskCount, uint256 replication, uint256 units, uint256 maxTick, uint256 bps)
        internal
        pure
        returns (uint256)
    {
        uint256 gross = taskCount * replication * units * maxTick * PRICE_TICK * (10_000 + bps);
        return (gross + 9_999) / 10_000;
    }

    function _escrowOf(IJobMarket.JobParams memory p) internal pure returns (uint256) {
        return _escrow(p.taskCount, p.replication, p.unitsPerTask, p.maxPriceTick, COMMISSION_BPS);
    }

    /// @dev What an assignment pays its executor: tasks x units x its ask's price.
    function _cost(uint256 taskCount, uint256 units, uint256 tick) internal pure returns (uint256) {
        return taskCount * units * tick * PRICE_TICK;
    }

    /// @dev Commission on a payment, rounded down.
    function _fee(uint256 cost) internal pure returns (uint256) {
        return cost * COMMISSION_BPS / 10_000;
    }

    // ------------------------------------------------------------ results (market-common decision 4)

    /// @dev The honest shard hash of `task`: sha256 of the ASCII "shard-<task>", the shared test
    /// vectors of market-common decision 4 (test/market/merkleVectors.json), so an assignment of
    /// tasks 0..4 has the pinned root. The job does not enter: every job's task t "generates" the
    /// same bytes here, which the market cannot tell apart from real shards.
    function _shardHash(uint256, uint256 task) internal pure returns (bytes32) {
        return sha256(bytes(string.concat("shard-", vm.toString(task))));
    }

    /// @dev The leaves of tasks [first, first + count) with honest shard hashes.
    function _leaves(uint256 jobId, uint256 first, uint256 count)
        internal
        pure
        returns (bytes32[] memory leaves)
    {
        leaves = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            leaves[i] = MerkleTree.leaf(first + i, _shardHash(jobId, first + i));
        }
    }

    /// @dev The honest root of an assignment.
    function _honestRoot(uint256 assignmentId) internal view returns (bytes32) {
        IJobMarket.Assignment memory a = market.getAssignment(assignmentId);
        return MerkleTree.root(_leaves(a.jobId, a.firstTask, a.taskCount));
    }

    /// @dev A root whose leaf for `badTask` carries a wrong shard hash (a cheating executor).
    function _cheatingRoot(uint256 assignmentId, uint256 badTask) internal view returns (bytes32) {
        IJobMarket.Assignment memory a = market.getAssignment(assignmentId);
        bytes32[] memory leaves = _leaves(a.jobId, a.firstTask, a.taskCount);
        leaves[badTask - a.firstTask] = MerkleTree.leaf(badTask, _wrongShardHash(a.jobId, badTask));
        return MerkleTree.root(leaves);
    }

    function _wrongShardHash(uint256 jobId, uint256 task) internal pure returns (bytes32) {
        return sha256(abi.encodePacked("forged", jobId, task));
    }

    /// @dev The honest proof of `task` in its assignment.
    function _honestProof(uint256 assignmentId, uint256 task) internal view returns (bytes32[] memory) {
        IJobMarket.Assignment memory a = market.getAssignment(assignmentId);
        return MerkleTree.proof(_leaves(a.jobId, a.firstTask, a.taskCount), task - a.firstTask);
    }

    /// @dev The cheater's proof of `badTask` (against its cheating root, with the forged hash).
    function _cheatingProof(uint256 assignmentId, uint256 badTask) internal view returns (bytes32[] memory) {
        IJobMarket.Assignment memory a = market.getAssignment(assignmentId);
        bytes32[] memory leaves = _leaves(a.jobId, a.firstTask, a.taskCount);
        leaves[badTask - a.firstTask] = MerkleTree.leaf(badTask, _wrongShardHash(a.jobId, badTask));
        return MerkleTree.proof(leaves, badTask - a.firstTask);
    }

    function _submitHonest(uint256 assignmentId) internal {
        IJobMarket.Assignment memory a = market.getAssignment(assignmentId);
        bytes32 root = _honestRoot(assignmentId);
        vm.prank(a.executor);
        market.submitResult(assignmentId, root, RESULT_CID);
    }

    // ------------------------------------------------------------ commit salts (market-common decision 5)

    /// @dev secret = keccak256(signature of "neuromation executor commit secret v1") by the key.
    function _secret(address executor) internal view returns (bytes32) {
        uint256 key = _keyOf(executor);
        bytes32 digest =
            MessageHashUtils.toEthSignedMessageHash(bytes("neuromation executor commit secret v1"));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return keccak256(abi.encodePacked(r, s, v));
    }

    function _salt(address executor, string memory purpose, uint256 id) internal view returns (bytes32) {
        return keccak256(abi.encode(_secret(executor), block.chainid, address(market), purpose, id));
    }

    function _resultCommitment(bytes32 root, address executor, bytes32 salt) internal pure returns (bytes32) {
        return keccak256(abi.encode(root, executor, salt));
    }

    function _verificationCommitment(bytes32 shardHash, address verifier, bytes32 salt)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(shardHash, verifier, salt));
    }

    /// @dev Commits `root` for a replicated assignment with the executor's derived salt.
    function _commit(uint256 assignmentId, bytes32 root) internal {
        address executor = market.getAssignment(assignmentId).executor;
        bytes32 salt = _salt(executor, "result", assignmentId);
        vm.prank(executor);
        market.commitResult(assignmentId, _resultCommitment(root, executor, salt));
    }

    function _reveal(uint256 assignmentId, bytes32 root) internal {
        address executor = market.getAssignment(assignmentId).executor;
        bytes32 salt = _salt(executor, "result", assignmentId);
        vm.prank(executor);
        market.revealResult(assignmentId, root, RESULT_CID, salt);
    }

    function _commitVerification(uint256 challengeId, address verifier, bytes32 shardHash) internal {
        bytes32 salt = _salt(verifier, "verify", challengeId);
        vm.prank(verifier);
        market.commitVerification(challengeId, _verificationCommitment(shardHash, verifier, salt));
    }

    function _revealVerification(uint256 challengeId, address verifier, bytes32 shardHash) internal {
        bytes32 salt = _salt(verifier, "verify", challengeId);
        vm.prank(verifier);
        market.revealVerification(challengeId, shardHash, salt);
    }

    function _keyOf(address executor) internal view returns (uint256) {
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            if (executors[i] == executor) return executorKeys[i];
        }
        if (extraKeys[executor] != 0) return extraKeys[executor];
        revert("MarketFixture: not a fixture executor");
    }

    // ------------------------------------------------------------ verifier draw

    /// @dev To the first second after `challengeId`'s commit deadline: the candidate list is final,
    /// reveals and the draw open.
    function _warpPastCommitDeadline(uint256 challengeId) internal {
        vm.warp(uint256(market.getChallenge(challengeId).commitDeadline) + 1);
    }

    /// @dev Seats the verifiers the way a client does once the commit window has closed: one
    /// {IJobMarket.drawVerifiers} call for up to VERIFIERS candidates, otherwise one that fixes the
    /// seed block and one in the next block. Returns the seated verifiers.
    function _drawVerifiers(uint256 challengeId) internal returns (address[] memory) {
        if (block.timestamp <= market.getChallenge(challengeId).commitDeadline) {
            _warpPastCommitDeadline(challengeId);
        }
        market.drawVerifiers(challengeId);
        if (!market.getChallenge(challengeId).drawn) {
            uint256 drawBlock = block.number;
            vm.roll(drawBlock + 1);
            // A real chain has a hash for every block; give the seed block one if the test EVM has none.
            if (blockhash(drawBlock) == bytes32(0)) {
                vm.setBlockhash(drawBlock, keccak256(abi.encode("MarketFixture seed block", drawBlock)));
            }
            market.drawVerifiers(challengeId);
        }
        return market.getVerifiers(challengeId);
    }

    // ------------------------------------------------------------ books

    /// @dev The market holds exactly what it owes: `jobId`'s escrow, the bonds of open challenges,
    /// the credits of `accounts` and the fees owed (verifier locks stay in the registry).
    function _assertMarketOwes(uint256 jobId, address[] memory accounts) internal view {
        uint256 owed = market.feesOwed() + market.getJob(jobId).escrow;
        for (uint256 i; i < accounts.length; ++i) {
            owed += market.credits(accounts[i]);
        }
        (,,, uint256 challenges) = market.counts();
        for (uint256 id = 1; id <= challenges; ++id) {
            IJobMarket.Challenge memory c = market.getChallenge(id);
            if (
                c.status == IJobMarket.ChallengeStatus.AwaitingProof
                    || c.status == IJobMarket.ChallengeStatus.Verifying
            ) {
                owed += c.bond;
            }
        }
        assertEq(token.balanceOf(address(market)), owed, "market NTK == escrow + bonds + credits + fees");
    }

    // ------------------------------------------------------------ settlement

    function _settleOne(uint256 assignmentId) internal returns (uint256) {
        uint256[] memory ids = new uint256[](1);
        ids[0] = assignmentId;
        return market.settle(ids);
    }

    function _ids(uint256 a) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](1);
        ids[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](2);
        (ids[0], ids[1]) = (a, b);
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory ids) {
        ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
    }

    // ------------------------------------------------------------ time

    function _warpBy(uint256 seconds_) internal {
        vm.warp(block.timestamp + seconds_);
    }

    /// @dev To the first second after `assignmentId`'s submission (or commit) deadline.
    function _warpPastDeadline(uint256 assignmentId) internal {
        vm.warp(uint256(market.getAssignment(assignmentId).deadline) + 1);
    }

    /// @dev To the first second after `assignmentId`'s challenge window.
    function _warpPastChallengeWindow(uint256 assignmentId) internal {
        vm.warp(uint256(market.getAssignment(assignmentId).challengeEnd) + 1);
    }

    function _warpPastJobDeadline(uint256 jobId) internal {
        vm.warp(uint256(market.getJob(jobId).deadline) + 1);
    }

    // ------------------------------------------------------------ views

    function _nextJobId() internal view returns (uint256) {
        (uint256 jobs,,,) = market.counts();
        return jobs + 1;
    }

    function _assignmentCount() internal view returns (uint256 n) {
        (, n,,) = market.counts();
    }

    function _challengeCount() internal view returns (uint256 n) {
        (,,, n) = market.counts();
    }

    function _groupCount() internal view returns (uint256 n) {
        (,, n,) = market.counts();
    }

    // ------------------------------------------------------------ shorthand used by MarketSmoke.t.sol
    uint256 internal constant STAKE = EXECUTOR_STAKE;
    uint256 internal constant FUNDING = EXECUTOR_FUNDS;
    uint64 internal constant UNITS_PER_TASK = UNITS;

    function _optimistic(uint32 taskCount, uint24 maxTick)
        internal
        view
        returns (IJobMarket.JobParams memory)
    {
        return _params(taskCount, maxTick);
    }

    function _replicated(uint32 taskCount, uint8 r, uint24 maxTick)
        internal
        view
        returns (IJobMarket.JobParams memory)
    {
        return _replicatedParams(taskCount, maxTick, r);
    }

    function _shard(uint256 taskIndex) internal pure returns (bytes32) {
        return _shardHash(0, taskIndex);
    }

    function _leaf(uint256 taskIndex, bytes32 shardHash) internal pure returns (bytes32) {
        return MerkleTree.leaf(taskIndex, shardHash);
    }

    /// @dev Honest root over tasks [first, first + count).
    function _root(uint256 first, uint256 count) internal pure returns (bytes32) {
        return MerkleTree.root(_leaves(0, first, count));
    }

    /// @dev The honest proof of leaf `index` (0-based within the range).
    function _proof(uint256 first, uint256 count, uint256 index) internal pure returns (bytes32[] memory) {
        return MerkleTree.proof(_leaves(0, first, count), index);
    }
}
