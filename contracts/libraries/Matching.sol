// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {AskBook} from "./AskBook.sol";
import {MarketState} from "./MarketState.sol";

/// @title Matching
/// @notice The market's entry points that meet the books: placing an ask (then taking resting
/// bids), posting a job (validate, escrow, match, rest) and retrying a resting job. Public
/// functions: linked as an external library (delegatecall on the market's storage) to keep
/// JobMarket under the 24 KB limit.
library Matching {
    using SafeERC20 for IERC20;
    using AskBook for AskBook.Book;
    using MarketState for MarketState.State;

    /// A CIDv1 in base32 is ~59 bytes; 128 leaves room for any multibase without inviting spam.
    uint256 private constant MAX_CID_LENGTH = 128;
    /// A job's deadline can be at most this far ahead.
    uint64 internal constant MAX_JOB_DURATION = 365 days;

    function placeAsk(
        MarketState.State storage s,
        IJobMarket.JobKind kind,
        uint24 priceTick,
        uint32 capacity,
        uint256 maxAssignments
    ) public {
        checkBound(maxAssignments, MarketState.MAX_ASSIGNMENTS);
        if (!s.registry.isRegistered(msg.sender)) revert IJobMarket.NotRegisteredExecutor(msg.sender);
        if (priceTick == 0) revert IJobMarket.ZeroPrice();
        if (capacity == 0 || capacity > MarketState.MAX_CAPACITY) {
            revert IJobMarket.InvalidCapacity(capacity, MarketState.MAX_CAPACITY);
        }
        AskBook.Book storage book = s.asks[uint8(kind)];
        AskBook.Ask storage ask = book.asks[msg.sender];
        // Tasks already in flight hold their own collateral; the ask backs only the new ones.
        uint256 open = capacity > ask.inFlight ? capacity - ask.inFlight : 0;
        uint256 required = open * s.minCollateral[uint8(kind)];
        uint256 free = s.freeStake(msg.sender);
        if (free < required) revert IJobMarket.AskUnderCollateralized(free, required);

        if (ask.listed) book.unlink(msg.sender); // a replaced ask loses its place in the queue
        ask.priceTick = priceTick;
        ask.capacity = uint24(capacity); // at most MAX_CAPACITY (< 2^24), checked above
        ask.active = true;
        ask.placedAt = uint64(block.timestamp);
        if (open != 0) book.link(msg.sender);
        emit IJobMarket.AskPlaced(msg.sender, kind, priceTick, capacity);

        s.takeBids(kind, priceTick, msg.sender, maxAssignments);
    }

    /// @notice Validates, escrows (from the caller: approval or a permit just given) and matches.
    function postJob(
        MarketState.State storage s,
        IJobMarket.JobParams calldata params,
        uint256 maxAssignments
    ) public returns (uint256 jobId) {
        checkBound(maxAssignments, MarketState.MAX_ASSIGNMENTS);
        uint256 escrow = escrowFor(s, params);
        jobId = s.createJob(params, escrow, msg.sender);
        s.token.safeTransferFrom(msg.sender, address(this), escrow);
        s.matchJob(jobId, maxAssignments);
    }

    function matchJob(MarketState.State storage s, uint256 jobId, uint256 maxAssignments)
        public
        returns (uint256 created)
    {
        checkBound(maxAssignments, MarketState.MAX_ASSIGNMENTS);
        MarketState.JobData storage job = s.job(jobId);
        if (job.status != IJobMarket.JobStatus.Open || job.cancelled) {
            revert IJobMarket.JobNotOpen(jobId, job.status);
        }
        created = s.matchJob(jobId, maxAssignments);
    }

    /// @notice Validates `p` and returns its escrow: taskCount x replication x unitsPerTask x
    /// maxPriceTick x PRICE_TICK x (1 + commission). PRICE_TICK (1e9) is a multiple of 10,000, so
    /// the commission factor divides exactly: nothing is rounded, here or when an assignment's
    /// share is released.
    function escrowFor(MarketState.State storage s, IJobMarket.JobParams calldata p)
        public
        view
        returns (uint256 escrow)
    {
        if (p.kind != IJobMarket.JobKind.GENERATE) revert IJobMarket.KindNotSupported(p.kind);
        if (p.taskCount == 0 || p.taskCount > MarketState.MAX_TASKS) {
            revert IJobMarket.InvalidTaskCount(p.taskCount, MarketState.MAX_TASKS);
        }
        if (p.unitsPerTask == 0) revert IJobMarket.ZeroUnitsPerTask();
        if (p.maxPriceTick == 0) revert IJobMarket.ZeroPrice();
        _checkVerification(s, p);
        // A floor for every job on this chain: the fixed part of any assignment (seeing it,
        // fetching the spec, uploading, a transaction) must fit in its deadline, and half of it
        // is the free decline window. A job giving 1 s per task would otherwise slash, at no cost
        // to its poster, every node it is matched to before the node could act.
        uint32 minSeconds = s.windows.minSecondsPerTask;
        if (p.secondsPerTask < minSeconds) {
            revert IJobMarket.SecondsPerTaskTooShort(p.secondsPerTask, minSeconds);
        }
        if (p.deadline <= block.timestamp || p.deadline > block.timestamp + MAX_JOB_DURATION) {
            revert IJobMarket.InvalidDeadline(p.deadline, block.timestamp);
        }
        uint256 minColl = s.minCollateral[uint8(p.kind)];
        if (p.collateralPerTask < minColl) revert IJobMarket.CollateralTooLow(p.collateralPerTask, minColl);
        // Collateral is kept in 128 bits (a job's collateral and escrow share one slot).
        if (p.collateralPerTask > type(uint128).max) revert IJobMarket.EscrowOverflow();
        uint256 cidLength = bytes(p.specCid).length;
        if (cidLength == 0 || cidLength > MAX_CID_LENGTH) revert IJobMarket.InvalidSpecCid(cidLength);
        // At most 2^20 x 2^4 x 2^64 x 2^24 x 2^30 x 2^14: no uint256 overflow; 128 bits is the limit.
        escrow = uint256(p.taskCount) * p.replication * p.unitsPerTask * p.maxPriceTick
            * MarketState.PRICE_TICK * (MarketState.BPS + s.commissionBps[uint8(p.kind)]) / MarketState.BPS;
        if (escrow > type(uint128).max) revert IJobMarket.EscrowOverflow();
    }

    function _checkVerification(MarketState.State storage s, IJobMarket.JobParams calldata p) private view {
        if (p.verification == IJobMarket.Verification.OPTIMISTIC) {
            if (p.replication != 1) revert IJobMarket.InvalidReplication(p.verification, p.replication);
            IJobMarket.Windows storage w = s.windows;
            if (p.challengeWindow < w.minChallengeWindow || p.challengeWindow > w.maxChallengeWindow) {
                revert IJobMarket.ChallengeWindowOutOfBounds(
                    p.challengeWindow, w.minChallengeWindow, w.maxChallengeWindow
                );
            }
        } else if (p.replication < 3 || p.replication > MarketState.MAX_REPLICATION || p.replication % 2 == 0)
        {
            revert IJobMarket.InvalidReplication(p.verification, p.replication);
        }
    }

    function checkBound(uint256 value, uint256 max) internal pure {
        if (value == 0 || value > max) revert IJobMarket.InvalidBound(value, max);
    }
}
