// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TickBitmap} from "./TickBitmap.sol";

/// @title BidBook
/// @notice One job kind's resting jobs (bids): levels by max price tick on a {TickBitmap}, a FIFO
/// queue of job ids per level (doubly linked, O(1) removal). Best = highest tick, then earliest.
library BidBook {
    using TickBitmap for TickBitmap.Bitmap;

    /// @dev One slot per resting job and one per level: job ids fit in 64 bits.
    struct Bid {
        uint64 prev;
        uint64 next;
        uint24 tick;
        bool listed;
    }

    struct Level {
        uint64 head;
        uint64 tail;
    }

    struct Book {
        TickBitmap.Bitmap ticks;
        mapping(uint24 tick => Level) levels;
        mapping(uint64 jobId => Bid) bids;
    }

    /// @notice Appends `jobId` at the back of level `tick` (it must not be listed).
    function insert(Book storage self, uint64 jobId, uint24 tick) internal {
        Level storage level = self.levels[tick];
        uint64 tail = level.tail;
        if (tail == 0) {
            level.head = jobId;
            self.ticks.set(tick);
        } else {
            self.bids[tail].next = jobId;
        }
        level.tail = jobId;
        self.bids[jobId] = Bid({prev: tail, next: 0, tick: tick, listed: true});
    }

    /// @notice Takes `jobId` out of the book (it must be listed).
    function remove(Book storage self, uint64 jobId) internal {
        Bid memory bid = self.bids[jobId];
        Level storage level = self.levels[bid.tick];
        if (bid.prev == 0) level.head = bid.next;
        else self.bids[bid.prev].next = bid.next;
        if (bid.next == 0) level.tail = bid.prev;
        else self.bids[bid.next].prev = bid.prev;
        if (level.head == 0) self.ticks.clear(bid.tick);
        delete self.bids[jobId];
    }

    /// @notice Whether `jobId` rests in the book.
    function listed(Book storage self, uint64 jobId) internal view returns (bool) {
        return self.bids[jobId].listed;
    }

    /// @notice The best bid at or above `minTick` (0 if none) and its tick.
    function best(Book storage self, uint24 minTick) internal view returns (uint64 jobId, uint24 tick) {
        bool found;
        (found, tick) = self.ticks.nextAtOrBelow(type(uint24).max);
        if (!found || tick < minTick) return (0, 0);
        return (self.levels[tick].head, tick);
    }

    /// @notice The bid after `jobId` in book order, at or above `minTick` (0 if none).
    function next(Book storage self, uint64 jobId, uint24 minTick) internal view returns (uint64, uint24) {
        Bid storage bid = self.bids[jobId];
        uint24 tick = bid.tick;
        uint64 after_ = bid.next;
        if (after_ != 0) return (after_, tick);
        if (tick <= minTick) return (0, 0);
        (bool found, uint24 lower) = self.ticks.nextAtOrBelow(tick - 1);
        if (!found || lower < minTick) return (0, 0);
        return (self.levels[lower].head, lower);
    }
}
