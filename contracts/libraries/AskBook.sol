// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TickBitmap} from "./TickBitmap.sol";

/// @title AskBook
/// @notice One job kind's asks: price levels on a {TickBitmap}, each level a FIFO queue of
/// executors (a doubly linked list keyed by executor, so removal from the middle is O(1)). Every
/// operation touches a constant number of slots whatever the book's depth. Best = lowest tick,
/// then earliest in its level (price-time priority). An ask that fills up may stay linked (taking
/// it out and back in costs ~40k gas per assignment): readers skip listed asks without room, and
/// the market's matching walk unlinks those it meets still full.
library AskBook {
    using TickBitmap for TickBitmap.Bitmap;

    /// @dev Two slots. The first holds everything matching and settlement read and write (price,
    /// capacity, tasks in flight, whether it is listed) plus the backward link, so an assignment or
    /// a settlement touches one slot of the ask; the second the forward link and bookkeeping.
    /// Capacity and tasks in flight are at most MAX_CAPACITY (100,000 < 2^24): 24 bits hold them.
    struct Ask {
        address prev;
        uint24 priceTick;
        uint24 capacity;
        uint24 inFlight;
        bool active;
        bool listed;
        address next;
        uint64 placedAt;
    }

    /// @dev An emptied level keeps EMPTY (not zero) in head and tail: re-filling a price level is
    /// then a non-zero to non-zero write (2,900 gas) instead of 22,100 per slot, which matters
    /// because a full ask leaves the book and comes back each time its tasks end.
    struct Level {
        address head;
        address tail;
    }

    address internal constant EMPTY = address(1);

    struct Book {
        TickBitmap.Bitmap ticks;
        mapping(uint24 tick => Level) levels;
        mapping(address executor => Ask) asks;
    }

    /// @notice Appends `executor`'s ask at the back of its price level (it must not be listed).
    function link(Book storage self, address executor) internal {
        Ask storage ask = self.asks[executor];
        uint24 tick = ask.priceTick;
        Level storage level = self.levels[tick];
        address tail = level.tail;
        if (tail == address(0) || tail == EMPTY) {
            level.head = executor;
            self.ticks.set(tick);
            tail = address(0);
        } else {
            self.asks[tail].next = executor;
        }
        level.tail = executor;
        ask.prev = tail;
        ask.next = address(0);
        ask.listed = true;
    }

    /// @notice Takes `executor`'s ask out of its level (it must be listed); the ask keeps its data.
    function unlink(Book storage self, address executor) internal {
        Ask storage ask = self.asks[executor];
        uint24 tick = ask.priceTick;
        Level storage level = self.levels[tick];
        address prev = ask.prev;
        address following = ask.next;
        if (prev == address(0)) level.head = following == address(0) ? EMPTY : following;
        else self.asks[prev].next = following;
        if (following == address(0)) level.tail = prev == address(0) ? EMPTY : prev;
        else self.asks[following].prev = prev;
        if (level.head == EMPTY) self.ticks.clear(tick);
        ask.prev = address(0);
        ask.next = address(0);
        ask.listed = false;
    }

    /// @notice The best ask at or under `maxTick` (zero address if none).
    function first(Book storage self, uint24 maxTick) internal view returns (address) {
        (bool found, uint24 tick) = self.ticks.nextAtOrAbove(0);
        if (!found || tick > maxTick) return address(0);
        return self.levels[tick].head;
    }

    /// @notice The best ask at a tick in [`tick`, `maxTick`] (zero address if none): where a
    /// walk resumes when the ask it stopped after has left the book.
    function firstAtOrAbove(Book storage self, uint24 tick, uint24 maxTick) internal view returns (address) {
        (bool found, uint24 at) = self.ticks.nextAtOrAbove(tick);
        if (!found || at > maxTick) return address(0);
        return self.levels[at].head;
    }

    /// @notice The ask after `executor`'s in book order, at or under `maxTick` (zero if none).
    function next(Book storage self, address executor, uint24 maxTick) internal view returns (address) {
        Ask storage ask = self.asks[executor];
        address after_ = ask.next;
        if (after_ != address(0)) return after_;
        uint24 tick = ask.priceTick;
        if (tick >= maxTick) return address(0);
        (bool found, uint24 higher) = self.ticks.nextAtOrAbove(tick + 1);
        if (!found || higher > maxTick) return address(0);
        return self.levels[higher].head;
    }
}
