// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title JobMarket
/// @notice The compute market's order book, escrow and settlement.
///
/// Supply: each staked executor keeps at most one *ask* per job kind: a price per compute unit and
/// a capacity (tasks it runs at once). Asks sit in a price-ordered book per kind: price levels on a
/// tick bitmap, a FIFO queue per level, so inserting or removing an ask costs the same at any
/// depth and nobody can make matching walk past junk (one ask per executor, each backed by stake).
/// Prices are ticks: `pricePerUnit = priceTick * PRICE_TICK` wei of NTK per compute unit.
///
/// Demand: {postJob} escrows `taskCount x replication x unitsPerTask x maxPrice` plus commission
/// in one transaction (approval or permit) and matches at once against the cheapest asks
/// (price-time priority; an assignment pays its ask's price; what is not spent is refunded when the
/// tasks end). Tasks no ask takes rest as a *bid* in a book ordered by max price; later asks take
/// them ({placeAsk}) and anyone can retry ({matchJob}). Every matching call creates at most
/// `maxAssignments` (bounded) assignments. Matching passes over an ask whose executor declared (in
/// the NodeRegistry, read at matching time) a throughput too low to compute one task in time,
/// `computeUnitsPerSecond x secondsPerTask < unitsPerTask`, and no job gives less than the
/// market's `minSecondsPerTask` ({windows}) per task, room for an assignment's fixed costs (seeing
/// it, fetching the spec, a transaction): nobody is handed work it cannot finish before its
/// deadline and then loses its collateral for it.
///
/// Work: an *assignment* is a contiguous range of a job's tasks given to one executor, with
/// `collateralPerTask x taskCount` of its stake locked and a deadline of
/// `secondsPerTask x taskCount` after assignment. Its result is one Merkle root over the per-task
/// result hashes (sha256 of each task's shard) plus the CID of the result directory (event only).
/// Merkle tree: leaf = keccak256(abi.encode(taskIndex, shardSha256)) in task order; a parent is the
/// keccak256 of its two children sorted (OpenZeppelin's commutative hash); an odd node at the end
/// of a layer moves up unchanged; one leaf is its own root.
///
/// Verification, chosen per job:
/// - OPTIMISTIC (replication 1): {submitResult}; during `challengeWindow` the requester or any
///   staked executor may {challenge} one task with a bond of `collateralPerTask` (one challenge
///   at a time; one that does not disprove the result gives the window back the time it had left
///   when it opened, ChallengeWindowReopened). The executor must {proveTask} (show the leaf and
///   its proof) within `proofWindow`. Then fresh staked
///   executors recompute it and {commitVerification} as candidates until `verifyCommitWindow`
///   ends (at most `VERIFIER_CANDIDATES`; a full list takes a newcomer only in place of a
///   candidate with less stake). {drawVerifiers} then seats `VERIFIERS` of them at random,
///   weighted by stake, from the hash of a block mined after the candidate list closed and the
///   drawing block's prevrandao (so seats go by stake, not by who commits first or how many
///   identities one party runs); the others get their lock back. The seated
///   {revealVerification}; the majority of their stake decides and the losing side pays
///   ({resolveChallenge}). A disproved (or unproven) assignment loses its collateral: its
///   challenger gets its bond back and CHALLENGER_REWARD_BPS of the collateral, the majority
///   verifiers VERIFIER_REWARD_BPS, fees the rest (so an executor that challenges its own result
///   from another identity recovers at most half of it); its tasks go back to the book.
/// - REPLICATED (odd replication r >= 3): each range goes to r distinct executors who
///   {commitResult} `keccak256(abi.encode(root, executor, salt))` and then {revealResult}; after
///   all reveals or the reveal deadline {resolveGroup}: the root of a strict majority of r wins and
///   is paid, the minority and the silent are slashed; without a majority the range is reopened,
///   at most `MAX_REOPENS` times, then refunded.
///
/// Settlement: {settle} takes a batch of assignments whose result is final and credits earnings
/// (pulled with {withdraw}); commission (5-15% by kind, bounds on-chain) is owed to the treasury
/// and the BurnSchedule vault ({distributeFees}). Anyone can {reclaim} an assignment past its
/// deadline (its collateral is slashed to fees, its tasks go back to the book, its executor's ask
/// leaves the book); an executor that finds an assignment cannot be done (a generator that fails
/// on it) hands it back with {declineAssignment}: within the first half of one task's time it loses
/// its ask's place but no collateral, later a share of the collateral that grows to
/// LATE_DECLINE_MAX_BPS (half) of it at the deadline. An executor that declined, missed a deadline or had its result disproved or
/// outvoted is never matched to that job again ({excludedExecutors}). {finalizeJob} makes a job
/// terminal once nothing is in flight and it is done, cancelled or past its deadline, refunding
/// what is left: every token reaches its owner through permissionless calls.
///
/// Accounting invariant: this contract's NTK balance == job escrows + challenge and verifier bonds
/// + unpaid credits (earnings, refunds, rewards) + fees owed. Collateral stays in the NodeRegistry
/// (locked here by bookkeeping) until slashed.
interface IJobMarket {
    /// @notice What a job asks for. GENERATE runs a generator bundle into dataset shards; TRAIN,
    /// LABEL and CUSTOM share the book and escrow and get their verifiers in later slices.
    enum JobKind {
        GENERATE,
        TRAIN,
        LABEL,
        CUSTOM
    }

    /// @notice How results are accepted (see the contract description).
    enum Verification {
        OPTIMISTIC,
        REPLICATED
    }

    /// @notice A job's life: Open until terminal; {finalizeJob} sets Completed (every task
    /// accepted), Expired (deadline passed with tasks undone) or Cancelled (requester cancelled).
    enum JobStatus {
        None,
        Open,
        Completed,
        Expired,
        Cancelled
    }

    /// @notice An assignment's life. Optimistic: Assigned -> Submitted -> (Challenged ->)
    /// Settled, or Reclaimed / Rejected. Replicated: Assigned -> Committed -> Revealed -> Accepted
    /// -> Settled, or Rejected (minority, silent) / Released (no majority, collateral returned).
    enum AssignmentStatus {
        None,
        Assigned,
        Committed,
        Submitted,
        Revealed,
        Challenged,
        Accepted,
        Settled,
        Rejected,
        Reclaimed,
        Released
    }

    /// @notice A challenge's life: the executor must prove the leaf, verifiers commit and reveal,
    /// then it resolves for one side (or, without a quorum, for nobody: the bond goes back).
    enum ChallengeStatus {
        None,
        AwaitingProof,
        Verifying,
        ExecutorWon,
        ChallengerWon,
        NoQuorum
    }

    /// @notice Why an ask left the book. `Disproved`: the executor lost a challenge (its result was
    /// proven wrong), so others redo its reopened tasks. `Declined`: the executor handed an
    /// assignment back ({declineAssignment}); it re-asks when it wants work again.
    enum AskRemoval {
        Cancelled,
        MissedDeadline,
        InsufficientStake,
        Disproved,
        Declined
    }

    /// @notice Parameters of {postJob}.
    /// @param replication 1 for OPTIMISTIC; odd, 3..MAX_REPLICATION for REPLICATED.
    /// @param unitsPerTask Compute units one task costs (samples per task x the generator's units).
    /// @param maxPriceTick The most the requester pays per compute unit, in ticks of PRICE_TICK.
    /// @param secondsPerTask Time an executor gets per task of an assignment (at least the market's
    /// `minSecondsPerTask`); only executors that declare at least `unitsPerTask / secondsPerTask`
    /// compute units per second are matched.
    /// @param challengeWindow OPTIMISTIC: seconds after submission during which a task can be
    /// challenged (within the market's bounds). REPLICATED: ignored (0).
    /// @param deadline No assignment is made after it; then unassigned tasks are refundable.
    /// @param collateralPerTask Stake an executor locks per task (>= the kind's minimum); also the
    /// challenge bond.
    /// @param specCid IPFS CID of the job spec (generator bundle CID, params, seed, samples/task).
    struct JobParams {
        JobKind kind;
        Verification verification;
        uint8 replication;
        uint32 taskCount;
        uint64 unitsPerTask;
        uint24 maxPriceTick;
        uint32 secondsPerTask;
        uint32 challengeWindow;
        uint64 deadline;
        uint256 collateralPerTask;
        string specCid;
    }

    /// @notice A posted job. `escrow` is what is still held for it; `tasksUnassigned` counts tasks
    /// (times replicas) waiting for an executor; `tasksAccepted` counts tasks whose result is
    /// accepted (once per task, whatever the replication).
    struct Job {
        address requester;
        JobKind kind;
        Verification verification;
        uint8 replication;
        JobStatus status;
        uint16 commissionBps;
        uint24 maxPriceTick;
        uint32 taskCount;
        uint32 tasksUnassigned;
        uint32 tasksAccepted;
        uint32 openAssignments;
        uint32 secondsPerTask;
        uint32 challengeWindow;
        uint64 unitsPerTask;
        uint64 postedAt;
        uint64 deadline;
        uint256 collateralPerTask;
        uint256 escrow;
        string specCid;
    }

    /// @notice An executor's standing offer for one kind. `inFlight` tasks are assigned and not yet
    /// ended; the ask is in the book while `inFlight < capacity`. `placedAt`: when it last joined
    /// the back of its price level (placed, or back in the book after a walk found it full).
    struct Ask {
        address executor;
        JobKind kind;
        bool active;
        uint24 priceTick;
        uint32 capacity;
        uint32 inFlight;
        uint64 placedAt;
    }

    /// @notice A range of a job's tasks given to one executor. `deadline` is the submission
    /// (OPTIMISTIC) or commitment (REPLICATED) deadline; `challengeEnd` is when an optimistic
    /// result becomes final; `groupId` links the r assignments of a replicated range (0 otherwise).
    struct Assignment {
        uint64 jobId;
        address executor;
        AssignmentStatus status;
        uint24 priceTick;
        uint32 firstTask;
        uint32 taskCount;
        uint64 groupId;
        uint64 deadline;
        uint64 challengeEnd;
        bytes32 commitment;
        bytes32 root;
        uint256 collateral;
    }

    /// @notice The r assignments of one replicated range. Reveals open when all committed or at
    /// `commitDeadline`; {resolveGroup} is callable when all revealed or at `revealDeadline`.
    struct Group {
        uint64 jobId;
        uint32 firstTask;
        uint32 taskCount;
        uint8 replication;
        uint8 commits;
        uint8 reveals;
        /// Replicas their executors declined ({declineAssignment}): they count against the
        /// majority, unslashed, and nobody waits for their commit or reveal.
        uint8 declines;
        uint8 reopens;
        bool resolved;
        uint64 commitDeadline;
        uint64 revealDeadline;
        bytes32 winningRoot;
        uint64[] assignmentIds;
    }

    /// @notice A challenge of one task of an optimistic assignment.
    struct Challenge {
        uint64 assignmentId;
        address challenger;
        uint32 taskIndex;
        ChallengeStatus status;
        uint8 commits;
        uint8 reveals;
        uint8 agreeing;
        uint64 proofDeadline;
        uint64 commitDeadline;
        uint64 revealDeadline;
        bytes32 shardHash;
        uint256 bond;
        /// @dev Whether the seats are drawn: `commits` then counts the seated verifiers, before
        /// it counts the candidates.
        bool drawn;
        /// @dev The block whose hash seeds the draw (0 until {drawVerifiers} fixes it).
        uint64 drawBlock;
        /// @dev The summed weights (stake at commit) of the verifiers who revealed, and of those
        /// among them who agreed with the executor: a strict majority of `revealedWeight` decides.
        uint256 agreeingWeight;
        uint256 revealedWeight;
    }

    /// @notice The market's time windows (seconds), fixed at deployment.
    struct Windows {
        uint32 proofWindow;
        uint32 verifyCommitWindow;
        uint32 verifyRevealWindow;
        uint32 revealWindow;
        uint32 minChallengeWindow;
        uint32 maxChallengeWindow;
        /// The least `secondsPerTask` a job may give (>= 2): room for the fixed costs of any
        /// assignment on this chain (seeing it, fetching the spec, uploading, a transaction), and
        /// twice the shortest free decline window ({declineFreeUntil}).
        uint32 minSecondsPerTask;
    }

    /// @notice A live quote from the ask book ({quote}).
    /// @param tasksMatchable Tasks (times replicas) the book would take now at or under the max price.
    /// @param cost What those tasks cost at the asks' prices, commission included.
    /// @param executors Distinct executors that would take them.
    /// @param expectedSeconds Estimated time to finish them (from executors' declared throughput).
    struct Quote {
        uint32 tasksMatchable;
        uint256 cost;
        uint32 executors;
        uint64 expectedSeconds;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A constructor or admin address is zero.
    error ZeroAddress();
    /// @notice {withdrawTo} named the market itself or its registry: NTK sent there is owed to
    /// nobody and could never be withdrawn again.
    error UnreachableRecipient(address to);
    /// @notice Commission for a kind must be within [MIN_COMMISSION_BPS, MAX_COMMISSION_BPS].
    error CommissionOutOfBounds(uint16 bps, uint16 minBps, uint16 maxBps);
    /// @notice The share of commission sent to the burn vault must be <= 100%.
    error BurnShareOutOfBounds(uint16 bps);
    /// @notice The windows given at deployment are zero or inconsistent.
    error InvalidWindows();
    /// @notice `account` must be a registered node with stake to do this.
    error NotRegisteredExecutor(address account);
    /// @notice The ask price is zero.
    error ZeroPrice();
    /// @notice Capacity must be in 1..MAX_CAPACITY.
    error InvalidCapacity(uint32 capacity, uint32 maxCapacity);
    /// @notice An ask needs free stake >= capacity x the kind's minimum collateral.
    error AskUnderCollateralized(uint256 freeStake, uint256 required);
    /// @notice The caller has no active ask for this kind.
    error NoAsk(address executor, JobKind kind);
    /// @notice The kind is not open for jobs yet (TRAIN, LABEL, CUSTOM await their verifiers).
    error KindNotSupported(JobKind kind);
    /// @notice Task count must be in 1..MAX_TASKS.
    error InvalidTaskCount(uint32 taskCount, uint32 maxTasks);
    /// @notice Units per task must be positive.
    error ZeroUnitsPerTask();
    /// @notice Replication must be 1 for OPTIMISTIC and odd in 3..MAX_REPLICATION for REPLICATED.
    error InvalidReplication(Verification verification, uint8 replication);
    /// @notice The challenge window must be within the market's bounds (OPTIMISTIC jobs).
    error ChallengeWindowOutOfBounds(uint32 window, uint32 minWindow, uint32 maxWindow);
    /// @notice Seconds per task must be at least the market's `minSecondsPerTask` ({windows}).
    error SecondsPerTaskTooShort(uint32 secondsPerTask, uint32 minSecondsPerTask);
    /// @notice The job's deadline is in the past or too far ahead.
    error InvalidDeadline(uint64 deadline, uint256 nowTimestamp);
    /// @notice Collateral per task is below the kind's minimum.
    error CollateralTooLow(uint256 collateralPerTask, uint256 minCollateral);
    /// @notice The spec CID is empty or longer than 128 bytes.
    error InvalidSpecCid(uint256 length);
    /// @notice The escrow would overflow the market's accounting (price x units x tasks too big).
    error EscrowOverflow();
    /// @notice No job with this id.
    error UnknownJob(uint256 jobId);
    /// @notice The job is not open.
    error JobNotOpen(uint256 jobId, JobStatus status);
    /// @notice Only the job's requester may do this.
    error NotRequester(uint256 jobId, address caller);
    /// @notice The job cannot be finalized yet: assignments are in flight, or tasks remain and its
    /// deadline has not passed.
    error JobNotFinalizable(uint256 jobId, uint32 openAssignments, uint32 tasksUnassigned, uint64 deadline);
    /// @notice No assignment with this id.
    error UnknownAssignment(uint256 assignmentId);
    /// @notice Only the assignment's executor may do this.
    error NotAssignee(uint256 assignmentId, address caller);
    /// @notice The assignment is in `status`, which does not allow this.
    error WrongAssignmentStatus(uint256 assignmentId, AssignmentStatus status);
    /// @notice The assignment's deadline (`deadline`) has passed.
    error AssignmentExpired(uint256 assignmentId, uint64 deadline);
    /// @notice The assignment's deadline (`deadline`) has not passed yet.
    error AssignmentNotExpired(uint256 assignmentId, uint64 deadline);
    /// @notice An assignment can be declined only until `until`, its deadline; after it, anyone can
    /// {reclaim} it (OPTIMISTIC), or its group is resolved without it ({resolveGroup}).
    error DeclineWindowClosed(uint256 assignmentId, uint64 until);
    /// @notice The call is for the other verification mode.
    error WrongVerification(uint256 jobId, Verification verification);
    /// @notice A Merkle root or commitment must not be zero.
    error ZeroRoot();
    /// @notice The result CID is empty or longer than 128 bytes.
    error InvalidResultCid(uint256 length);
    /// @notice The revealed root and salt do not match the commitment.
    error CommitmentMismatch(uint256 assignmentId);
    /// @notice Reveals have not opened (not all committed and the commit deadline not passed).
    error RevealNotOpen(uint64 opensAt);
    /// @notice The reveal (or verification) deadline has passed.
    error RevealClosed(uint64 closedAt);
    /// @notice No group with this id.
    error UnknownGroup(uint256 groupId);
    /// @notice The group cannot be resolved yet (reveals missing, reveal deadline not passed).
    error GroupNotResolvable(uint256 groupId, uint64 revealDeadline);
    /// @notice The group was already resolved.
    error GroupAlreadyResolved(uint256 groupId);
    /// @notice The challenge window of the assignment has closed (at `challengeEnd`).
    error ChallengeWindowClosed(uint256 assignmentId, uint64 challengeEnd);
    /// @notice The task is not in the assignment's range.
    error TaskOutOfRange(uint256 assignmentId, uint32 taskIndex, uint32 firstTask, uint32 taskCount);
    /// @notice Only the requester or a staked executor other than the assignee may challenge.
    error NotAllowedToChallenge(address caller);
    /// @notice No challenge with this id.
    error UnknownChallenge(uint256 challengeId);
    /// @notice The challenge is in `status`, which does not allow this.
    error WrongChallengeStatus(uint256 challengeId, ChallengeStatus status);
    /// @notice The Merkle proof does not lead from the leaf to the assignment's root.
    error InvalidProof(uint256 challengeId);
    /// @notice The executor or the challenger of a challenge cannot verify it; nor can an
    /// unregistered account, a candidate that commits twice, or one not seated by the draw reveal.
    error NotAllowedToVerify(uint256 challengeId, address caller);
    /// @notice The candidate list is full (VERIFIER_CANDIDATES) and the lightest candidate has
    /// `lightest` stake, not less than the caller's `weight`: only more stake takes its place.
    error VerifierCandidatesFull(uint256 challengeId, uint256 weight, uint256 lightest);
    /// @notice Verifiers are drawn once the candidate list closes, at `commitDeadline`.
    error DrawNotOpen(uint256 challengeId, uint64 commitDeadline);
    /// @notice The draw's seed is the hash of block `drawBlock`: call again in a later block.
    error DrawNotReady(uint256 challengeId, uint64 drawBlock);
    /// @notice The verifiers of this challenge are already drawn.
    error VerifiersAlreadyDrawn(uint256 challengeId);
    /// @notice More candidates than seats committed: {drawVerifiers} seats them before reveals.
    error VerifiersNotDrawn(uint256 challengeId);
    /// @notice The challenge cannot be resolved yet.
    error ChallengeNotResolvable(uint256 challengeId);
    /// @notice Nothing to withdraw.
    error NothingToWithdraw(address account);
    /// @notice No fees are owed.
    error NoFeesOwed();
    /// @notice A batch or matching bound is zero or above its maximum.
    error InvalidBound(uint256 value, uint256 maxValue);
    /// @notice `account` has `freeStake` free stake, less than the `required` lock (a verifier
    /// locks the job's collateral per task when it commits).
    error InsufficientFreeStake(address account, uint256 freeStake, uint256 required);
    /// @notice A kind's minimum collateral must be positive: unbacked asks could flood the book.
    error ZeroMinCollateral();

    // ---------------------------------------------------------------- events

    /// @notice `executor` placed (or replaced) its ask for `kind`; it joins the back of its level.
    event AskPlaced(address indexed executor, JobKind indexed kind, uint24 priceTick, uint32 capacity);
    /// @notice `executor`'s ask for `kind` left the book for `reason`.
    event AskRemoved(address indexed executor, JobKind indexed kind, AskRemoval reason);
    /// @notice `jobId` was posted and `escrow` NTK escrowed.
    event JobPosted(
        uint256 indexed jobId,
        address indexed requester,
        JobKind indexed kind,
        Verification verification,
        uint8 replication,
        uint32 taskCount,
        uint64 unitsPerTask,
        uint24 maxPriceTick,
        uint256 collateralPerTask,
        uint32 secondsPerTask,
        uint32 challengeWindow,
        uint64 deadline,
        uint256 escrow,
        uint16 commissionBps,
        string specCid
    );
    /// @notice `tasksUnassigned` tasks of `jobId` rest in the bid book at `maxPriceTick`.
    event BidRested(uint256 indexed jobId, JobKind indexed kind, uint24 maxPriceTick, uint32 tasksUnassigned);
    /// @notice `jobId` left the bid book (fully assigned, cancelled or expired).
    event BidRemoved(uint256 indexed jobId);
    /// @notice Tasks [firstTask, firstTask + taskCount) of `jobId` were assigned to `executor`.
    event TasksAssigned(
        uint256 indexed assignmentId,
        uint256 indexed jobId,
        address indexed executor,
        uint32 firstTask,
        uint32 taskCount,
        uint24 priceTick,
        uint256 collateral,
        uint64 deadline,
        uint64 groupId
    );
    /// @notice An optimistic result: final at `challengeEnd` unless challenged.
    event ResultSubmitted(uint256 indexed assignmentId, bytes32 root, string resultCid, uint64 challengeEnd);
    /// @notice A replicated executor committed to its result.
    event ResultCommitted(uint256 indexed assignmentId, bytes32 commitment);
    /// @notice A replicated executor revealed its result.
    event ResultRevealed(uint256 indexed assignmentId, bytes32 root, string resultCid);
    /// @notice A replicated range was resolved: `winningRoot` (zero without a majority) was
    /// accepted; `slashed` assignments lost their collateral here (a replica declined late was
    /// slashed when it declined, and is not counted); `reopened` if the range goes back to
    /// the book, `refunded` if it reached MAX_REOPENS and its escrow went back to the requester.
    event GroupResolved(
        uint256 indexed groupId, uint256 indexed jobId, bytes32 winningRoot, uint8 slashed, bool reopened, bool refunded
    );
    /// @notice `challenger` challenged task `taskIndex` of `assignmentId` with `bond`.
    event ChallengeOpened(
        uint256 indexed challengeId,
        uint256 indexed assignmentId,
        address indexed challenger,
        uint32 taskIndex,
        uint256 bond,
        uint64 proofDeadline
    );
    /// @notice The executor showed the task's leaf: its shard hash is `shardHash`.
    event TaskProven(uint256 indexed challengeId, bytes32 shardHash, uint64 commitDeadline);
    /// @notice `verifier` committed to its recomputation of the challenged task.
    event VerificationCommitted(uint256 indexed challengeId, address indexed verifier, bytes32 commitment);
    /// @notice A heavier candidate (`by`) took `verifier`'s place in a full candidate list; the
    /// evicted candidate's lock was released.
    event VerifierEvicted(uint256 indexed challengeId, address indexed verifier, address indexed by);
    /// @notice The draw's seed will be the hash of block `drawBlock` (mined after the candidates
    /// were fixed); {drawVerifiers} completes in any later block.
    event VerifierDrawScheduled(uint256 indexed challengeId, uint64 drawBlock);
    /// @notice `verifiers` are seated for the challenge; every other candidate's lock was released.
    event VerifiersDrawn(uint256 indexed challengeId, address[] verifiers);
    /// @notice `verifier` revealed the shard hash it computed.
    event VerificationRevealed(uint256 indexed challengeId, address indexed verifier, bytes32 shardHash);
    /// @notice The challenge ended with `status`; `slashed` is what the losing executor lost.
    event ChallengeResolved(uint256 indexed challengeId, ChallengeStatus status, uint256 slashed);
    /// @notice A challenge of `assignmentId` ended without disproving it (ExecutorWon, NoQuorum):
    /// anyone may challenge it again until `challengeEnd`, now plus the window time it had left
    /// when that challenge opened (one challenge at a time must not shield its other tasks).
    event ChallengeWindowReopened(uint256 indexed assignmentId, uint64 challengeEnd);
    /// @notice `assignmentId` lost `amount` of collateral. `beneficiary` is a challenge's winner,
    /// credited with CHALLENGER_REWARD_BPS of it (the verifiers' reward and fees take the rest), or
    /// this market when all of it went to fees (a missed deadline, a late decline, a silent or
    /// outvoted replica: never to the requester, who would otherwise profit from undoable work).
    event AssignmentSlashed(uint256 indexed assignmentId, address indexed executor, uint256 amount, address beneficiary);
    /// @notice `assignmentId` ended without payment (replicated, no majority; or declined by its
    /// executor, {declineAssignment}): its collateral is unlocked. A late decline's share of the
    /// collateral is slashed in the same transaction (AssignmentSlashed, after this event).
    event AssignmentReleased(uint256 indexed assignmentId);
    /// @notice `executor` will not be matched to job `jobId` again ({excludedExecutors}).
    event ExecutorExcluded(uint256 indexed jobId, address indexed executor);
    /// @notice `caller` reclaimed `assignmentId`, whose deadline had passed.
    event AssignmentReclaimed(uint256 indexed assignmentId, address indexed caller);
    /// @notice Tasks [firstTask, firstTask + taskCount) of `jobId` went back to the book.
    event TasksReopened(uint256 indexed jobId, uint32 firstTask, uint32 taskCount, uint8 reopens);
    /// @notice `assignmentId` was paid `payment` (to its executor) and `fee` (commission); the
    /// requester was credited `refund` (max price minus paid price, and its commission).
    event AssignmentSettled(
        uint256 indexed assignmentId, address indexed executor, uint256 payment, uint256 fee, uint256 refund
    );
    /// @notice The requester cancelled `jobId`; no more assignments are made.
    event JobCancelled(uint256 indexed jobId);
    /// @notice `jobId` reached terminal `status`; `refund` NTK were credited to its requester.
    event JobFinalized(uint256 indexed jobId, JobStatus status, uint256 refund);
    /// @notice `account` was credited `amount` it can {withdraw}.
    event Credited(address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` to `to`.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
    /// @notice Fees owed were sent: `toTreasury` to the treasury, `toBurnVault` to the BurnSchedule.
    event FeesDistributed(uint256 toTreasury, uint256 toBurnVault);
    /// @notice The commission for `kind` is now `bps`.
    event CommissionSet(JobKind indexed kind, uint16 bps);
    /// @notice The share of commission sent to the burn vault is now `bps`.
    event BurnShareSet(uint16 bps);
    /// @notice Fees now go to `treasury`.
    event TreasurySet(address indexed treasury);
    /// @notice The minimum collateral per task for `kind` is now `amount`.
    event MinCollateralSet(JobKind indexed kind, uint256 amount);

    // ---------------------------------------------------------------- supply

    /// @notice Places or replaces the caller's ask for `kind`, then takes resting bids it can
    /// serve, best price first, creating at most `maxAssignments` assignments.
    function placeAsk(JobKind kind, uint24 priceTick, uint32 capacity, uint256 maxAssignments) external;

    /// @notice Removes the caller's ask for `kind` (assignments in flight are unaffected).
    function cancelAsk(JobKind kind) external;

    // ---------------------------------------------------------------- demand

    /// @notice Posts a job, escrows its maximum cost plus commission (approved NTK) and matches it
    /// against the book, creating at most `maxAssignments` assignments.
    /// @return jobId The new job's id (ids start at 1).
    function postJob(JobParams calldata params, uint256 maxAssignments) external returns (uint256 jobId);

    /// @notice {postJob} paying with an EIP-2612 permit for exactly the escrow (one transaction).
    function postJobWithPermit(
        JobParams calldata params,
        uint256 maxAssignments,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 jobId);

    /// @notice Matches a resting job against the ask book; anyone may call.
    /// @return created The number of assignments created.
    function matchJob(uint256 jobId, uint256 maxAssignments) external returns (uint256 created);

    /// @notice Requester only: stops matching; unassigned tasks are refunded at {finalizeJob}.
    function cancelJob(uint256 jobId) external;

    /// @notice Makes a job terminal once nothing is in flight and it is done, cancelled or past its
    /// deadline; credits the requester with what is left of the escrow. Anyone may call.
    function finalizeJob(uint256 jobId) external;

    // ---------------------------------------------------------------- results

    /// @notice OPTIMISTIC: the executor submits its assignment's Merkle root and result CID.
    function submitResult(uint256 assignmentId, bytes32 root, string calldata resultCid) external;

    /// @notice REPLICATED: the executor commits to `keccak256(abi.encode(root, executor, salt))`.
    function commitResult(uint256 assignmentId, bytes32 commitment) external;

    /// @notice REPLICATED: the executor reveals the committed root with its salt and result CID.
    function revealResult(uint256 assignmentId, bytes32 root, string calldata resultCid, bytes32 salt) external;

    /// @notice REPLICATED: decides a range once all revealed or its reveal deadline passed.
    function resolveGroup(uint256 groupId) external;

    // ---------------------------------------------------------------- optimistic disputes

    /// @notice Challenges task `taskIndex` of a submitted optimistic assignment, with a bond of
    /// the job's `collateralPerTask` (approved NTK).
    /// @return challengeId The new challenge's id (ids start at 1).
    function challenge(uint256 assignmentId, uint32 taskIndex) external returns (uint256 challengeId);

    /// @notice The challenged executor shows the task's shard hash and its Merkle proof.
    function proveTask(uint256 challengeId, bytes32 shardHash, bytes32[] calldata proof) external;

    /// @notice A fresh staked executor commits to `keccak256(abi.encode(shardHash, verifier, salt))`
    /// after recomputing the challenged task, as a candidate for a verifier seat until the commit
    /// deadline; it locks `collateralPerTask` of its stake (released if it is not seated). Its
    /// weight in the draw is its stake at this call.
    function commitVerification(uint256 challengeId, bytes32 commitment) external;

    /// @notice Seats the verifiers once the commit deadline has passed. Up to `VERIFIERS`
    /// candidates are all seated at once. With more, the first call fixes the seed block (the
    /// current one) and a call in any later block draws `VERIFIERS` seats, weighted by stake,
    /// without replacement, from `keccak256(abi.encode(block.prevrandao, blockhash(drawBlock),
    /// challengeId))` (the drawing block's prevrandao); if the seed block's hash is no longer
    /// available (256 blocks later) the next call fixes a new one. Anyone may call; reveals and
    /// resolution also seat a list of up to `VERIFIERS` by themselves.
    function drawVerifiers(uint256 challengeId) external;

    /// @notice A seated verifier reveals the shard hash it committed to.
    function revealVerification(uint256 challengeId, bytes32 shardHash, bytes32 salt) external;

    /// @notice Decides a challenge once its windows have passed or all seated verifiers revealed.
    /// The verifiers vote with their weight (stake at commit): the side holding a strict majority
    /// of the revealed weight wins, and its verifiers share their reward in proportion to weight;
    /// a tie or no reveal is no quorum. Never drawn by the reveal deadline: no quorum, every
    /// candidate's lock released. No quorum leaves the result standing and costs the challenger
    /// 10% of its bond (to fees): a free one could be repeated to keep a result from settling.
    function resolveChallenge(uint256 challengeId) external;

    // ---------------------------------------------------------------- settlement

    /// @notice Pays every assignment in `assignmentIds` whose result is final; skips the others
    /// (already settled, still in a window, challenged) so a batch never fails on a race.
    /// @return settled How many were paid.
    function settle(uint256[] calldata assignmentIds) external returns (uint256 settled);

    /// @notice Ends an assignment past its deadline without a result (OPTIMISTIC: not submitted):
    /// slashes its collateral to fees (never the requester's), sends its tasks back to the book,
    /// removes the executor's ask and excludes the executor from the job. Anyone may call.
    function reclaim(uint256 assignmentId) external;

    /// @notice The executor hands back an assignment it has not submitted or committed (a generator
    /// that fails on its node, or runs slower than the job declared), until its deadline. Within the
    /// first half of one task's time after it was assigned ({declineFreeUntil}) this costs no
    /// collateral; later a share of it, growing linearly from nothing then to LATE_DECLINE_MAX_BPS
    /// (half) of it at the deadline, is slashed to fees (AssignmentSlashed, `beneficiary` this
    /// market; the registry counts the slash), so handing back never costs more than letting the
    /// assignment lapse (all of it) or than the cheapest way around a lapse (submitting anything and
    /// challenging it from another identity), costs less the sooner it is done, and gives the
    /// requester the tasks back sooner. The rest of the
    /// collateral is unlocked (AssignmentReleased), the executor's ask leaves the book (AskRemoved,
    /// `Declined`) and the executor is excluded from the job (ExecutorExcluded, the first time).
    /// The free window is half of one task's time whatever the assignment's size: a generator that
    /// fails only on the last task of a long assignment still costs most of its collateral. OPTIMISTIC: its tasks go back
    /// to the book (TasksReopened). REPLICATED: the group goes on without it (it counts against the
    /// majority, unslashed by the group; reveals and resolution need not wait for it); when every
    /// replica declined, the group ends at once without a majority (GroupResolved: reopened, or
    /// refunded after MAX_REOPENS). Only the assignment's executor may call. Without it, such an
    /// assignment lapses and all its collateral is slashed to fees: a requester could make every
    /// node it meets lose collateral with work none can do.
    function declineAssignment(uint256 assignmentId) external;

    /// @notice The last second assignment `assignmentId` can be declined without losing collateral
    /// (half of one task's time after it was assigned), whatever its status now.
    function declineFreeUntil(uint256 assignmentId) external view returns (uint64);

    /// @notice The executors never matched to job `jobId` again, in the order they were excluded:
    /// each declined an assignment of it, missed an assignment's deadline (reclaimed, or silent in
    /// a replicated group or a challenge), or had its result disproved or outvoted. Without this,
    /// the node that could not or would not do the work would win the reopened tasks back at once
    /// (often at the best price) and fail them again. Every one is kept (each is a staked executor
    /// that held an assignment of the job).
    function excludedExecutors(uint256 jobId) external view returns (address[] memory);

    /// @notice Sends the caller's credits (earnings, refunds, rewards) to the caller.
    function withdraw() external returns (uint256 amount);

    /// @notice Sends the caller's credits to `to` (not zero, the market or its registry).
    function withdrawTo(address to) external returns (uint256 amount);

    /// @notice Sends fees owed to the treasury and the BurnSchedule vault. Anyone may call.
    function distributeFees() external;

    // ---------------------------------------------------------------- admin (owner)

    /// @notice Sets the commission of `kind`, within [MIN_COMMISSION_BPS, MAX_COMMISSION_BPS];
    /// applies to jobs posted afterwards.
    function setCommission(JobKind kind, uint16 bps) external;

    /// @notice Sets the share of commission that goes to the burn vault (the rest to the treasury).
    function setBurnShare(uint16 bps) external;

    /// @notice Sets where the treasury's share of fees goes.
    function setTreasury(address treasury) external;

    /// @notice Sets the minimum collateral per task for `kind`.
    function setMinCollateral(JobKind kind, uint256 amount) external;

    // ---------------------------------------------------------------- views

    /// @notice Wei of NTK per compute unit per price tick.
    function PRICE_TICK() external view returns (uint256);

    /// @notice The settlement token (NTK).
    function token() external view returns (address);

    /// @notice The NodeRegistry whose stake backs asks and collateral.
    function registry() external view returns (address);

    /// @notice The BurnSchedule whose vault receives the burn share of fees.
    function burnVault() external view returns (address);

    /// @notice Where the treasury's share of fees goes.
    function treasury() external view returns (address);

    /// @notice The commission of `kind` in basis points.
    function commissionBps(JobKind kind) external view returns (uint16);

    /// @notice The share of commission sent to the burn vault, in basis points.
    function burnShareBps() external view returns (uint16);

    /// @notice The minimum collateral per task for `kind`.
    function minCollateral(JobKind kind) external view returns (uint256);

    /// @notice The market's time windows.
    function windows() external view returns (Windows memory);

    /// @notice Escrow a job with these parameters needs (max cost plus commission).
    function escrowFor(JobParams calldata params) external view returns (uint256);

    /// @notice What the book would do with a job now (bounded walk over the cheapest asks), with
    /// no limit on the time per task.
    function quote(JobKind kind, uint32 taskCount, uint64 unitsPerTask, uint8 replication, uint24 maxPriceTick)
        external
        view
        returns (Quote memory);

    /// @notice The same for a job giving `secondsPerTask` per task: asks whose executor's declared
    /// throughput cannot compute one task in that time are passed over, as matching does.
    function quote(
        JobKind kind,
        uint32 taskCount,
        uint64 unitsPerTask,
        uint8 replication,
        uint24 maxPriceTick,
        uint32 secondsPerTask
    ) external view returns (Quote memory);

    /// @notice The asks at the front of `kind`'s book, cheapest first, at most `max` of them.
    function bestAsks(JobKind kind, uint256 max) external view returns (Ask[] memory);

    /// @notice `executor`'s ask for `kind` (inactive if none).
    function getAsk(address executor, JobKind kind) external view returns (Ask memory);

    /// @notice A job by id.
    function getJob(uint256 jobId) external view returns (Job memory);

    /// @notice An assignment by id.
    function getAssignment(uint256 assignmentId) external view returns (Assignment memory);

    /// @notice A replicated group by id.
    function getGroup(uint256 groupId) external view returns (Group memory);

    /// @notice A challenge by id.
    function getChallenge(uint256 challengeId) external view returns (Challenge memory);

    /// @notice A challenge's verifiers: its candidates in commit order until the draw, then the
    /// seated ones.
    function getVerifiers(uint256 challengeId) external view returns (address[] memory);

    /// @notice The number of jobs, assignments, groups and challenges created so far.
    function counts() external view returns (uint256 jobs, uint256 assignments, uint256 groups, uint256 challenges);

    /// @notice Stake of `executor` locked as collateral by open assignments and verifications.
    function lockedCollateral(address executor) external view returns (uint256);

    /// @notice What `account` can {withdraw}.
    function credits(address account) external view returns (uint256);

    /// @notice Fees owed and not yet distributed.
    function feesOwed() external view returns (uint256);
}
