// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {AskBook} from "./AskBook.sol";
import {MarketState} from "./MarketState.sol";

/// @title MarketViews
/// @notice The market's read side (structs assembled from packed storage, the book walks of
/// {IJobMarket.quote} and {IJobMarket.bestAsks}). Public view functions: linked as an external
/// library to keep JobMarket under the 24 KB limit.
library MarketViews {
    using AskBook for AskBook.Book;
    using MarketState for MarketState.State;

    /// The most asks {bestAsks} returns, whatever the caller asks for: a public RPC call stays cheap.
    uint256 internal constant MAX_BEST_ASKS = 128;
    /// The most asks {bestAsks} walks, full ones it skips included.
    uint256 internal constant MAX_BEST_WALK = 1_024;

    function bestAsks(MarketState.State storage s, IJobMarket.JobKind kind, uint256 max)
        public
        view
        returns (IJobMarket.Ask[] memory asks)
    {
        AskBook.Book storage book = s.asks[uint8(kind)];
        uint256 limit = max < MAX_BEST_ASKS ? max : MAX_BEST_ASKS;
        IJobMarket.Ask[] memory found = new IJobMarket.Ask[](limit);
        uint256 n;
        uint256 walked;
        for (
            address e = book.first(type(uint24).max);
            e != address(0) && n < limit && walked < MAX_BEST_WALK;
            e = book.next(e, type(uint24).max)
        ) {
            ++walked;
            // A full ask may still be linked (matching unlinks it lazily): it offers nothing now.
            AskBook.Ask storage ask = book.asks[e];
            if (ask.inFlight < ask.capacity) found[n++] = s.askView(kind, e);
        }
        asks = new IJobMarket.Ask[](n);
        for (uint256 i; i < n; ++i) {
            asks[i] = found[i];
        }
    }

    function quote(
        MarketState.State storage s,
        IJobMarket.JobKind kind,
        uint32 taskCount,
        uint64 unitsPerTask,
        uint8 replication,
        uint24 maxPriceTick,
        uint32 secondsPerTask
    ) public view returns (IJobMarket.Quote memory) {
        return s.quote(kind, taskCount, unitsPerTask, replication, maxPriceTick, secondsPerTask);
    }

    function getJob(MarketState.State storage s, uint256 jobId) public view returns (IJobMarket.Job memory) {
        return s.jobView(jobId);
    }

    function getAssignment(MarketState.State storage s, uint256 id)
        public
        view
        returns (IJobMarket.Assignment memory)
    {
        return s.assignmentView(id);
    }

    function getGroup(MarketState.State storage s, uint256 groupId)
        public
        view
        returns (IJobMarket.Group memory)
    {
        return s.groupView(groupId);
    }

    function getChallenge(MarketState.State storage s, uint256 challengeId)
        public
        view
        returns (IJobMarket.Challenge memory)
    {
        return s.challengeView(challengeId);
    }

    function getVerifiers(MarketState.State storage s, uint256 challengeId) public view returns (address[] memory) {
        return s.verifierList(challengeId);
    }

    function declineFreeUntil(MarketState.State storage s, uint256 id) public view returns (uint64) {
        MarketState.AssignmentData storage a = s.assignment(id);
        return MarketState.declineFreeUntil(a, s.jobs[a.jobId]);
    }

    function excludedExecutors(MarketState.State storage s, uint256 jobId) public view returns (address[] memory) {
        return s.excludedExecutors(jobId);
    }
}
