// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {AskBook} from "./AskBook.sol";
import {BidBook} from "./BidBook.sol";

/// @dev Candidates a challenge keeps for the draw of its verifier seats
/// ({MarketState.VERIFIER_CANDIDATES}). File-level so that other libraries can size the candidate
/// list's storage array with it: solc takes no `Library.CONSTANT` as an array length.
uint8 constant VERIFIER_CANDIDATE_SLOTS = 16;

/// @title MarketState
/// @notice The JobMarket's storage and the state transitions shared by its entry points: jobs,
/// matching against the books, assignments, settlement, slashing and credits. Internal functions
/// only (inlined into the market), Uniswap v4 style: the contract is a thin shell over this state.
library MarketState {
    using AskBook for AskBook.Book;
    using BidBook for BidBook.Book;

    uint256 internal constant PRICE_TICK = 1e9;
    uint32 internal constant MAX_TASKS = 1_000_000;
    uint8 internal constant MAX_REPLICATION = 9;
    uint8 internal constant MAX_REOPENS = 2;
    uint8 internal constant VERIFIERS = 3;
    /// Candidates a challenge keeps for the draw of its VERIFIERS seats: bounds the draw's gas.
    uint8 internal constant VERIFIER_CANDIDATES = VERIFIER_CANDIDATE_SLOTS;
    uint32 internal constant MAX_CAPACITY = 100_000;
    uint256 internal constant MAX_ASSIGNMENTS = 32;
    uint16 internal constant VERIFIER_REWARD_BPS = 2_500;
    /// The share of a disproved (or unproven) assignment's collateral its challenger earns; the
    /// rest, after the verifiers' reward, goes to fees. Not all of it: an executor that cannot
    /// finish could otherwise submit anything, challenge itself from a second identity, prove
    /// nothing and get its whole collateral back, at once and without unbonding.
    uint16 internal constant CHALLENGER_REWARD_BPS = 2_500;
    /// What a challenge that ends without a quorum costs its challenger, as a share of its bond,
    /// owed as fees. The executor proved its leaf (a challenge reaches no quorum only after a
    /// proof), the result stands and its window is given back, so a free NoQuorum could be
    /// repeated, one challenge after another, to keep an honest result from ever settling.
    uint16 internal constant NO_QUORUM_FEE_BPS = 1_000;
    /// The most a late {IJobMarket.declineAssignment} costs, as a share of the collateral (reached
    /// at the deadline): what the cheapest such self-challenge costs (its challenger's and its
    /// verifiers' rewards being all it could take back), so handing work back is never dearer.
    uint16 internal constant LATE_DECLINE_MAX_BPS = BPS - CHALLENGER_REWARD_BPS - VERIFIER_REWARD_BPS;
    uint16 internal constant BPS = 10_000;
    /// Asks a matching call may pass over (too little free stake for the job's collateral) before
    /// it stops: keeps every call bounded whatever sits at the front of the book.
    uint256 internal constant MAX_SKIPS = 32;
    /// Resting bids one {placeAsk} visits.
    uint256 internal constant MAX_BID_VISITS = 32;
    /// Bids one {placeAsk} may visit without creating an assignment (bids it could serve whose
    /// walk found too few asks) before it stops: see {takeBids}.
    uint256 internal constant MAX_FRUITLESS_BID_VISITS = 4;
    /// Asks one {quote} walks.
    uint256 internal constant MAX_QUOTE_ASKS = 128;

    /// @dev Five slots plus the CID, plus a resume cursor slot after it. Slot 2 (counters) is
    /// what matching and settlement write. The cursor slot is read and written only when the
    /// `resumes` flag (in slot 0, which matching reads anyway) is set, so the common path pays
    /// nothing for it: see {_pick}.
    struct JobData {
        address requester;
        IJobMarket.JobKind kind;
        IJobMarket.Verification verification;
        uint8 replication;
        IJobMarket.JobStatus status;
        uint16 commissionBps;
        uint24 maxPriceTick;
        bool cancelled;
        // Set while `resumeAfter`/`resumeTick` hold where the last matching walk gave up.
        bool resumes;
        // Set once an executor is excluded from the job ({exclude}); in slot 0, which matching
        // reads anyway, so a job nobody failed pays nothing for the check.
        bool hasExclusions;
        uint32 taskCount;
        uint32 tasksUnassigned;
        uint32 tasksAccepted;
        uint32 openAssignments;
        uint32 secondsPerTask;
        uint32 challengeWindow;
        uint64 unitsPerTask;
        uint64 postedAt;
        uint64 deadline;
        // Tasks [nextTask, taskCount) were never assigned; reopened ranges queue in
        // `ranges[jobId][rangeHead..rangeTail)` and are served first.
        uint32 nextTask;
        uint32 rangeHead;
        uint32 rangeTail;
        uint128 collateralPerTask;
        uint128 escrow;
        string specCid;
        // The last ask a matching walk passed over before it hit MAX_SKIPS, its price tick, and
        // how many asks that walk had picked before it stopped (kept in `held[jobId]`).
        address resumeAfter;
        uint24 resumeTick;
        uint8 heldCount;
    }

    /// @dev One slot at creation (a new slot costs 22,100 gas, the largest cost of a small
    /// assignment); `hash` (the commitment, then the root) is written once there is a result.
    /// Result CIDs live only in events. To fit one slot the executor is its market id
    /// ({Account.id}, {executorOf}), job and group ids take 32 bits (4 billion of each, checked
    /// when created), task numbers 24 bits (MAX_TASKS < 2^24) and times 40 bits (seconds until the
    /// year 36812; a later assignment deadline is stored as that, which means never all the same).
    struct AssignmentData {
        uint32 executorId;
        IJobMarket.AssignmentStatus status;
        uint24 priceTick;
        uint40 challengeEnd;
        uint32 jobId;
        uint24 firstTask;
        uint24 taskCount;
        uint32 groupId;
        uint40 deadline;
        bytes32 hash;
    }

    /// @dev The r assignments of a group have consecutive ids from `firstAssignment`.
    struct GroupData {
        uint64 jobId;
        uint32 firstTask;
        uint32 taskCount;
        uint8 replication;
        uint8 commits;
        uint8 reveals;
        uint8 reopens;
        bool resolved;
        // Replicas handed back by their executor ({IJobMarket.declineAssignment}).
        uint8 declines;
        uint64 commitDeadline;
        uint64 revealDeadline;
        uint64 firstAssignment;
        bytes32 winningRoot;
    }

    struct ChallengeData {
        uint64 assignmentId;
        address challenger;
        IJobMarket.ChallengeStatus status;
        uint8 commits;
        uint8 reveals;
        uint8 agreeing;
        uint32 taskIndex;
        uint64 proofDeadline;
        uint64 commitDeadline;
        uint64 revealDeadline;
        bool drawn;
        bytes32 shardHash;
        uint256 bond;
        uint64 drawBlock;
    }

    /// @dev `weight`: the candidate's stake when it committed (at least 1), its odds in the draw.
    struct Verifier {
        bytes32 commitment;
        bool revealed;
        bool agreed;
        uint96 weight;
    }

    /// @dev An account's locked collateral and credits share one slot with a flag set on first
    /// use, so the slot never returns to zero: writing a zero slot costs 22,100 gas, a non-zero
    /// one 2,900, and executors lock, earn and withdraw over and over. Both amounts are bounded
    /// by the token's supply (1e26 < 2^87).
    struct Account {
        uint96 locked;
        uint120 credits;
        bool opened;
        // The executor's number in assignments (0: never assigned), set on its first assignment.
        uint32 id;
    }

    struct Range {
        uint32 firstTask;
        uint32 taskCount;
        uint8 reopens;
    }

    struct State {
        IERC20 token;
        INodeRegistry registry;
        address burnVault;
        address treasury;
        uint16 burnShareBps;
        uint64 jobCount;
        uint64 assignmentCount;
        uint64 groupCount;
        uint64 challengeCount;
        uint256 feesOwed;
        IJobMarket.Windows windows;
        mapping(uint8 kind => uint16) commissionBps;
        mapping(uint8 kind => uint256) minCollateral;
        mapping(uint8 kind => AskBook.Book) asks;
        mapping(uint8 kind => BidBook.Book) bids;
        mapping(uint256 jobId => JobData) jobs;
        mapping(uint256 jobId => mapping(uint32 index => Range)) ranges;
        mapping(uint256 assignmentId => AssignmentData) assignments;
        mapping(uint256 groupId => GroupData) groups;
        mapping(uint256 challengeId => ChallengeData) challenges;
        // Candidates in commit order until the draw, then the seated verifiers first.
        mapping(uint256 challengeId => address[VERIFIER_CANDIDATES]) verifiers;
        mapping(uint256 challengeId => mapping(address verifier => Verifier)) verifications;
        mapping(address account => Account) accounts;
        mapping(uint32 id => address) executors;
        uint32 executorCount;
        // The asks a stopped matching walk of a replicated job had picked ({_pick}).
        mapping(uint256 jobId => address[MAX_REPLICATION]) held;
        // The executors never matched to the job again ({exclude}), as a set and in order.
        mapping(uint256 jobId => mapping(address executor => bool)) isExcluded;
        mapping(uint256 jobId => address[]) excludedList;
    }

    // ---------------------------------------------------------------- lookups

    function job(State storage s, uint256 jobId) internal view returns (JobData storage j) {
        if (jobId == 0 || jobId > s.jobCount) revert IJobMarket.UnknownJob(jobId);
        j = s.jobs[jobId];
    }

    function assignment(State storage s, uint256 id) internal view returns (AssignmentData storage a) {
        if (id == 0 || id > s.assignmentCount) revert IJobMarket.UnknownAssignment(id);
        a = s.assignments[id];
    }

    /// @notice The executor of `a` (stored as its market id: see {AssignmentData}).
    function executorOf(State storage s, AssignmentData storage a) internal view returns (address) {
        return s.executors[a.executorId];
    }

    /// @notice Stake in the registry not locked here. A slash leaves stake >= lock, but the floor
    /// keeps a view from reverting whatever happens.
    function freeStake(State storage s, address account) internal view returns (uint256) {
        return freeOf(s, account, s.registry.stakeOf(account));
    }

    /// @notice What of `staked` (the account's bonded stake) the market has not locked.
    function freeOf(State storage s, address account, uint256 staked) internal view returns (uint256) {
        uint256 held = s.accounts[account].locked;
        return staked > held ? staked - held : 0;
    }

    // ---------------------------------------------------------------- jobs and matching

    function createJob(State storage s, IJobMarket.JobParams calldata p, uint256 escrow, address requester)
        internal
        returns (uint256 jobId)
    {
        jobId = ++s.jobCount;
        // Assignments keep job ids in 32 bits ({AssignmentData}).
        SafeCast.toUint32(jobId);
        JobData storage j = s.jobs[jobId];
        uint16 bps = s.commissionBps[uint8(p.kind)];
        j.requester = requester;
        j.kind = p.kind;
        j.verification = p.verification;
        j.replication = p.replication;
        j.status = IJobMarket.JobStatus.Open;
        j.commissionBps = bps;
        j.maxPriceTick = p.maxPriceTick;
        j.taskCount = p.taskCount;
        // The caller checked taskCount <= 2^20 and replication <= 9: the product fits 32 bits.
        j.tasksUnassigned = p.taskCount * p.replication;
        j.secondsPerTask = p.secondsPerTask;
        j.challengeWindow = p.verification == IJobMarket.Verification.OPTIMISTIC ? p.challengeWindow : 0;
        j.unitsPerTask = p.unitsPerTask;
        j.postedAt = uint64(block.timestamp);
        j.deadline = p.deadline;
        j.collateralPerTask = uint128(p.collateralPerTask);
        j.escrow = uint128(escrow);
        j.specCid = p.specCid;
        _emitPosted(jobId, j);
    }

    /// @dev {IJobMarket.JobPosted} has fifteen fields, more than the legacy code generator can hold
    /// on the stack at once; the event is emitted with its exact ABI encoding by hand instead:
    /// three indexed topics after the signature, the twelve other fields as ABI-encoded data.
    function _emitPosted(uint256 jobId, JobData storage j) private {
        bytes memory data = _postedData(j);
        bytes32 topic = IJobMarket.JobPosted.selector;
        uint256 requester = uint160(j.requester);
        uint256 kind = uint8(j.kind);
        // The one way to emit an event from prepared data; nothing else is done in assembly.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            log4(add(data, 0x20), mload(data), topic, jobId, requester, kind)
        }
    }

    function _postedData(JobData storage j) private view returns (bytes memory) {
        return abi.encode(
            j.verification,
            j.replication,
            j.taskCount,
            j.unitsPerTask,
            j.maxPriceTick,
            uint256(j.collateralPerTask),
            j.secondsPerTask,
            j.challengeWindow,
            j.deadline,
            uint256(j.escrow),
            j.commissionBps,
            j.specCid
        );
    }

    /// @notice Whether `j` may still get assignments.
    function matchable(JobData storage j) internal view returns (bool) {
        return j.status == IJobMarket.JobStatus.Open && !j.cancelled && block.timestamp <= j.deadline;
    }

    /// @notice Matches job `jobId` against its kind's ask book, creating at most `budget`
    /// assignments, then rests what is left as a bid (or takes the job out of the bid book).
    function matchJob(State storage s, uint256 jobId, uint256 budget) internal returns (uint256 created) {
        (created,) = _match(s, jobId, budget, 0);
    }

    /// @dev {matchJob} for a walk that may pass over at most MAX_SKIPS - `skipped` asks; returns
    /// the skips counted so far, the ones before this call included.
    function _match(State storage s, uint256 jobId, uint256 budget, uint256 skipped)
        private
        returns (uint256 created, uint256 skips)
    {
        JobData storage j = s.jobs[jobId];
        skips = skipped;
        if (matchable(j) && j.tasksUnassigned != 0) {
            Walk memory w;
            w.skips = skipped;
            created = _fill(s, jobId, j, budget, w);
            skips = w.skips;
        }
        syncBid(s, jobId, created != 0);
    }

    /// @notice After a new ask at `askTick`: matches resting bids at or above it, best first,
    /// while `executor`'s ask is still in the book, within `budget` assignments.
    /// @dev Its walks share one MAX_SKIPS budget, and it stops after MAX_FRUITLESS_BID_VISITS
    /// walks that created nothing: otherwise asks parked at the front of the book that no bid can
    /// use, and bids the new ask could serve that no walk can fill (r replicas among too few
    /// asks), would make every placeAsk pay for MAX_BID_VISITS full walks (millions of gas). The
    /// bids it leaves are matched by a later ask or by anyone's {IJobMarket.matchJob}.
    function takeBids(
        State storage s,
        IJobMarket.JobKind kind,
        uint24 askTick,
        address executor,
        uint256 budget
    ) internal {
        BidBook.Book storage bids = s.bids[uint8(kind)];
        AskBook.Ask storage ask = s.asks[uint8(kind)].asks[executor];
        (uint64 jobId,) = bids.best(askTick);
        uint256 created;
        uint256 skips;
        uint256 fruitless;
        for (
            uint256 visits;
            jobId != 0 && created < budget && visits < MAX_BID_VISITS && skips < MAX_SKIPS
                && fruitless < MAX_FRUITLESS_BID_VISITS && ask.listed && ask.inFlight < ask.capacity;
            ++visits
        ) {
            // Read the successor first: matching may take this job out of the book.
            (uint64 nextId,) = bids.next(jobId, askTick);
            JobData storage j = s.jobs[jobId];
            // A bid the new ask cannot serve (a collateral its free stake cannot back, tasks it
            // cannot compute in time) is passed over without a walk: the walk would only meet the
            // asks that left it resting, and bids nobody can serve would otherwise make every
            // placeAsk pay for MAX_BID_VISITS walks of the book.
            if (_serves(s, jobId, j, executor)) {
                // The new ask sits at the back of its level: a job resuming past a higher tick
                // would walk right over it, so that job starts from the front of the book again.
                if (j.resumes && j.resumeTick > askTick) _forgetCursor(j);
                uint256 made;
                (made, skips) = _match(s, jobId, budget - created, skips);
                if (made == 0) ++fruitless;
                created += made;
            }
            jobId = nextId;
        }
    }

    /// @dev Whether `executor` could take a task of `j` now: free stake for its collateral, a
    /// declared throughput that computes a task within its time per task, and not excluded from
    /// the job ({_room}'s tests).
    function _serves(State storage s, uint256 jobId, JobData storage j, address executor)
        private
        view
        returns (bool)
    {
        (uint256 staked, uint64 unitsPerSecond) = s.registry.stakeAndThroughput(executor);
        if (freeOf(s, executor, staked) < j.collateralPerTask || !_inTime(j, unitsPerSecond)) return false;
        // Last: the job's first slot is cold here, and a bid it serves is matched (reads it) anyway.
        return !j.hasExclusions || !s.isExcluded[jobId][executor];
    }

    /// @dev Whether a node declaring `unitsPerSecond` computes a task of `j` within its time per
    /// task (unitsPerTask < 2^64, unitsPerSecond x secondsPerTask < 2^96: no overflow).
    function _inTime(JobData storage j, uint256 unitsPerSecond) private view returns (bool) {
        return j.unitsPerTask <= unitsPerSecond * j.secondsPerTask;
    }

    /// @notice Puts a job with unassigned tasks that can still be matched in the bid book, or takes
    /// it out. `changed`: emit BidRested even if it was already resting (its count changed).
    function syncBid(State storage s, uint256 jobId, bool changed) internal {
        JobData storage j = s.jobs[jobId];
        BidBook.Book storage book = s.bids[uint8(j.kind)];
        bool listed = book.listed(uint64(jobId));
        if (j.tasksUnassigned != 0 && matchable(j)) {
            if (!listed) book.insert(uint64(jobId), j.maxPriceTick);
            if (!listed || changed) {
                emit IJobMarket.BidRested(jobId, j.kind, j.maxPriceTick, j.tasksUnassigned);
            }
        } else if (listed) {
            book.remove(uint64(jobId));
            emit IJobMarket.BidRemoved(jobId);
        }
    }

    /// @dev Where a matching call's walk stands between the ranges it fills: the ask it goes on
    /// from, the asks passed over so far (at most MAX_SKIPS per call), the job's price and
    /// collateral limits, and the tasks the last walk's picks can all take. In memory: {_pick}
    /// needs more values than the stack holds.
    struct Walk {
        address at;
        uint256 skips;
        uint256 maxTick;
        uint256 coll;
        uint256 k;
        uint256 jobId;
        // Whether any executor is excluded from the job ({exclude}), read once per call.
        bool hasExclusions;
    }

    /// @dev `w` comes with the skips already counted (see {takeBids}) and leaves with this call's added.
    function _fill(State storage s, uint256 jobId, JobData storage j, uint256 budget, Walk memory w)
        private
        returns (uint256 created)
    {
        uint256 r = j.replication;
        address[] memory picked = new address[](r);
        AskBook.Book storage book = s.asks[uint8(j.kind)];
        w.at = _walkStart(book, j, j.maxPriceTick);
        w.maxTick = j.maxPriceTick;
        w.coll = j.collateralPerTask;
        w.jobId = jobId;
        w.hasExclusions = j.hasExclusions;
        while (created + r <= budget && j.tasksUnassigned != 0) {
            (uint32 first, uint32 count, uint8 reopens) = _nextRange(s, jobId, j);
            w.k = count;
            if (_pick(s, j, book, picked, w) < r) break;
            uint32 k = uint32(w.k);
            _takeRange(s, jobId, j, k);
            uint64 deadline = _deadlineFor(j, k);
            if (r == 1) {
                _assign(s, jobId, j, picked[0], first, k, 0, deadline);
            } else {
                _assignGroup(s, jobId, j, picked, first, k, reopens, deadline);
            }
            // The next range's walk goes on from the first pick that still has room (or past the
            // last pick), not from the front: every ask before it was passed over or has just been
            // filled, and neither can take tasks in this call. The walk then never unlinks an ask
            // this call filled.
            w.at = _resume(book, picked, uint24(w.maxTick));
            created += r;
        }
    }

    /// @dev When `k` tasks of `j` assigned now are due. secondsPerTask < 2^32 and k <= 2^20: no
    /// overflow. Assignments keep 40-bit times: a deadline past the year 36812 is stored as that
    /// (see {AssignmentData}).
    function _deadlineFor(JobData storage j, uint256 k) private view returns (uint64) {
        uint256 due = block.timestamp + uint256(j.secondsPerTask) * k;
        return uint64(due < type(uint40).max ? due : type(uint40).max);
    }

    /// @dev The first of `picked` (in book order) with room left, or the ask after the last one.
    function _resume(AskBook.Book storage book, address[] memory picked, uint24 maxTick)
        private
        view
        returns (address)
    {
        for (uint256 i; i < picked.length; ++i) {
            AskBook.Ask storage ask = book.asks[picked[i]];
            if (ask.inFlight < ask.capacity) return picked[i];
        }
        return book.next(picked[picked.length - 1], maxTick);
    }

    /// @dev Walks the ask book from `w.at` for `r = picked.length` distinct executors that can each
    /// take at least one task of this job; `w.k` (the range's task count on entry) comes back as the
    /// tasks all of them can take (capacity left and free stake / collateral per task). An ask whose
    /// free stake cannot back even the kind's minimum leaves the book; one that only falls short of
    /// this job's collateral is passed over, at most MAX_SKIPS times per call.
    ///
    /// An ask that fills up stays listed ({_assign}): unlinking it and linking it back when its
    /// tasks end cost ~40k gas per assignment, while most asks have room again by the next job.
    /// A walk that meets an ask still full unlinks it ({releaseTasks} links it back at the back of
    /// its level); that counts as a skip, so a book full of busy asks costs a bounded walk per
    /// call and each call clears up to MAX_SKIPS of them.
    ///
    /// The skip bound alone would let anyone park MAX_SKIPS minimum-stake asks in front of the
    /// book and keep every job with a higher collateral from ever reaching the asks behind them,
    /// since each call would start from the front again. So a walk that stops on the bound
    /// remembers the last ask it passed over (and that ask's tick) and the asks it had already
    /// picked (a replicated job needs r of them together, and parking MAX_SKIPS asks between
    /// every two that can serve it would otherwise keep any one call from seeing r), and the
    /// job's next walk starts with those picks, re-checked, and resumes right after the cursor,
    /// or from the first ask at or above its tick if it left the book: each call makes MAX_SKIPS
    /// asks of progress and loses none of its picks, so price-time priority holds for every ask
    /// not passed over. A walk that reaches the end of the book forgets the cursor and its picks,
    /// so the next one starts at the front again and sees asks that joined in front of it
    /// meanwhile (a new ask also takes resting bids itself, {takeBids}). An ask picked twice in
    /// one walk (held, then met again after rejoining its level) counts once.
    function _pick(
        State storage s,
        JobData storage j,
        AskBook.Book storage book,
        address[] memory picked,
        Walk memory w
    ) private returns (uint256 n) {
        // Read only on a resumed walk's first range (the flag is in slot 0, read anyway).
        if (j.resumes && j.heldCount != 0) {
            n = _takeHeld(s, j, book, picked, w);
            // The walk's start was read before the re-check, which may have unlinked it (a held ask
            // met full, or one that left the book): going on from an unlinked ask would skip the
            // rest of its level and unlink it twice, emptying the level. Start after the cursor
            // again: it now leads to the ask that followed.
            address start = w.at;
            if (start != address(0) && !book.asks[start].listed) {
                w.at = _walkStart(book, j, uint24(w.maxTick));
            }
        }
        address e = w.at;
        // The last ask passed over that is still listed.
        address passed;
        while (e != address(0) && n < picked.length && w.skips < MAX_SKIPS) {
            address following = book.next(e, uint24(w.maxTick));
            if (!_has(picked, n, e)) {
                uint256 room = _room(s, j, book, e, w);
                if (room == 0) {
                    ++w.skips;
                    if (book.asks[e].listed) passed = e;
                } else {
                    if (room < w.k) w.k = room;
                    picked[n++] = e;
                }
            }
            e = following;
        }
        if (e == address(0)) {
            if (j.resumes) _forgetCursor(j);
        } else if (n < picked.length && passed != address(0)) {
            // Stopped on the skip bound: written only here, never on the common path.
            j.resumes = true;
            j.resumeAfter = passed;
            j.resumeTick = book.asks[passed].priceTick;
            j.heldCount = uint8(n);
            address[MAX_REPLICATION] storage held = s.held[w.jobId];
            for (uint256 i; i < n; ++i) {
                held[i] = picked[i];
            }
        }
    }

    /// @dev The tasks of this job that ask `e` can take now (its room, and its free stake over the
    /// collateral per task), or zero if none. An ask met full is unlinked ({_pick}); one whose
    /// stake cannot back this job's collateral is passed over, or leaves the book if it cannot
    /// back even the kind's minimum ({_passOver}). So is one whose executor declared a throughput
    /// (NodeRegistry capabilities) too low to compute one task of this job within its
    /// `secondsPerTask`: matching is automatic, so without this a requester could post tasks no
    /// honest node can finish in time and collect the collateral of every ask it met, by reclaim.
    /// An executor excluded from the job ({exclude}) is passed over too.
    function _room(State storage s, JobData storage j, AskBook.Book storage book, address e, Walk memory w)
        private
        returns (uint256 room)
    {
        AskBook.Ask storage ask = book.asks[e];
        // A listed ask has inFlight <= capacity ({placeAsk} unlinks an ask it shrinks below that).
        room = ask.capacity - ask.inFlight;
        if (room == 0) {
            // Unlinking an ask that is not linked would reset its level's head and tail.
            if (ask.listed) book.unlink(e);
            return 0;
        }
        if (w.hasExclusions && s.isExcluded[w.jobId][e]) return 0;
        (uint256 staked, uint64 unitsPerSecond) = s.registry.stakeAndThroughput(e);
        if (!_inTime(j, unitsPerSecond)) return 0;
        uint256 free = freeOf(s, e, staked);
        if (free < w.coll) {
            _passOver(s, j, e, free);
            return 0;
        }
        free /= w.coll;
        if (free < room) room = free;
    }

    /// @dev Puts the asks a stopped walk had picked back into `picked`, each re-checked (still
    /// listed, at or under the job's max price, with room and free stake for this job); the job
    /// holds none afterwards. The price is checked again because a held ask may have been
    /// re-placed at another tick since: assigned above the max, it would be paid more than the job
    /// reserved for it (and {settleOne} could never settle it).
    function _takeHeld(
        State storage s,
        JobData storage j,
        AskBook.Book storage book,
        address[] memory picked,
        Walk memory w
    ) private returns (uint256 n) {
        address[MAX_REPLICATION] storage held = s.held[w.jobId];
        uint256 count = j.heldCount;
        j.heldCount = 0;
        for (uint256 i; i < count; ++i) {
            address e = held[i];
            AskBook.Ask storage ask = book.asks[e];
            if (!ask.listed || ask.priceTick > w.maxTick) continue;
            uint256 room = _room(s, j, book, e, w);
            if (room == 0) continue;
            if (room < w.k) w.k = room;
            picked[n++] = e;
        }
    }

    /// @dev Whether `e` is among the first `n` of `picked`.
    function _has(address[] memory picked, uint256 n, address e) private pure returns (bool) {
        for (uint256 i; i < n; ++i) {
            if (picked[i] == e) return true;
        }
        return false;
    }

    /// @dev The job's next walk starts from the front of the book, holding no picks.
    function _forgetCursor(JobData storage j) private {
        j.resumes = false;
        j.heldCount = 0;
    }

    /// @dev An ask whose free stake `free` cannot back this job's collateral: it leaves the book
    /// if it cannot back even the kind's minimum.
    function _passOver(State storage s, JobData storage j, address e, uint256 free) private {
        if (free < s.minCollateral[uint8(j.kind)]) {
            removeAsk(s, j.kind, e, IJobMarket.AskRemoval.InsufficientStake);
        }
    }

    /// @dev Where a matching walk for `j` starts: the best ask, or past the asks an earlier walk
    /// passed over (see {_pick}).
    function _walkStart(AskBook.Book storage book, JobData storage j, uint24 maxTick)
        private
        view
        returns (address)
    {
        if (!j.resumes) return book.first(maxTick);
        address after_ = j.resumeAfter;
        uint24 tick = j.resumeTick;
        AskBook.Ask storage ask = book.asks[after_];
        if (ask.listed && ask.priceTick == tick) return book.next(after_, maxTick);
        return book.firstAtOrAbove(tick, maxTick);
    }

    function _nextRange(State storage s, uint256 jobId, JobData storage j)
        private
        view
        returns (uint32 first, uint32 count, uint8 reopens)
    {
        if (j.rangeHead != j.rangeTail) {
            Range storage rg = s.ranges[jobId][j.rangeHead];
            return (rg.firstTask, rg.taskCount, rg.reopens);
        }
        return (j.nextTask, j.taskCount - j.nextTask, 0);
    }

    function _takeRange(State storage s, uint256 jobId, JobData storage j, uint32 k) private {
        uint32 head = j.rangeHead;
        if (head != j.rangeTail) {
            Range storage rg = s.ranges[jobId][head];
            if (rg.taskCount == k) {
                delete s.ranges[jobId][head];
                j.rangeHead = head + 1;
            } else {
                rg.firstTask += k;
                rg.taskCount -= k;
            }
        } else {
            j.nextTask += k;
        }
        j.tasksUnassigned -= k * j.replication;
    }

    function _assign(
        State storage s,
        uint256 jobId,
        JobData storage j,
        address executor,
        uint32 first,
        uint32 k,
        uint64 groupId,
        uint64 deadline
    ) private returns (uint256 id) {
        id = ++s.assignmentCount;
        AskBook.Book storage book = s.asks[uint8(j.kind)];
        AskBook.Ask storage ask = book.asks[executor];
        uint24 price = ask.priceTick;
        // Field by field: the result slot stays untouched (a zero write still costs). Job and group
        // ids were checked to fit 32 bits when created, tasks are below MAX_TASKS (< 2^24) and the
        // deadline was capped to 40 bits ({_fill}).
        AssignmentData storage a = s.assignments[id];
        a.jobId = uint32(jobId);
        a.executorId = _executorId(s, executor);
        a.status = IJobMarket.AssignmentStatus.Assigned;
        a.priceTick = price;
        a.firstTask = uint24(first);
        a.taskCount = uint24(k);
        a.groupId = uint32(groupId);
        a.deadline = uint40(deadline);
        uint256 collateral = uint256(k) * j.collateralPerTask;
        lock(s, executor, collateral);
        // k <= the ask's room (< 2^24). A full ask stays listed: see {_pick}.
        ask.inFlight += uint24(k);
        ++j.openAssignments;
        _emitAssigned(id, a, executor, collateral);
    }

    /// @dev `executor`'s market id, given on its first assignment (its account slot is written
    /// by the lock next anyway; the id's own slot is paid once per executor).
    function _executorId(State storage s, address executor) private returns (uint32 id) {
        Account storage acc = s.accounts[executor];
        id = acc.id;
        if (id == 0) {
            id = ++s.executorCount;
            acc.id = id;
            s.executors[id] = executor;
        }
    }

    /// @dev Out of {_assign} for the stack; the fields are read back from a warm slot (100 gas each).
    function _emitAssigned(uint256 id, AssignmentData storage a, address executor, uint256 collateral) private {
        emit IJobMarket.TasksAssigned(
            id, a.jobId, executor, a.firstTask, a.taskCount, a.priceTick, collateral, a.deadline, a.groupId
        );
    }

    function _assignGroup(
        State storage s,
        uint256 jobId,
        JobData storage j,
        address[] memory picked,
        uint32 first,
        uint32 k,
        uint8 reopens,
        uint64 deadline
    ) private {
        uint64 groupId = ++s.groupCount;
        // Assignments keep group ids in 32 bits ({AssignmentData}).
        SafeCast.toUint32(groupId);
        GroupData storage g = s.groups[groupId];
        g.jobId = uint64(jobId);
        g.firstTask = first;
        g.taskCount = k;
        g.replication = uint8(picked.length);
        g.reopens = reopens;
        g.commitDeadline = deadline;
        g.revealDeadline = deadline + s.windows.revealWindow;
        g.firstAssignment = s.assignmentCount + 1;
        for (uint256 i; i < picked.length; ++i) {
            _assign(s, jobId, j, picked[i], first, k, groupId, deadline);
        }
    }

    /// @notice Sends tasks [first, first + count) of `jobId` back to the book (served before tasks
    /// never assigned) and rests the job as a bid if it can still be matched.
    function reopen(State storage s, uint256 jobId, uint32 first, uint32 count, uint8 reopens) internal {
        JobData storage j = s.jobs[jobId];
        uint32 tail = j.rangeTail;
        s.ranges[jobId][tail] = Range({firstTask: first, taskCount: count, reopens: reopens});
        j.rangeTail = tail + 1;
        j.tasksUnassigned += count * j.replication;
        emit IJobMarket.TasksReopened(jobId, first, count, reopens);
        syncBid(s, jobId, true);
    }

    /// @notice Ends group `groupId` without a majority: its range goes back to the book, at most
    /// MAX_REOPENS times; after that the range's reserve (all r replicas) goes back to the requester.
    function retryOrRefund(State storage s, uint256 groupId, GroupData storage g, JobData storage j, uint8 slashed)
        internal
    {
        uint256 jobId = g.jobId;
        uint8 reopens = g.reopens + 1;
        if (reopens <= MAX_REOPENS) {
            emit IJobMarket.GroupResolved(groupId, jobId, bytes32(0), slashed, true, false);
            reopen(s, jobId, g.firstTask, g.taskCount, reopens);
        } else {
            uint256 refund = reservedFor(j, g.taskCount) * g.replication;
            j.escrow -= uint128(refund);
            emit IJobMarket.GroupResolved(groupId, jobId, bytes32(0), slashed, false, true);
            credit(s, j.requester, refund);
        }
    }

    /// @notice Keeps the executor of assignment `a` from being matched to its job again: it declined
    /// the assignment, missed its deadline, or its result was disproved or outvoted. Otherwise the
    /// node that could not or would not do the work would win the reopened tasks back at once (often
    /// at the best price) and fail them again, and a node whose generator fails on a job would have
    /// to stay out of the book (or above the job's price) until the job's deadline. Every such
    /// executor is kept: a bounded list would let its later members (or sybils that filled it)
    /// meet the job again and again. Each one is a staked executor that held an assignment of the
    /// job, so the list grows only as fast as the job fails on distinct nodes.
    function exclude(State storage s, AssignmentData storage a, JobData storage j) internal {
        uint256 jobId = a.jobId;
        address executor = executorOf(s, a);
        mapping(address => bool) storage excluded = s.isExcluded[jobId];
        if (excluded[executor]) return;
        excluded[executor] = true;
        s.excludedList[jobId].push(executor);
        j.hasExclusions = true;
        emit IJobMarket.ExecutorExcluded(jobId, executor);
    }

    function excludedExecutors(State storage s, uint256 jobId) internal view returns (address[] memory) {
        job(s, jobId);
        return s.excludedList[jobId];
    }

    /// @notice The last second `a` can be declined without losing collateral: half of one task's
    /// time after it was assigned (its deadline less the time of its tasks). A deadline stored
    /// capped ({AssignmentData}) only shortens the window.
    function declineFreeUntil(AssignmentData storage a, JobData storage j) internal view returns (uint64) {
        uint256 span = uint256(j.secondsPerTask) * a.taskCount;
        uint256 assignedAt = a.deadline > span ? a.deadline - span : 0;
        return uint64(assignedAt + j.secondsPerTask / 2);
    }

    // ---------------------------------------------------------------- asks

    function removeAsk(
        State storage s,
        IJobMarket.JobKind kind,
        address executor,
        IJobMarket.AskRemoval reason
    ) internal {
        AskBook.Book storage book = s.asks[uint8(kind)];
        AskBook.Ask storage ask = book.asks[executor];
        ask.active = false;
        if (ask.listed) book.unlink(executor);
        emit IJobMarket.AskRemoved(executor, kind, reason);
    }

    /// @notice `k` of `executor`'s tasks ended: its ask rejoins the back of its level if a
    /// matching walk took it out full ({_pick}) and it is still active, and its `placedAt` becomes
    /// now (time priority counts from when it rejoined, as the book orders it). One slot of the
    /// ask when it stays where it is.
    function releaseTasks(State storage s, IJobMarket.JobKind kind, address executor, uint256 k) internal {
        AskBook.Book storage book = s.asks[uint8(kind)];
        AskBook.Ask storage ask = book.asks[executor];
        // These k tasks were counted in inFlight (< 2^24).
        uint24 inFlight = ask.inFlight - uint24(k);
        ask.inFlight = inFlight;
        if (ask.active && !ask.listed && inFlight < ask.capacity) {
            book.link(executor);
            ask.placedAt = uint64(block.timestamp);
        }
    }

    // ---------------------------------------------------------------- money

    function credit(State storage s, address account, uint256 amount) internal {
        Account storage acc = s.accounts[account];
        // Credits never exceed the market's balance, itself below the token's supply.
        acc.credits += uint120(amount);
        acc.opened = true;
        emit IJobMarket.Credited(account, amount);
    }

    /// @notice Locks `amount` of `account`'s stake (the caller checked its free stake covers it,
    /// so the amount is below the supply and fits 128 bits).
    function lock(State storage s, address account, uint256 amount) internal {
        Account storage acc = s.accounts[account];
        acc.locked += uint96(amount);
        acc.opened = true;
    }

    /// @notice Releases `amount` of `account`'s lock (a part of what {lock} added).
    function unlock(State storage s, address account, uint256 amount) internal {
        s.accounts[account].locked -= uint96(amount);
    }

    /// @notice Takes `executor`'s ask for `kind` out of the book for `reason` if it is active. Call
    /// it before {failAssignment} (which releases the tasks), or the ask would rejoin the book.
    function dropAsk(State storage s, IJobMarket.JobKind kind, address executor, IJobMarket.AskRemoval reason)
        internal
    {
        if (s.asks[uint8(kind)].asks[executor].active) removeAsk(s, kind, executor, reason);
    }

    /// @notice Ends an assignment with a fault: its collateral moves from the registry to the
    /// market for `beneficiary` (the caller credits it, possibly split), its tasks count as failed,
    /// and its executor is excluded from the job ({exclude}).
    function failAssignment(
        State storage s,
        uint256 id,
        AssignmentData storage a,
        JobData storage j,
        address beneficiary
    ) internal returns (uint256 slashed) {
        exclude(s, a, j);
        address executor = executorOf(s, a);
        uint256 k = a.taskCount;
        --j.openAssignments;
        releaseTasks(s, j.kind, executor, k);
        slashed = k * j.collateralPerTask;
        unlock(s, executor, slashed);
        emit IJobMarket.AssignmentSlashed(id, executor, slashed, beneficiary);
        s.registry.slash(executor, slashed);
        s.registry.recordTasks(executor, 0, uint64(k));
    }

    /// @notice Ends an assignment with a fault nobody proved against it (a missed deadline, a
    /// silent or outvoted replica): its collateral goes to the market's fees (the treasury and the
    /// burn vault, {IJobMarket.distributeFees}), not to the requester. A requester who could
    /// collect it would profit from posting work its executors cannot do (a generator that fails
    /// or outruns every node, or differs between machines), so slashing would pay for attacks.
    function slashToFees(State storage s, uint256 id, AssignmentData storage a, JobData storage j) internal {
        s.feesOwed += failAssignment(s, id, a, j, address(this));
    }

    /// @notice Ends an assignment without fault and without payment: collateral unlocked.
    function release(State storage s, uint256 id, AssignmentData storage a, JobData storage j) internal {
        a.status = IJobMarket.AssignmentStatus.Released;
        --j.openAssignments;
        address executor = executorOf(s, a);
        unlock(s, executor, uint256(a.taskCount) * j.collateralPerTask);
        releaseTasks(s, j.kind, executor, a.taskCount);
        emit IJobMarket.AssignmentReleased(id);
    }

    /// @dev What a {settle} batch owes once per run of assignments sharing an account rather than
    /// once per assignment: the requester's refunds (one credit and event) and the executor's
    /// completed tasks (one registry call). Totals are unchanged; consecutive ids of one job or
    /// executor, the usual batch, pay for these once.
    struct Batch {
        address requester;
        uint256 refund;
        address executor;
        uint64 completed;
    }

    /// @notice Pays assignment `id` if its result is final (optimistic past its window, or
    /// accepted by its group); returns false, changing nothing, for any other id. The requester's
    /// refund and the executor's reputation are added to `b`: call {flush} after the batch.
    function settleOne(State storage s, uint256 id, Batch memory b) internal returns (bool) {
        if (id == 0 || id > s.assignmentCount) return false;
        AssignmentData storage a = s.assignments[id];
        IJobMarket.AssignmentStatus status = a.status;
        if (status == IJobMarket.AssignmentStatus.Submitted) {
            if (block.timestamp <= a.challengeEnd) return false;
        } else if (status != IJobMarket.AssignmentStatus.Accepted) {
            return false;
        }
        a.status = IJobMarket.AssignmentStatus.Settled;
        JobData storage j = s.jobs[a.jobId];
        address executor = executorOf(s, a);
        uint256 k = a.taskCount;
        (uint256 payment, uint256 fee, uint256 reserved) = _price(j, k, a.priceTick);
        // payment + fee <= reserved because priceTick <= maxPriceTick (checked when matched).
        uint256 refund = reserved - payment - fee;
        j.escrow -= uint128(reserved);
        --j.openAssignments;
        // Replicated ranges count as accepted once, when their group resolves.
        if (status == IJobMarket.AssignmentStatus.Submitted) j.tasksAccepted += uint32(k);
        s.feesOwed += fee;
        unlock(s, executor, k * j.collateralPerTask);
        releaseTasks(s, j.kind, executor, k);
        emit IJobMarket.AssignmentSettled(id, executor, payment, fee, refund);
        credit(s, executor, payment);
        if (refund != 0) {
            address requester = j.requester;
            if (requester != b.requester) {
                _flushRefund(s, b);
                b.requester = requester;
            }
            b.refund += refund;
        }
        if (executor != b.executor) {
            _flushTasks(s, b);
            b.executor = executor;
        }
        b.completed += uint64(k);
        return true;
    }

    /// @notice Credits and records what `b` still holds (the end of a {settle} batch).
    function flush(State storage s, Batch memory b) internal {
        _flushRefund(s, b);
        _flushTasks(s, b);
    }

    function _flushRefund(State storage s, Batch memory b) private {
        if (b.refund == 0) return;
        credit(s, b.requester, b.refund);
        b.refund = 0;
    }

    function _flushTasks(State storage s, Batch memory b) private {
        if (b.completed == 0) return;
        s.registry.recordTasks(b.executor, b.completed, 0);
        b.completed = 0;
    }

    /// @dev What `k` tasks at `priceTick` pay the executor, the commission on it, and what the
    /// job reserved for them (max price plus commission). PRICE_TICK is a multiple of 10,000, so
    /// every division here is exact.
    function _price(JobData storage j, uint256 k, uint24 priceTick)
        private
        view
        returns (uint256 payment, uint256 fee, uint256 reserved)
    {
        uint256 base = k * j.unitsPerTask * PRICE_TICK;
        uint16 bps = j.commissionBps;
        payment = base * priceTick;
        fee = payment * bps / BPS;
        reserved = base * j.maxPriceTick * (BPS + bps) / BPS;
    }

    /// @notice What the job reserved for `k` tasks of one replica (max price plus commission).
    function reservedFor(JobData storage j, uint256 k) internal view returns (uint256 reserved) {
        (,, reserved) = _price(j, k, 0);
    }

    // ---------------------------------------------------------------- views

    function askView(State storage s, IJobMarket.JobKind kind, address executor)
        internal
        view
        returns (IJobMarket.Ask memory)
    {
        AskBook.Ask storage a = s.asks[uint8(kind)].asks[executor];
        return IJobMarket.Ask({
            executor: executor,
            kind: kind,
            active: a.active,
            priceTick: a.priceTick,
            capacity: a.capacity,
            inFlight: a.inFlight,
            placedAt: a.placedAt
        });
    }

    function jobView(State storage s, uint256 jobId) internal view returns (IJobMarket.Job memory v) {
        JobData storage j = job(s, jobId);
        v.requester = j.requester;
        v.kind = j.kind;
        v.verification = j.verification;
        v.replication = j.replication;
        v.status = j.status;
        v.commissionBps = j.commissionBps;
        v.maxPriceTick = j.maxPriceTick;
        v.taskCount = j.taskCount;
        v.tasksUnassigned = j.tasksUnassigned;
        v.tasksAccepted = j.tasksAccepted;
        v.openAssignments = j.openAssignments;
        v.secondsPerTask = j.secondsPerTask;
        v.challengeWindow = j.challengeWindow;
        v.unitsPerTask = j.unitsPerTask;
        v.postedAt = j.postedAt;
        v.deadline = j.deadline;
        v.collateralPerTask = j.collateralPerTask;
        v.escrow = j.escrow;
        v.specCid = j.specCid;
    }

    /// @dev One stored hash serves both: the commitment until a replicated result is revealed,
    /// then the root (an optimistic result has only a root).
    function assignmentView(State storage s, uint256 id)
        internal
        view
        returns (IJobMarket.Assignment memory v)
    {
        AssignmentData storage a = assignment(s, id);
        JobData storage j = s.jobs[a.jobId];
        v.jobId = a.jobId;
        v.executor = executorOf(s, a);
        v.status = a.status;
        v.priceTick = a.priceTick;
        v.firstTask = a.firstTask;
        v.taskCount = a.taskCount;
        v.groupId = a.groupId;
        v.deadline = a.deadline;
        v.challengeEnd = a.challengeEnd;
        if (a.status == IJobMarket.AssignmentStatus.Committed) v.commitment = a.hash;
        else v.root = a.hash;
        v.collateral = uint256(a.taskCount) * j.collateralPerTask;
    }

    function groupView(State storage s, uint256 groupId) internal view returns (IJobMarket.Group memory v) {
        if (groupId == 0 || groupId > s.groupCount) revert IJobMarket.UnknownGroup(groupId);
        GroupData storage g = s.groups[groupId];
        v.jobId = g.jobId;
        v.firstTask = g.firstTask;
        v.taskCount = g.taskCount;
        v.replication = g.replication;
        v.commits = g.commits;
        v.reveals = g.reveals;
        v.declines = g.declines;
        v.reopens = g.reopens;
        v.resolved = g.resolved;
        v.commitDeadline = g.commitDeadline;
        v.revealDeadline = g.revealDeadline;
        v.winningRoot = g.winningRoot;
        v.assignmentIds = new uint64[](g.replication);
        for (uint256 i; i < g.replication; ++i) {
            v.assignmentIds[i] = g.firstAssignment + uint64(i);
        }
    }

    function challengeView(State storage s, uint256 challengeId)
        internal
        view
        returns (IJobMarket.Challenge memory v)
    {
        ChallengeData storage c = _knownChallenge(s, challengeId);
        v.assignmentId = c.assignmentId;
        v.challenger = c.challenger;
        v.taskIndex = c.taskIndex;
        v.status = c.status;
        v.commits = c.commits;
        v.reveals = c.reveals;
        v.agreeing = c.agreeing;
        v.proofDeadline = c.proofDeadline;
        v.commitDeadline = c.commitDeadline;
        v.revealDeadline = c.revealDeadline;
        v.shardHash = c.shardHash;
        v.bond = c.bond;
        v.drawn = c.drawn;
        v.drawBlock = c.drawBlock;
        (v.agreeingWeight, v.revealedWeight) = verifierWeights(s, challengeId, c.commits);
    }

    /// @dev The summed weights (stake at commit) of the listed verifiers who revealed, and of
    /// those among them who agreed with the executor. Reveals follow the draw, so before it both
    /// are 0; after it the list holds the seated only.
    function verifierWeights(State storage s, uint256 challengeId, uint256 listed)
        internal
        view
        returns (uint256 agreeing, uint256 revealed)
    {
        address[VERIFIER_CANDIDATES] storage list = s.verifiers[challengeId];
        for (uint256 i; i < listed; ++i) {
            Verifier storage v = s.verifications[challengeId][list[i]];
            if (!v.revealed) continue;
            revealed += v.weight;
            if (v.agreed) agreeing += v.weight;
        }
    }

    function verifierList(State storage s, uint256 challengeId) internal view returns (address[] memory list) {
        list = new address[](_knownChallenge(s, challengeId).commits);
        address[VERIFIER_CANDIDATES] storage stored = s.verifiers[challengeId];
        for (uint256 i; i < list.length; ++i) {
            list[i] = stored[i];
        }
    }

    function _knownChallenge(State storage s, uint256 challengeId) private view returns (ChallengeData storage) {
        if (challengeId == 0 || challengeId > s.challengeCount) {
            revert IJobMarket.UnknownChallenge(challengeId);
        }
        return s.challenges[challengeId];
    }

    /// @dev What {quote} carries from ask to ask.
    struct QuoteWalk {
        uint256 wanted;
        uint256 matched;
        uint256 perExecutor;
        uint256 unitsPerTask;
        uint256 secondsPerTask;
        uint256 minCollateral;
        uint256 commissionBps;
    }

    /// @notice Walks at most MAX_QUOTE_ASKS asks, cheapest first, as matching would (at the kind's
    /// minimum collateral): what they would take of `taskCount x replication` task slots, at what
    /// cost with commission, how many executors, and how long the slowest would need (from the
    /// throughput each declared in the registry). A replicated job gives each executor at most
    /// `taskCount` slots (one per task). Like matching ({_room}), it passes over asks whose
    /// executor's throughput cannot compute one task within `secondsPerTask`.
    function quote(
        State storage s,
        IJobMarket.JobKind kind,
        uint32 taskCount,
        uint64 unitsPerTask,
        uint8 replication,
        uint24 maxPriceTick,
        uint32 secondsPerTask
    ) internal view returns (IJobMarket.Quote memory q) {
        AskBook.Book storage book = s.asks[uint8(kind)];
        QuoteWalk memory w = QuoteWalk({
            wanted: uint256(taskCount) * (replication == 0 ? 1 : replication),
            matched: 0,
            perExecutor: taskCount,
            unitsPerTask: unitsPerTask,
            secondsPerTask: secondsPerTask,
            minCollateral: s.minCollateral[uint8(kind)],
            commissionBps: s.commissionBps[uint8(kind)]
        });
        uint256 walked;
        for (
            address e = book.first(maxPriceTick);
            e != address(0) && w.matched < w.wanted && walked < MAX_QUOTE_ASKS;
            e = book.next(e, maxPriceTick)
        ) {
            ++walked;
            _quoteAsk(s, e, book.asks[e], w, q);
        }
        q.tasksMatchable = uint32(w.matched);
    }

    function _quoteAsk(
        State storage s,
        address e,
        AskBook.Ask storage ask,
        QuoteWalk memory w,
        IJobMarket.Quote memory q
    ) private view {
        uint256 take = ask.capacity - ask.inFlight;
        if (take == 0) return; // a full ask still listed (see {_pick})
        (uint256 staked, uint256 speed) = s.registry.stakeAndThroughput(e);
        if (w.unitsPerTask > speed * w.secondsPerTask) return;
        uint256 byStake = freeOf(s, e, staked) / w.minCollateral;
        if (byStake < take) take = byStake;
        if (w.perExecutor < take) take = w.perExecutor;
        if (w.wanted - w.matched < take) take = w.wanted - w.matched;
        if (take == 0) return;
        w.matched += take;
        q.executors += 1;
        uint256 units = take * w.unitsPerTask;
        q.cost += units * ask.priceTick * PRICE_TICK * (BPS + w.commissionBps) / BPS;
        // Registration requires a positive throughput; the guard keeps the view total anyway.
        uint256 secs = speed == 0 ? 0 : (units + speed - 1) / speed;
        if (secs > q.expectedSeconds) q.expectedSeconds = uint64(secs);
    }
}
