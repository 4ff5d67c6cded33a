// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITokenSale} from "../contracts/interfaces/ITokenSale.sol";
import {SaleFixture} from "./utils/SaleFixture.sol";
import {ForceSend} from "./utils/Actors.sol";

/// @notice Property tests of the sale's arithmetic: bonuses, the hard cap and the ETH split.
contract TokenSaleFuzzTest is SaleFixture {
    uint256 internal constant CAP = 60_000_000e18;

    /// @dev The presale tier table from DESIGN.md, restated here rather than read from the sale.
    function _presaleBps(uint256 weiAmount) internal pure returns (uint16) {
        if (weiAmount > 10_000 ether) return 500;
        if (weiAmount > 5_000 ether) return 400;
        if (weiAmount > 3_000 ether) return 300;
        if (weiAmount > 2_000 ether) return 200;
        if (weiAmount > 1_000 ether) return 100;
        return 0;
    }

    /// The presale tier a cap-cut purchase earns: the highest tier (up to the one `value` reaches)
    /// whose threshold the wei accepted at that tier's rate, ceil(left / rate), strictly exceeds.
    function _presaleBpsAccepted(uint256 value, uint256 left) internal pure returns (uint16) {
        uint16 bps = _presaleBps(value);
        if (value * 1_000 * (10_000 + uint256(bps)) / 10_000 <= left) return bps; // not cut
        uint256[5] memory minWei = [uint256(1_000 ether), 2_000 ether, 3_000 ether, 5_000 ether, 10_000 ether];
        uint16[5] memory tierBps = [uint16(100), 200, 300, 400, 500];
        for (uint256 i = 5; i != 0; --i) {
            if (tierBps[i - 1] > bps) continue;
            uint256 rate = 1_000 * (10_000 + uint256(tierBps[i - 1]));
            uint256 accepted = (left * 10_000 + rate - 1) / rate;
            if (accepted >= value) accepted = value;
            if (accepted > minWei[i - 1]) return tierBps[i - 1];
        }
        return 0;
    }

    function _saleBps(uint256 timestamp) internal pure returns (uint16) {
        uint256 week = (timestamp - SALE_START) / WEEK;
        return week == 0 ? 1_500 : week == 1 ? 1_000 : week == 2 ? 500 : 0;
    }

    function testFuzz_bonusMath_presale(uint256 weiAmount, uint256 timestamp) public {
        // 55,000 ETH at the top tier is 57.75M NTK: below the cap, so nothing is cut.
        weiAmount = bound(weiAmount, 1, 55_000 ether);
        vm.warp(bound(timestamp, PRESALE_START, PRESALE_END - 1));
        uint16 bps = _presaleBps(weiAmount);
        uint256 tokens = _buy(alice, weiAmount);
        assertEq(tokens, weiAmount * 1_000 * (10_000 + uint256(bps)) / 10_000, "tokens");
        assertEq(sale.bonusTokensGiven(), tokens - weiAmount * 1_000, "bonus");
        assertEq(sale.weiRaised(), weiAmount);
    }

    function testFuzz_bonusMath_sale(uint256 weiAmount, uint256 timestamp) public {
        // 52,000 ETH at +15% is 59.8M NTK: below the cap.
        weiAmount = bound(weiAmount, 1, 52_000 ether);
        vm.warp(bound(timestamp, SALE_START, SALE_END - 1));
        uint16 bps = _saleBps(block.timestamp);
        assertEq(sale.currentBonusBps(weiAmount), bps);
        uint256 tokens = _buy(alice, weiAmount);
        assertEq(tokens, weiAmount * 1_000 * (10_000 + uint256(bps)) / 10_000, "tokens");
        assertEq(sale.bonusTokensGiven(), tokens - weiAmount * 1_000, "bonus");
    }

    function testFuzz_buy_neverExceedsHardCap(uint256 prefill, uint256 value, uint256 timestamp, bool presale)
        public
    {
        // Fill part of the cap at 0% bonus, then buy at any time of either window.
        prefill = bound(prefill, 0, 60_000 ether - 1);
        if (prefill != 0) {
            _warpToWeek(3);
            _buy(bob, prefill);
        }
        vm.warp(
            presale ? bound(timestamp, PRESALE_START, PRESALE_END - 1) : bound(timestamp, SALE_START, SALE_END - 1)
        );
        value = bound(value, 1, 100_000 ether);
        uint256 left = CAP - sale.tokensSold();
        uint16 bps = presale ? _presaleBpsAccepted(value, left) : _saleBps(block.timestamp);
        uint256 raisedBefore = sale.weiRaised();

        uint256 tokens = _buy(alice, value);
        uint256 accepted = sale.weiRaised() - raisedBefore;
        uint256 refund = alice.balance;

        assertLe(sale.tokensSold(), CAP, "cap");
        assertEq(accepted + refund, value, "refund + accepted == msg.value");
        assertEq(address(sale).balance, sale.weiRaised(), "sale holds exactly what it accepted");
        assertEq(sale.contributionOf(alice), accepted);
        // Worth of the accepted wei in token units, scaled by 10,000 to stay exact.
        uint256 paidWorth = accepted * 1_000 * (10_000 + uint256(bps));
        assertGe(paidWorth, tokens * 10_000, "never tokens that were not paid for");
        assertLt(paidWorth - tokens * 10_000, 1_000 * (10_000 + uint256(bps)), "overpays less than 1 wei");

        uint256 full = value * 1_000 * (10_000 + uint256(bps)) / 10_000;
        if (full <= left) {
            assertEq(tokens, full, "uncut purchase");
            assertEq(refund, 0);
        } else {
            assertEq(tokens, left, "cut purchase takes exactly what is left");
            assertEq(uint8(sale.phase()), uint8(ITokenSale.Phase.Ended));
        }
        assertEq(token.balanceOf(address(sale)) + sale.tokensSold(), CAP);
    }

    function testFuzz_finalize_splitSumsExactly(uint256 raised, uint256 forced) public {
        raised = bound(raised, 0, 60_000 ether);
        forced = bound(forced, 0, 1_000_000 ether);
        if (raised != 0) {
            _warpToWeek(3);
            _buy(alice, raised);
        }
        if (forced != 0) {
            vm.deal(address(this), forced);
            ForceSend.forceSend(address(sale), forced);
        }
        vm.warp(SALE_END);
        sale.finalize();

        uint256 balance = raised + forced;
        assertEq(address(sale).balance, balance);
        uint256 toPlatform = sale.withdrawableOf(platform);
        uint256 toLiquidity = sale.withdrawableOf(liquidityReserve);
        uint256 toMarketing = sale.withdrawableOf(marketing);
        uint256 toPartners = sale.withdrawableOf(partners);
        assertEq(toPlatform + toLiquidity + toMarketing + toPartners, balance, "split sums exactly");
        assertEq(toLiquidity, balance * 40 / 100);
        assertEq(toMarketing, balance * 10 / 100);
        assertEq(toPartners, balance * 10 / 100);
        // The platform gets its exact 40% plus the fractions the other three shares rounded away
        // (and its own): strictly less than 3 wei above 40%, compared in tenths of a wei.
        assertGe(toPlatform * 10, balance * 4, "platform gets at least 40%");
        assertLt(toPlatform * 10 - balance * 4, 30, "platform's dust is under 3 wei");

        address[4] memory who = [platform, liquidityReserve, marketing, partners];
        for (uint256 i; i < 4; ++i) {
            if (sale.withdrawableOf(who[i]) == 0) continue;
            vm.prank(who[i]);
            sale.withdraw();
        }
        assertEq(address(sale).balance, 0, "everything withdrawable, nothing stuck");
    }

    function testFuzz_voucher_cumulativeLimit(uint256 limit, uint256 first, uint256 second) public {
        limit = bound(limit, 1, 1_000 ether);
        first = bound(first, 1, limit);
        second = bound(second, 1, 1_000 ether);
        _warpToPresale();
        ITokenSale.Voucher memory v1 = _voucher(alice, alice, limit, 1, SALE_END);
        ITokenSale.Voucher memory v2 = _voucher(alice, alice, limit, 2, SALE_END);
        bytes memory sig1 = _sign(v1);
        bytes memory sig2 = _sign(v2);
        vm.deal(alice, first + second);
        vm.prank(alice);
        sale.buy{value: first}(alice, v1, sig1);
        if (first + second > limit) {
            vm.expectRevert(
                abi.encodeWithSelector(ITokenSale.ContributionLimitExceeded.selector, second, limit - first)
            );
        }
        vm.prank(alice);
        sale.buy{value: second}(alice, v2, sig2);
        assertLe(sale.contributionOf(alice), limit);
    }
}
