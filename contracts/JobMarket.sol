// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";
import {INodeRegistry} from "./interfaces/INodeRegistry.sol";
import {AskBook} from "./libraries/AskBook.sol";
import {BidBook} from "./libraries/BidBook.sol";
import {MarketState} from "./libraries/MarketState.sol";
import {Disputes} from "./libraries/Disputes.sol";
import {Matching} from "./libraries/Matching.sol";
import {Settlement} from "./libraries/Settlement.sol";
import {MarketViews} from "./libraries/MarketViews.sol";

/// @title JobMarket
/// @notice See {IJobMarket}. A thin shell, Uniswap v4 style: the state lives in
/// {MarketState.State}; the order books are {AskBook} and {BidBook} over {TickBitmap}; the
/// operations live in libraries linked externally (delegatecalled on this storage) so the contract
/// stays under the 24 KB limit: {Matching} (asks, posting, matching), {Settlement} (settle,
/// reclaim, cancel, finalize), {Disputes} (replicated resolution, optimistic challenges) and
/// {MarketViews}. The hot per-assignment calls (submit, commit, withdraw) stay here: no extra
/// delegatecall on the path whose gas per task is a goal.
contract JobMarket is IJobMarket, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using AskBook for AskBook.Book;
    using BidBook for BidBook.Book;
    using MarketState for MarketState.State;

    /// @inheritdoc IJobMarket
    uint256 public constant PRICE_TICK = MarketState.PRICE_TICK;
    /// @notice Commission bounds (5% and 15%), enforced on every change.
    uint16 public constant MIN_COMMISSION_BPS = 500;
    uint16 public constant MAX_COMMISSION_BPS = 1_500;
    /// @notice The most tasks one job can have.
    uint32 public constant MAX_TASKS = MarketState.MAX_TASKS;
    /// @notice The highest replication of a REPLICATED job.
    uint8 public constant MAX_REPLICATION = MarketState.MAX_REPLICATION;
    /// @notice How often a replicated range without a majority goes back to the book.
    uint8 public constant MAX_REOPENS = MarketState.MAX_REOPENS;
    /// @notice Verifiers per challenge.
    uint8 public constant VERIFIERS = MarketState.VERIFIERS;
    /// @notice Candidates a challenge keeps for the draw of its VERIFIERS seats.
    uint8 public constant VERIFIER_CANDIDATES = MarketState.VERIFIER_CANDIDATES;
    /// @notice The largest capacity of one ask.
    uint32 public constant MAX_CAPACITY = MarketState.MAX_CAPACITY;
    /// @notice The most assignments one matching call creates.
    uint256 public constant MAX_ASSIGNMENTS = MarketState.MAX_ASSIGNMENTS;
    /// @notice The most assignments one {settle} batch takes.
    uint256 public constant MAX_BATCH = Settlement.MAX_BATCH;
    /// @notice Share of the losing side's funds paid to the majority verifiers of a challenge.
    uint16 public constant VERIFIER_REWARD_BPS = MarketState.VERIFIER_REWARD_BPS;
    /// @notice Share of a disproved or unproven assignment's collateral paid to its challenger
    /// (besides its bond back); the rest, after the verifiers' reward, goes to fees.
    uint16 public constant CHALLENGER_REWARD_BPS = MarketState.CHALLENGER_REWARD_BPS;
    /// @notice Share of the collateral a decline at the very deadline costs ({declineAssignment}).
    uint16 public constant LATE_DECLINE_MAX_BPS = MarketState.LATE_DECLINE_MAX_BPS;
    /// @notice A job's deadline can be at most this far ahead.
    uint64 public constant MAX_JOB_DURATION = Matching.MAX_JOB_DURATION;

    /// A CIDv1 in base32 is ~59 bytes; 128 leaves room for any multibase without inviting spam.
    uint256 private constant MAX_CID_LENGTH = 128;
    uint16 private constant BPS = 10_000;

    MarketState.State private _s;

    constructor(
        address token_,
        address registry_,
        address burnVault_,
        address treasury_,
        address owner_,
        Windows memory windows_,
        uint16 generateCommissionBps,
        uint16 burnShareBps_,
        uint256 generateMinCollateral
    ) Ownable(owner_) {
        if (
            token_ == address(0) || registry_ == address(0) || burnVault_ == address(0)
                || treasury_ == address(0)
        ) {
            revert ZeroAddress();
        }
        if (
            windows_.proofWindow == 0 || windows_.verifyCommitWindow == 0 || windows_.verifyRevealWindow == 0
                || windows_.revealWindow == 0 || windows_.minChallengeWindow == 0
                || windows_.maxChallengeWindow < windows_.minChallengeWindow || windows_.minSecondsPerTask < 2
        ) revert InvalidWindows();
        _s.token = IERC20(token_);
        _s.registry = INodeRegistry(registry_);
        _s.burnVault = burnVault_;
        _s.windows = windows_;
        _setTreasury(treasury_);
        _setBurnShare(burnShareBps_);
        // Kinds other than GENERATE are closed for jobs but share the book: they start with
        // GENERATE's terms so an ask for them is backed like any other.
        for (uint8 k; k <= uint8(JobKind.CUSTOM); ++k) {
            _setCommission(JobKind(k), generateCommissionBps);
            _setMinCollateral(JobKind(k), generateMinCollateral);
        }
    }

    // ---------------------------------------------------------------- supply

    /// @inheritdoc IJobMarket
    function placeAsk(JobKind kind, uint24 priceTick, uint32 capacity, uint256 maxAssignments)
        external
        nonReentrant
    {
        Matching.placeAsk(_s, kind, priceTick, capacity, maxAssignments);
    }

    /// @inheritdoc IJobMarket
    function cancelAsk(JobKind kind) external {
        AskBook.Book storage book = _s.asks[uint8(kind)];
        AskBook.Ask storage ask = book.asks[msg.sender];
        if (!ask.active) revert NoAsk(msg.sender, kind);
        _s.removeAsk(kind, msg.sender, AskRemoval.Cancelled);
    }

    // ---------------------------------------------------------------- demand

    /// @inheritdoc IJobMarket
    function postJob(JobParams calldata params, uint256 maxAssignments)
        external
        nonReentrant
        returns (uint256)
    {
        return Matching.postJob(_s, params, maxAssignments);
    }

    /// @inheritdoc IJobMarket
    function postJobWithPermit(
        JobParams calldata params,
        uint256 maxAssignments,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256) {
        uint256 escrow = Matching.escrowFor(_s, params);
        // A permit seen in the mempool can be spent first by someone else's call; the allowance
        // then exists anyway, so a failed permit is ignored and the transfer decides.
        IERC20Permit ntk = IERC20Permit(address(_s.token));
        // solhint-disable-next-line no-empty-blocks
        try ntk.permit(msg.sender, address(this), escrow, permitDeadline, v, r, s) {} catch {}
        return Matching.postJob(_s, params, maxAssignments);
    }

    /// @inheritdoc IJobMarket
    function matchJob(uint256 jobId, uint256 maxAssignments) external nonReentrant returns (uint256) {
        return Matching.matchJob(_s, jobId, maxAssignments);
    }

    /// @inheritdoc IJobMarket
    function cancelJob(uint256 jobId) external nonReentrant {
        Settlement.cancelJob(_s, jobId);
    }

    /// @inheritdoc IJobMarket
    function finalizeJob(uint256 jobId) external nonReentrant {
        Settlement.finalizeJob(_s, jobId);
    }

    // ---------------------------------------------------------------- results

    /// @inheritdoc IJobMarket
    function submitResult(uint256 assignmentId, bytes32 root, string calldata resultCid) external {
        MarketState.AssignmentData storage a = _s.assignments[assignmentId];
        _checkAssignee(assignmentId, a, AssignmentStatus.Assigned, Verification.OPTIMISTIC);
        if (root == bytes32(0)) revert ZeroRoot();
        _checkCid(resultCid);
        uint64 challengeEnd = uint64(block.timestamp) + _s.jobs[a.jobId].challengeWindow;
        a.status = AssignmentStatus.Submitted;
        a.challengeEnd = uint40(challengeEnd); // now + a uint32 window: 40 bits last to the year 36812
        a.hash = root;
        emit ResultSubmitted(assignmentId, root, resultCid, challengeEnd);
    }

    /// @inheritdoc IJobMarket
    function commitResult(uint256 assignmentId, bytes32 commitment) external {
        MarketState.AssignmentData storage a = _s.assignments[assignmentId];
        _checkAssignee(assignmentId, a, AssignmentStatus.Assigned, Verification.REPLICATED);
        if (commitment == bytes32(0)) revert ZeroRoot();
        a.status = AssignmentStatus.Committed;
        a.hash = commitment;
        ++_s.groups[a.groupId].commits;
        emit ResultCommitted(assignmentId, commitment);
    }

    /// @inheritdoc IJobMarket
    function revealResult(uint256 assignmentId, bytes32 root, string calldata resultCid, bytes32 salt)
        external
        nonReentrant
    {
        Disputes.revealResult(_s, assignmentId, root, resultCid, salt);
    }

    /// @inheritdoc IJobMarket
    function resolveGroup(uint256 groupId) external nonReentrant {
        Disputes.resolveGroup(_s, groupId);
    }

    // ---------------------------------------------------------------- optimistic disputes

    /// @inheritdoc IJobMarket
    function challenge(uint256 assignmentId, uint32 taskIndex) external nonReentrant returns (uint256) {
        return Disputes.challenge(_s, assignmentId, taskIndex);
    }

    /// @inheritdoc IJobMarket
    function proveTask(uint256 challengeId, bytes32 shardHash, bytes32[] calldata proof)
        external
        nonReentrant
    {
        Disputes.proveTask(_s, challengeId, shardHash, proof);
    }

    /// @inheritdoc IJobMarket
    function commitVerification(uint256 challengeId, bytes32 commitment) external nonReentrant {
        Disputes.commitVerification(_s, challengeId, commitment);
    }

    /// @inheritdoc IJobMarket
    function drawVerifiers(uint256 challengeId) external nonReentrant {
        Disputes.drawVerifiers(_s, challengeId);
    }

    /// @inheritdoc IJobMarket
    function revealVerification(uint256 challengeId, bytes32 shardHash, bytes32 salt) external nonReentrant {
        Disputes.revealVerification(_s, challengeId, shardHash, salt);
    }

    /// @inheritdoc IJobMarket
    function resolveChallenge(uint256 challengeId) external nonReentrant {
        Disputes.resolveChallenge(_s, challengeId);
    }

    // ---------------------------------------------------------------- settlement

    /// @inheritdoc IJobMarket
    function settle(uint256[] calldata assignmentIds) external nonReentrant returns (uint256) {
        return Settlement.settle(_s, assignmentIds);
    }

    /// @inheritdoc IJobMarket
    function reclaim(uint256 assignmentId) external nonReentrant {
        Settlement.reclaim(_s, assignmentId);
    }

    /// @inheritdoc IJobMarket
    function declineAssignment(uint256 assignmentId) external nonReentrant {
        Settlement.declineAssignment(_s, assignmentId);
    }

    /// @inheritdoc IJobMarket
    function withdraw() external nonReentrant returns (uint256) {
        return _withdraw(msg.sender);
    }

    /// @inheritdoc IJobMarket
    function withdrawTo(address to) external nonReentrant returns (uint256) {
        if (to == address(0)) revert ZeroAddress();
        if (to == address(this) || to == address(_s.registry)) revert UnreachableRecipient(to);
        return _withdraw(to);
    }

    /// @inheritdoc IJobMarket
    function distributeFees() external nonReentrant {
        uint256 owed = _s.feesOwed;
        if (owed == 0) revert NoFeesOwed();
        // Rounded down for the burn vault; the treasury takes the remainder, so nothing is lost.
        uint256 toBurn = owed * _s.burnShareBps / BPS;
        uint256 toTreasury = owed - toBurn;
        _s.feesOwed = 0;
        emit FeesDistributed(toTreasury, toBurn);
        // The BurnSchedule's vault is its own token balance: a plain transfer funds it.
        if (toTreasury != 0) _s.token.safeTransfer(_s.treasury, toTreasury);
        if (toBurn != 0) _s.token.safeTransfer(_s.burnVault, toBurn);
    }

    // ---------------------------------------------------------------- admin

    /// @inheritdoc IJobMarket
    function setCommission(JobKind kind, uint16 bps) external onlyOwner {
        _setCommission(kind, bps);
    }

    /// @inheritdoc IJobMarket
    function setBurnShare(uint16 bps) external onlyOwner {
        _setBurnShare(bps);
    }

    /// @inheritdoc IJobMarket
    function setTreasury(address treasury_) external onlyOwner {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IJobMarket
    function setMinCollateral(JobKind kind, uint256 amount) external onlyOwner {
        _setMinCollateral(kind, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IJobMarket
    function token() external view returns (address) {
        return address(_s.token);
    }

    /// @inheritdoc IJobMarket
    function registry() external view returns (address) {
        return address(_s.registry);
    }

    /// @inheritdoc IJobMarket
    function burnVault() external view returns (address) {
        return _s.burnVault;
    }

    /// @inheritdoc IJobMarket
    function treasury() external view returns (address) {
        return _s.treasury;
    }

    /// @inheritdoc IJobMarket
    function commissionBps(JobKind kind) external view returns (uint16) {
        return _s.commissionBps[uint8(kind)];
    }

    /// @inheritdoc IJobMarket
    function burnShareBps() external view returns (uint16) {
        return _s.burnShareBps;
    }

    /// @inheritdoc IJobMarket
    function minCollateral(JobKind kind) external view returns (uint256) {
        return _s.minCollateral[uint8(kind)];
    }

    /// @inheritdoc IJobMarket
    function windows() external view returns (Windows memory) {
        return _s.windows;
    }

    /// @inheritdoc IJobMarket
    function escrowFor(JobParams calldata params) external view returns (uint256) {
        return Matching.escrowFor(_s, params);
    }

    /// @inheritdoc IJobMarket
    function quote(
        JobKind kind,
        uint32 taskCount,
        uint64 unitsPerTask,
        uint8 replication,
        uint24 maxPriceTick
    ) external view returns (Quote memory) {
        return MarketViews.quote(_s, kind, taskCount, unitsPerTask, replication, maxPriceTick, type(uint32).max);
    }

    /// @inheritdoc IJobMarket
    function quote(
        JobKind kind,
        uint32 taskCount,
        uint64 unitsPerTask,
        uint8 replication,
        uint24 maxPriceTick,
        uint32 secondsPerTask
    ) external view returns (Quote memory) {
        return MarketViews.quote(_s, kind, taskCount, unitsPerTask, replication, maxPriceTick, secondsPerTask);
    }

    /// @inheritdoc IJobMarket
    function bestAsks(JobKind kind, uint256 max) external view returns (Ask[] memory) {
        return MarketViews.bestAsks(_s, kind, max);
    }

    /// @inheritdoc IJobMarket
    function getAsk(address executor, JobKind kind) external view returns (Ask memory) {
        return _s.askView(kind, executor);
    }

    /// @inheritdoc IJobMarket
    function getJob(uint256 jobId) external view returns (Job memory) {
        return MarketViews.getJob(_s, jobId);
    }

    /// @inheritdoc IJobMarket
    function getAssignment(uint256 assignmentId) external view returns (Assignment memory) {
        return MarketViews.getAssignment(_s, assignmentId);
    }

    /// @inheritdoc IJobMarket
    function getGroup(uint256 groupId) external view returns (Group memory) {
        return MarketViews.getGroup(_s, groupId);
    }

    /// @inheritdoc IJobMarket
    function getChallenge(uint256 challengeId) external view returns (Challenge memory) {
        return MarketViews.getChallenge(_s, challengeId);
    }

    /// @inheritdoc IJobMarket
    function declineFreeUntil(uint256 assignmentId) external view returns (uint64) {
        return MarketViews.declineFreeUntil(_s, assignmentId);
    }

    /// @inheritdoc IJobMarket
    function excludedExecutors(uint256 jobId) external view returns (address[] memory) {
        return MarketViews.excludedExecutors(_s, jobId);
    }

    /// @inheritdoc IJobMarket
    function getVerifiers(uint256 challengeId) external view returns (address[] memory) {
        return MarketViews.getVerifiers(_s, challengeId);
    }

    /// @inheritdoc IJobMarket
    function counts()
        external
        view
        returns (uint256 jobs, uint256 assignments, uint256 groups, uint256 challenges)
    {
        return (_s.jobCount, _s.assignmentCount, _s.groupCount, _s.challengeCount);
    }

    /// @inheritdoc IJobMarket
    function lockedCollateral(address executor) external view returns (uint256) {
        return _s.accounts[executor].locked;
    }

    /// @inheritdoc IJobMarket
    function credits(address account) external view returns (uint256) {
        return _s.accounts[account].credits;
    }

    /// @inheritdoc IJobMarket
    function feesOwed() external view returns (uint256) {
        return _s.feesOwed;
    }

    // ---------------------------------------------------------------- internal

    /// @dev The checks of {submitResult} and {commitResult}, from the assignment's slot and the
    /// caller's account (the hot path of every assignment): an id never created has no executor,
    /// which spares reading the assignment count, and groups exist exactly for REPLICATED jobs, so
    /// the group id tells the job's verification without reading the job.
    function _checkAssignee(
        uint256 assignmentId,
        MarketState.AssignmentData storage a,
        AssignmentStatus expected,
        Verification verification
    ) private view {
        uint32 executorId = a.executorId;
        if (executorId == 0) revert UnknownAssignment(assignmentId);
        if (_s.accounts[msg.sender].id != executorId) revert NotAssignee(assignmentId, msg.sender);
        Verification actual = a.groupId == 0 ? Verification.OPTIMISTIC : Verification.REPLICATED;
        if (actual != verification) revert WrongVerification(a.jobId, actual);
        if (a.status != expected) revert WrongAssignmentStatus(assignmentId, a.status);
        if (block.timestamp > a.deadline) revert AssignmentExpired(assignmentId, a.deadline);
    }

    function _checkCid(string calldata cid) private pure {
        uint256 length = bytes(cid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert InvalidResultCid(length);
    }

    function _withdraw(address to) private returns (uint256 amount) {
        MarketState.Account storage acc = _s.accounts[msg.sender];
        amount = acc.credits;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        acc.credits = 0; // `opened` keeps the slot non-zero for the next credit
        emit Withdrawn(msg.sender, to, amount);
        _s.token.safeTransfer(to, amount);
    }

    function _setCommission(JobKind kind, uint16 bps) private {
        if (bps < MIN_COMMISSION_BPS || bps > MAX_COMMISSION_BPS) {
            revert CommissionOutOfBounds(bps, MIN_COMMISSION_BPS, MAX_COMMISSION_BPS);
        }
        _s.commissionBps[uint8(kind)] = bps;
        emit CommissionSet(kind, bps);
    }

    function _setBurnShare(uint16 bps) private {
        if (bps > BPS) revert BurnShareOutOfBounds(bps);
        _s.burnShareBps = bps;
        emit BurnShareSet(bps);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert ZeroAddress();
        _s.treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    function _setMinCollateral(JobKind kind, uint256 amount) private {
        // Zero would let unbacked asks flood the book and make failures free.
        if (amount == 0) revert ZeroMinCollateral();
        _s.minCollateral[uint8(kind)] = amount;
        emit MinCollateralSet(kind, amount);
    }
}
