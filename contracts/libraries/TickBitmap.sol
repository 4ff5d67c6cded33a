// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title TickBitmap
/// @notice The set of non-empty price levels of a book over uint24 ticks, as a three-level bitmap:
/// 65,536 leaf words (one bit per tick), 256 middle words (one bit per non-empty leaf word) and one
/// root word (one bit per non-empty middle word). Setting or clearing a tick touches at most three
/// words and finding the next set tick in either direction reads at most five, so a book's gas is
/// independent of how many levels it holds or how far apart they are: nobody can make a search
/// walk past empty ticks.
library TickBitmap {
    struct Bitmap {
        uint256 root;
        mapping(uint256 index => uint256) mid;
        mapping(uint256 index => uint256) leaf;
    }

    /// @notice Marks `tick` non-empty.
    function set(Bitmap storage self, uint24 tick) internal {
        uint256 t = tick;
        uint256 leafWord = self.leaf[t >> 8];
        self.leaf[t >> 8] = leafWord | (1 << (t & 0xff));
        if (leafWord != 0) return; // the leaf already had a bit, so the upper levels know it
        uint256 midWord = self.mid[t >> 16];
        self.mid[t >> 16] = midWord | (1 << ((t >> 8) & 0xff));
        if (midWord != 0) return;
        self.root |= 1 << (t >> 16);
    }

    /// @notice Marks `tick` empty.
    function clear(Bitmap storage self, uint24 tick) internal {
        uint256 t = tick;
        uint256 leafWord = self.leaf[t >> 8] & ~(1 << (t & 0xff));
        self.leaf[t >> 8] = leafWord;
        if (leafWord != 0) return; // other ticks of this leaf are still set
        uint256 midWord = self.mid[t >> 16] & ~(1 << ((t >> 8) & 0xff));
        self.mid[t >> 16] = midWord;
        if (midWord != 0) return;
        self.root &= ~(1 << (t >> 16));
    }

    /// @notice The lowest set tick >= `tick`, if any.
    function nextAtOrAbove(Bitmap storage self, uint24 tick) internal view returns (bool found, uint24 next) {
        uint256 t = tick;
        // Shifting a uint256 by >= 256 gives 0 in Solidity, so `<< (x + 1)` with x = 255 masks all.
        uint256 word = self.leaf[t >> 8] & (type(uint256).max << (t & 0xff));
        if (word != 0) return (true, uint24((t & ~uint256(0xff)) | _lsb(word)));
        word = self.mid[t >> 16] & (type(uint256).max << (((t >> 8) & 0xff) + 1));
        uint256 leafIndex;
        if (word != 0) {
            leafIndex = ((t >> 16) << 8) | _lsb(word);
        } else {
            word = self.root & (type(uint256).max << ((t >> 16) + 1));
            if (word == 0) return (false, 0);
            uint256 midIndex = _lsb(word);
            leafIndex = (midIndex << 8) | _lsb(self.mid[midIndex]);
        }
        return (true, uint24((leafIndex << 8) | _lsb(self.leaf[leafIndex])));
    }

    /// @notice The highest set tick <= `tick`, if any.
    function nextAtOrBelow(Bitmap storage self, uint24 tick) internal view returns (bool found, uint24 next) {
        uint256 t = tick;
        uint256 word = self.leaf[t >> 8] & _upTo(t & 0xff);
        if (word != 0) return (true, uint24((t & ~uint256(0xff)) | _msb(word)));
        uint256 leafIndex;
        uint256 midBit = (t >> 8) & 0xff;
        word = midBit == 0 ? 0 : self.mid[t >> 16] & _upTo(midBit - 1);
        if (word != 0) {
            leafIndex = ((t >> 16) << 8) | _msb(word);
        } else {
            uint256 rootBit = t >> 16;
            word = rootBit == 0 ? 0 : self.root & _upTo(rootBit - 1);
            if (word == 0) return (false, 0);
            uint256 midIndex = _msb(word);
            leafIndex = (midIndex << 8) | _msb(self.mid[midIndex]);
        }
        return (true, uint24((leafIndex << 8) | _msb(self.leaf[leafIndex])));
    }

    /// @notice Whether `tick` is set.
    function isSet(Bitmap storage self, uint24 tick) internal view returns (bool) {
        return self.leaf[uint256(tick) >> 8] & (1 << (uint256(tick) & 0xff)) != 0;
    }

    /// @dev Mask of bits 0..`bit` inclusive (`bit` <= 255).
    function _upTo(uint256 bit) private pure returns (uint256) {
        return bit == 255 ? type(uint256).max : (uint256(1) << (bit + 1)) - 1;
    }

    /// @dev Index of the least significant set bit of a non-zero word.
    function _lsb(uint256 x) private pure returns (uint256) {
        // Two's complement isolates the lowest set bit; it wraps by design.
        unchecked {
            return _msb(x & (~x + 1));
        }
    }

    /// @dev Index of the most significant set bit of a non-zero word.
    function _msb(uint256 x) private pure returns (uint256) {
        return Math.log2(x);
    }
}
