// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TokenSale} from "../contracts/TokenSale.sol";
import {ITokenSale} from "../contracts/interfaces/ITokenSale.sol";
import {SaleFixture} from "./utils/SaleFixture.sol";
import {EthRejecter, ForceSend, PayerContract} from "./utils/Actors.sol";

contract TokenSaleTest is SaleFixture {
    uint256 internal constant CAP = 60_000_000e18;

    // ================================================================ deployment

    function test_deployment_views() public view {
        assertEq(sale.TOKENS_PER_ETH(), 1_000);
        assertEq(sale.HARD_CAP_TOKENS(), CAP);
        assertEq(sale.CAP_REVEAL_GRACE(), 7 days);
        assertEq(sale.token(), address(token));
        assertEq(sale.complianceSigner(), signer.addr);
        assertEq(sale.guardian(), guardian);
        assertEq(sale.secretCapCommitment(), keccak256(abi.encode(SECRET_CAP_WEI, SECRET_CAP_SALT)));
        assertEq(sale.revealedCapWei(), 0);
        assertEq(sale.endTime(), SALE_END);
        assertFalse(sale.paused());
        assertFalse(sale.finalized());
        ITokenSale.Schedule memory s = sale.schedule();
        assertEq(abi.encode(s), abi.encode(_schedule()));
        assertEq(abi.encode(sale.presaleTiers()), abi.encode(_tiers()));
        assertEq(abi.encode(sale.recipients()), abi.encode(_recipients()));
    }

    function test_deployment_emitsGuardianTransferred() public {
        vm.expectEmit(true, true, true, true);
        emit ITokenSale.GuardianTransferred(address(0), guardian);
        _newSale(_schedule(), _tiers(), _recipients(), signer.addr, guardian);
    }

    /// Kills the mutation that drops the constructor's ComplianceSignerChanged: indexers learn the
    /// first signer from it.
    function test_deployment_emitsComplianceSignerChanged() public {
        vm.expectEmit(true, true, true, true);
        emit ITokenSale.ComplianceSignerChanged(address(0), signer.addr);
        TokenSale fresh = _newSale(_schedule(), _tiers(), _recipients(), signer.addr, guardian);
        assertEq(fresh.complianceSigner(), signer.addr);
    }

    function test_revertsIf_deployedWithZeroAddress() public {
        ITokenSale.Recipients memory r = _recipients();
        vm.expectRevert(ITokenSale.ZeroAddress.selector);
        new TokenSale(address(0), _schedule(), _tiers(), r, signer.addr, guardian, 0);
        vm.expectRevert(ITokenSale.ZeroAddress.selector);
        _newSale(_schedule(), _tiers(), r, address(0), guardian);
        vm.expectRevert(ITokenSale.ZeroAddress.selector);
        _newSale(_schedule(), _tiers(), r, signer.addr, address(0));
        for (uint256 i; i < 4; ++i) {
            r = _recipients();
            if (i == 0) r.platform = address(0);
            if (i == 1) r.liquidityReserve = address(0);
            if (i == 2) r.marketing = address(0);
            if (i == 3) r.partners = address(0);
            vm.expectRevert(ITokenSale.ZeroAddress.selector);
            _newSale(_schedule(), _tiers(), r, signer.addr, guardian);
        }
    }

    function test_revertsIf_scheduleUnordered() public {
        ITokenSale.Schedule memory s = _schedule();
        s.presaleEnd = s.presaleStart; // empty presale
        _expectInvalidSchedule(s);
        s = _schedule();
        s.saleStart = s.presaleEnd - 1; // overlapping windows
        _expectInvalidSchedule(s);
        s = _schedule();
        s.saleEnd = s.saleStart; // empty sale
        _expectInvalidSchedule(s);
    }

    function test_deployment_allowsBackToBackWindows() public {
        ITokenSale.Schedule memory s = _schedule();
        s.saleStart = s.presaleEnd;
        TokenSale t = _newSale(s, _tiers(), _recipients(), signer.addr, guardian);
        vm.warp(s.presaleEnd - 1);
        assertEq(uint8(t.phase()), uint8(ITokenSale.Phase.Presale));
        vm.warp(s.presaleEnd);
        assertEq(uint8(t.phase()), uint8(ITokenSale.Phase.Sale));
    }

    function test_revertsIf_weekLengthZero() public {
        ITokenSale.Schedule memory s = _schedule();
        s.weekLength = 0;
        vm.expectRevert(ITokenSale.InvalidWeekLength.selector);
        _newSale(s, _tiers(), _recipients(), signer.addr, guardian);
    }

    function test_revertsIf_tiersInvalid() public {
        ITokenSale.Tier[] memory t = _tiers();
        t[2].minWei = t[1].minWei; // threshold not strictly ascending
        _expectInvalidTier(t, 2);
        t = _tiers();
        t[3].bonusBps = t[2].bonusBps; // bonus not strictly ascending
        _expectInvalidTier(t, 3);
        t = _tiers();
        t[0].bonusBps = 0;
        _expectInvalidTier(t, 0);
        t = new ITokenSale.Tier[](1);
        t[0] = ITokenSale.Tier({minWei: 1 ether, bonusBps: 10_001});
        _expectInvalidTier(t, 0);
    }

    function test_deployment_acceptsFullBonusTierAndNoTiers() public {
        ITokenSale.Tier[] memory t = new ITokenSale.Tier[](1);
        t[0] = ITokenSale.Tier({minWei: 0, bonusBps: 10_000});
        assertEq(_newSale(_schedule(), t, _recipients(), signer.addr, guardian).presaleTiers().length, 1);
        assertEq(
            _newSale(_schedule(), new ITokenSale.Tier[](0), _recipients(), signer.addr, guardian)
                .presaleTiers()
                .length,
            0
        );
    }

    // ================================================================ phases

    function test_phase_boundaries() public {
        _assertPhaseAt(T0, ITokenSale.Phase.BeforePresale);
        _assertPhaseAt(PRESALE_START - 1, ITokenSale.Phase.BeforePresale);
        _assertPhaseAt(PRESALE_START, ITokenSale.Phase.Presale);
        _assertPhaseAt(PRESALE_END - 1, ITokenSale.Phase.Presale);
        _assertPhaseAt(PRESALE_END, ITokenSale.Phase.BetweenPhases);
        _assertPhaseAt(SALE_START - 1, ITokenSale.Phase.BetweenPhases);
        _assertPhaseAt(SALE_START, ITokenSale.Phase.Sale);
        _assertPhaseAt(SALE_END - 1, ITokenSale.Phase.Sale);
        _assertPhaseAt(SALE_END, ITokenSale.Phase.Ended);
    }

    function test_buy_atFirstAndLastSecondOfEachWindow() public {
        uint64[4] memory times = [PRESALE_START, PRESALE_END - 1, SALE_START, SALE_END - 1];
        for (uint256 i; i < times.length; ++i) {
            vm.warp(times[i]);
            assertGt(_buy(alice, 1 ether), 0);
        }
    }

    function test_revertsIf_buyBeforePresale() public {
        _expectBuyRevertsAt(PRESALE_START - 1, ITokenSale.Phase.BeforePresale);
    }

    function test_revertsIf_buyBetweenPhases() public {
        _expectBuyRevertsAt(PRESALE_END, ITokenSale.Phase.BetweenPhases);
        _expectBuyRevertsAt(SALE_START - 1, ITokenSale.Phase.BetweenPhases);
    }

    function test_revertsIf_buyAfterEnd() public {
        _expectBuyRevertsAt(SALE_END, ITokenSale.Phase.Ended);
    }

    function test_revertsIf_buyAfterFinalize() public {
        vm.warp(SALE_END);
        sale.finalize();
        _expectBuyRevertsAt(SALE_END + 1, ITokenSale.Phase.Finalized);
    }

    function test_revertsIf_buyZeroValue() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucherFor(alice);
        bytes memory sig = _sign(v);
        vm.expectRevert(ITokenSale.ZeroPurchase.selector);
        vm.prank(alice);
        sale.buy(alice, v, sig);
    }

    function test_revertsIf_quoteOutsideWindows() public {
        vm.expectRevert(
            abi.encodeWithSelector(ITokenSale.SaleNotActive.selector, ITokenSale.Phase.BeforePresale)
        );
        sale.quote(1 ether);
    }

    // ================================================================ purchase bookkeeping

    function test_buy_deliversTokensAndRecords() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, bob, 10 ether, 42, SALE_END);
        bytes memory sig = _sign(v);
        vm.deal(alice, 2 ether);

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Purchased(alice, bob, ITokenSale.Phase.Presale, 2 ether, 0, 2_000e18, 0, 0, 42);
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20.Transfer(address(sale), bob, 2_000e18);
        vm.prank(alice);
        uint256 tokens = sale.buy{value: 2 ether}(bob, v, sig);

        assertEq(tokens, 2_000e18);
        assertEq(token.balanceOf(bob), 2_000e18);
        assertEq(token.balanceOf(alice), 0);
        assertEq(alice.balance, 0);
        assertEq(address(sale).balance, 2 ether);
        assertEq(sale.weiRaised(), 2 ether);
        assertEq(sale.tokensSold(), 2_000e18);
        assertEq(sale.bonusTokensGiven(), 0);
        assertEq(sale.contributionOf(bob), 2 ether);
        assertEq(sale.contributionOf(alice), 0);
        assertTrue(sale.voucherUsed(bob, 42));
        assertFalse(sale.voucherUsed(alice, 42));
        assertEq(token.balanceOf(address(sale)) + sale.tokensSold(), CAP);
    }

    function test_quote_matchesBuy() public {
        _warpToWeek(1);
        (uint256 accepted, uint256 refund, uint256 tokens, uint256 bonus) = sale.quote(3 ether + 1);
        assertEq(accepted, 3 ether + 1);
        assertEq(refund, 0);
        assertEq(tokens, _expectedTokens(3 ether + 1, 1_000));
        assertEq(bonus, (3 ether + 1) * 1_000 / 10);
        assertEq(_buy(alice, 3 ether + 1), tokens);
        assertEq(sale.bonusTokensGiven(), bonus);
    }

    // ================================================================ bonuses

    function test_bonus_publicSaleWeeks() public {
        uint16[5] memory expected = [uint16(1_500), 1_000, 500, 0, 0];
        for (uint256 week; week < 5; ++week) {
            uint256 first = SALE_START + week * WEEK;
            uint256 last = first + WEEK - 1;
            _assertSaleBonusAt(first, expected[week]);
            _assertSaleBonusAt(last, expected[week]);
        }
    }

    function test_bonus_presaleTierEdges() public {
        _warpToPresale();
        _assertPresaleBonus(1 wei, 0);
        _assertPresaleBonus(1_000 ether, 0); // exactly the threshold: lower tier
        _assertPresaleBonus(1_000 ether + 1, 100);
        _assertPresaleBonus(2_000 ether, 100);
        _assertPresaleBonus(2_000 ether + 1, 200);
        _assertPresaleBonus(3_000 ether, 200);
        _assertPresaleBonus(3_000 ether + 1, 300);
        _assertPresaleBonus(5_000 ether, 300);
        _assertPresaleBonus(5_000 ether + 1, 400);
        _assertPresaleBonus(10_000 ether, 400);
        _assertPresaleBonus(10_000 ether + 1, 500);
    }

    function test_bonus_presaleTiersIgnoredInPublicSale() public {
        _warpToWeek(3);
        assertEq(sale.currentBonusBps(20_000 ether), 0);
        _warpToWeek(0);
        assertEq(sale.currentBonusBps(20_000 ether), 1_500);
    }

    function test_bonus_zeroOutsideWindows() public {
        assertEq(sale.currentBonusBps(20_000 ether), 0);
        vm.warp(PRESALE_END);
        assertEq(sale.currentBonusBps(20_000 ether), 0);
        vm.warp(SALE_END);
        assertEq(sale.currentBonusBps(20_000 ether), 0);
    }

    function test_bonus_roundsDownAgainstBuyer() public {
        // The default bonuses are multiples of 10 bps, so wei * 1,000 * bps / 10,000 never rounds;
        // a 7 bps tier makes the rounding visible.
        ITokenSale.Tier[] memory t = new ITokenSale.Tier[](1);
        t[0] = ITokenSale.Tier({minWei: 0, bonusBps: 7});
        sale = _newSale(_schedule(), t, _recipients(), signer.addr, guardian);
        vm.prank(liquidityReserve);
        assertTrue(token.transfer(address(sale), 1_000_000e18));
        _warpToPresale();
        assertEq(_buy(alice, 1), 1_000); // bonus 0.7 units -> 0
        assertEq(_buy(alice, 3), 3_002); // bonus 2.1 units -> 2
        assertEq(sale.bonusTokensGiven(), 2);
    }

    // ================================================================ hard cap

    function test_cap_buyLandingExactlyOnCap() public {
        _warpToWeek(3);
        _buy(alice, 59_000 ether);
        ITokenSale.Voucher memory v = _voucherFor(bob);
        bytes memory sig = _sign(v);
        vm.deal(bob, 1_000 ether);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Purchased(bob, bob, ITokenSale.Phase.Sale, 1_000 ether, 0, 1_000_000e18, 0, 0, v.nonce);
        vm.prank(bob);
        sale.buy{value: 1_000 ether}(bob, v, sig);

        assertEq(sale.tokensSold(), CAP);
        assertEq(token.balanceOf(address(sale)), 0);
        assertEq(bob.balance, 0);
        assertEq(uint8(sale.phase()), uint8(ITokenSale.Phase.Ended));
        _expectBuyRevertsAt(block.timestamp, ITokenSale.Phase.Ended);
    }

    function test_cap_crossingBuyIsPartlyFilledAndRefunded() public {
        _warpToWeek(0); // 15% bonus: 1 wei buys 1,150 token units
        _buy(alice, 50_000 ether); // 57,500,000 NTK
        uint256 left = CAP - sale.tokensSold();
        assertEq(left, 2_500_000e18);

        // The least wei whose 115% covers `left`: ceil(left / 1,150).
        uint256 accepted = (left + 1_149) / 1_150;
        assertGe(accepted * 1_150, left, "paid for every token");
        assertLt((accepted - 1) * 1_150, left, "not a wei more than needed");
        uint256 refund = 3_000 ether - accepted;
        _assertQuote(3_000 ether, accepted, refund, left);

        ITokenSale.Voucher memory v = _voucherFor(bob);
        bytes memory sig = _sign(v);
        vm.deal(bob, 3_000 ether);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Purchased(
            bob, bob, ITokenSale.Phase.Sale, accepted, refund, left, left - accepted * 1_000, 1_500, v.nonce
        );
        vm.prank(bob);
        assertEq(sale.buy{value: 3_000 ether}(bob, v, sig), left);

        assertEq(token.balanceOf(bob), left);
        assertEq(bob.balance, refund, "excess refunded in the same transaction");
        assertEq(address(sale).balance, 50_000 ether + accepted);
        assertEq(sale.weiRaised(), 50_000 ether + accepted);
        assertEq(sale.contributionOf(bob), accepted, "only accepted wei counts toward the limit");
        assertEq(sale.tokensSold(), CAP);
        assertEq(uint8(sale.phase()), uint8(ITokenSale.Phase.Ended));
        _expectBuyRevertsAt(block.timestamp, ITokenSale.Phase.Ended);
    }

    function test_cap_partialFillWithoutBonusLeft() public {
        // When the rounded-up wei alone buys all that is left, the bonus part is zero.
        _warpToWeek(0);
        _buy(alice, 52_173_913_043_478_260_869_565); // leaves a remainder smaller than 1,150 units
        uint256 left = CAP - sale.tokensSold();
        assertLt(left, 1_150);
        assertGt(left, 0);
        (uint256 accepted,, uint256 tokens, uint256 bonus) = sale.quote(1 ether);
        assertEq(tokens, left);
        assertEq(accepted, 1);
        assertEq(bonus, left > 1_000 ? left - 1_000 : 0);
        _buy(bob, 1 ether);
        assertEq(sale.tokensSold(), CAP);
    }

    /// Kills the mutation that sends the cap refund to the beneficiary: the payer paid, the payer is refunded.
    function test_cap_refundGoesToPayerNotBeneficiary() public {
        _warpToWeek(3);
        _buy(alice, 59_000 ether);
        address carol = makeAddr("carol");
        ITokenSale.Voucher memory v = _voucher(bob, carol, type(uint128).max, 42, SALE_END);
        bytes memory sig = _sign(v);
        vm.deal(bob, 3_000 ether);
        vm.prank(bob);
        sale.buy{value: 3_000 ether}(carol, v, sig);
        assertEq(bob.balance, 2_000 ether, "payer refunded");
        assertEq(carol.balance, 0, "beneficiary gets tokens, not ETH");
        assertEq(token.balanceOf(carol), 1_000_000e18);
        assertEq(token.balanceOf(bob), 0);
    }

    /// The presale tier follows the ETH accepted, not sent: 10,000 ETH + 1 wei that the cap cuts to
    /// ~150 ETH earns no volume bonus (it used to earn +5%).
    function test_cap_presaleTierFollowsAcceptedWei_noTier() public {
        _warpToPresale();
        _buy(alice, 57_000 ether); // +5%: 59,850,000 NTK
        uint256 left = CAP - sale.tokensSold();
        assertEq(left, 150_000e18);
        uint256 sent = 10_000 ether + 1;
        _assertQuote(sent, 150 ether, sent - 150 ether, left);

        ITokenSale.Voucher memory v = _voucherFor(bob);
        bytes memory sig = _sign(v);
        vm.deal(bob, sent);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Purchased(bob, bob, ITokenSale.Phase.Presale, 150 ether, sent - 150 ether, left, 0, 0, v.nonce);
        vm.prank(bob);
        sale.buy{value: sent}(bob, v, sig);
        assertEq(bob.balance, sent - 150 ether);
        assertEq(sale.bonusTokensGiven(), 57_000 ether * 1_000 * 500 / 10_000, "only alice's bonus");
    }

    /// When the accepted part still clears a lower tier's threshold at that tier's rate, that tier applies.
    function test_cap_presaleTierFollowsAcceptedWei_lowerTier() public {
        _warpToPresale();
        _buy(alice, 55_000 ether); // +5%: 57,750,000 NTK
        uint256 left = CAP - sale.tokensSold();
        assertEq(left, 2_250_000e18);
        // +5%..+3% would accept ~2,143-2,185 ETH, under their 10,000/5,000/3,000 ETH thresholds;
        // at +2% it accepts ~2,206 ETH, above 2,000 ETH.
        uint256 accepted = (left * 10_000 + 1_000 * 10_200 - 1) / (1_000 * 10_200);
        assertGt(accepted, 2_000 ether);
        uint256 sent = 10_000 ether + 1;

        ITokenSale.Voucher memory v = _voucherFor(bob);
        bytes memory sig = _sign(v);
        vm.deal(bob, sent);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Purchased(
            bob, bob, ITokenSale.Phase.Presale, accepted, sent - accepted, left, left - accepted * 1_000, 200, v.nonce
        );
        vm.prank(bob);
        sale.buy{value: sent}(bob, v, sig);
        assertEq(sale.tokensSold(), CAP);
    }

    function test_cap_limitAppliesToAcceptedWeiOnly() public {
        _warpToWeek(3);
        _buy(alice, 59_999 ether);
        // Bob may contribute at most 1 ETH but sends 5: only 1 ETH is accepted, so the limit holds.
        ITokenSale.Voucher memory v = _voucher(bob, bob, 1 ether, 7, SALE_END);
        bytes memory sig = _sign(v);
        vm.deal(bob, 5 ether);
        vm.prank(bob);
        sale.buy{value: 5 ether}(bob, v, sig);
        assertEq(sale.contributionOf(bob), 1 ether);
        assertEq(bob.balance, 4 ether);
    }

    // ================================================================ secret cap

    function test_revertsIf_revealBeforeCapReached() public {
        _warpToWeek(0);
        _buy(alice, SECRET_CAP_WEI - 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenSale.CapNotReached.selector, SECRET_CAP_WEI - 1, SECRET_CAP_WEI)
        );
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
    }

    function test_revertsIf_revealWithWrongSaltOrCap() public {
        bytes32 committed = sale.secretCapCommitment();
        bytes32 wrongSalt = keccak256("wrong");
        vm.expectRevert(
            abi.encodeWithSelector(
                ITokenSale.CapCommitmentMismatch.selector,
                keccak256(abi.encode(SECRET_CAP_WEI, wrongSalt)),
                committed
            )
        );
        sale.revealCap(SECRET_CAP_WEI, wrongSalt);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITokenSale.CapCommitmentMismatch.selector,
                keccak256(abi.encode(SECRET_CAP_WEI + 1, SECRET_CAP_SALT)),
                committed
            )
        );
        sale.revealCap(SECRET_CAP_WEI + 1, SECRET_CAP_SALT);
    }

    function test_reveal_earlyEndsSevenDaysLater() public {
        _warpToWeek(0);
        _buy(alice, SECRET_CAP_WEI);
        vm.warp(SALE_START + 1 days);
        uint64 newEnd = SALE_START + 8 days;
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.SecretCapRevealed(SECRET_CAP_WEI, SECRET_CAP_WEI, newEnd, bob);
        vm.prank(bob); // anyone may reveal
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);

        assertEq(sale.endTime(), newEnd);
        assertEq(sale.revealedCapWei(), SECRET_CAP_WEI);
        _assertPhaseAt(newEnd - 1, ITokenSale.Phase.Sale);
        _buy(alice, 1 ether); // still open at the last second
        _assertPhaseAt(newEnd, ITokenSale.Phase.Ended);
        _expectBuyRevertsAt(newEnd, ITokenSale.Phase.Ended);
        sale.finalize();
    }

    function test_reveal_lateKeepsSaleEnd() public {
        _warpToWeek(0);
        _buy(alice, SECRET_CAP_WEI + 5 ether);
        vm.warp(SALE_END - 7 days + 1); // now + 7 days is past saleEnd
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.SecretCapRevealed(SECRET_CAP_WEI, SECRET_CAP_WEI + 5 ether, SALE_END, address(this));
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
        assertEq(sale.endTime(), SALE_END);
        _assertPhaseAt(SALE_END - 1, ITokenSale.Phase.Sale);
        _assertPhaseAt(SALE_END, ITokenSale.Phase.Ended);
    }

    function test_reveal_exactlySevenDaysBeforeEnd() public {
        _warpToWeek(0);
        _buy(alice, SECRET_CAP_WEI);
        vm.warp(SALE_END - 7 days);
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
        assertEq(sale.endTime(), SALE_END);
    }

    function test_reveal_inPresaleCanEndBeforePublicSale() public {
        _warpToPresale();
        _buy(alice, SECRET_CAP_WEI);
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
        assertEq(sale.endTime(), PRESALE_START + 7 days);
        _assertPhaseAt(PRESALE_START + 7 days, ITokenSale.Phase.Ended);
    }

    function test_revertsIf_revealTwice() public {
        _warpToWeek(0);
        _buy(alice, SECRET_CAP_WEI);
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
        vm.expectRevert(ITokenSale.CapAlreadyRevealed.selector);
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
    }

    function test_revertsIf_revealAfterFinalize() public {
        _warpToWeek(0);
        _buy(alice, SECRET_CAP_WEI);
        vm.warp(SALE_END);
        sale.finalize();
        vm.expectRevert(ITokenSale.AlreadyFinalized.selector);
        sale.revealCap(SECRET_CAP_WEI, SECRET_CAP_SALT);
    }

    function test_revertsIf_revealWithoutCommitment() public {
        _deploySystem(bytes32(0));
        assertEq(sale.secretCapCommitment(), bytes32(0));
        vm.expectRevert(ITokenSale.NoSecretCap.selector);
        sale.revealCap(0, bytes32(0));
    }

    // ================================================================ vouchers

    function test_voucherDigest_matchesIndependentEncoding() public view {
        ITokenSale.Voucher memory v = _voucher(alice, bob, 7 ether, 9, SALE_END);
        assertEq(sale.voucherDigest(v), _voucherDigest(v, block.chainid, address(sale)));
        assertEq(sale.VOUCHER_TYPEHASH(), VOUCHER_TYPEHASH);
    }

    function test_voucher_acceptedAtExpirySecond() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, uint64(block.timestamp));
        _buyWith(alice, alice, 1 ether, v, _sign(v));
        assertEq(sale.contributionOf(alice), 1 ether);
    }

    function test_revertsIf_voucherExpired() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, uint64(block.timestamp));
        bytes memory sig = _sign(v);
        vm.warp(block.timestamp + 1);
        vm.deal(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.VoucherExpired.selector, v.expiry, block.timestamp));
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v, sig);
    }

    function test_revertsIf_voucherReplayed() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 10 ether, 5, SALE_END);
        bytes memory sig = _sign(v);
        _buyWith(alice, alice, 1 ether, v, sig);
        vm.deal(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.VoucherAlreadyUsed.selector, alice, 5));
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v, sig);

        // A freshly signed voucher reusing the nonce for the same beneficiary is refused as well.
        ITokenSale.Voucher memory v2 = _voucher(alice, alice, 20 ether, 5, SALE_END);
        bytes memory sig2 = _sign(v2);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.VoucherAlreadyUsed.selector, alice, 5));
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v2, sig2);
    }

    function test_voucher_nonceIsPerBeneficiary() public {
        _warpToPresale();
        ITokenSale.Voucher memory va = _voucher(alice, alice, 1 ether, 5, SALE_END);
        ITokenSale.Voucher memory vb = _voucher(bob, bob, 1 ether, 5, SALE_END);
        _buyWith(alice, alice, 1 ether, va, _sign(va));
        _buyWith(bob, bob, 1 ether, vb, _sign(vb));
        assertTrue(sale.voucherUsed(alice, 5) && sale.voucherUsed(bob, 5));
    }

    function test_revertsIf_voucherFromWrongSigner() public {
        _warpToPresale();
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, SALE_END);
        bytes memory sig = _signWith(malloryKey, v, block.chainid);
        vm.deal(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.InvalidVoucherSignature.selector, mallory, signer.addr));
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v, sig);
    }

    function test_revertsIf_voucherForOtherChain() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, SALE_END);
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(signer.privateKey, _voucherDigest(v, block.chainid, address(sale)));
        // The same signature replayed after a fork to another chain id recovers to an unrelated address.
        vm.chainId(block.chainid + 1);
        address recovered = ecrecover(_voucherDigest(v, block.chainid, address(sale)), sv, r, s);
        assertTrue(recovered != signer.addr);
        vm.deal(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenSale.InvalidVoucherSignature.selector, recovered, signer.addr)
        );
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v, abi.encodePacked(r, s, sv));
    }

    function test_revertsIf_voucherForOtherSaleContract() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, SALE_END);
        bytes32 otherDigest = _voucherDigest(v, block.chainid, address(0xBEEF));
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(signer.privateKey, otherDigest);
        address recovered = ecrecover(_voucherDigest(v, block.chainid, address(sale)), sv, r, s);
        vm.deal(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenSale.InvalidVoucherSignature.selector, recovered, signer.addr)
        );
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v, abi.encodePacked(r, s, sv));
    }

    function test_revertsIf_voucherForOtherBeneficiary() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, SALE_END);
        bytes memory sig = _sign(v);
        vm.deal(alice, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.VoucherBeneficiaryMismatch.selector, alice, bob));
        vm.prank(alice);
        sale.buy{value: 1 ether}(bob, v, sig);
    }

    function test_revertsIf_voucherForOtherPayer() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, SALE_END);
        bytes memory sig = _sign(v);
        vm.deal(bob, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.VoucherPayerMismatch.selector, alice, bob));
        vm.prank(bob);
        sale.buy{value: 1 ether}(alice, v, sig);
    }

    function test_revertsIf_signatureMalformed() public {
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucher(alice, alice, 1 ether, 1, SALE_END);
        bytes memory good = _sign(v);
        (bytes32 r, bytes32 s) = abi.decode(good, (bytes32, bytes32));
        uint8 sv = uint8(good[64]);
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

        bytes[] memory bad = new bytes[](5);
        bad[0] = "";
        bad[1] = abi.encodePacked(r, s); // 64 bytes: compact form is not accepted
        bad[2] = abi.encodePacked(good, uint8(0)); // 66 bytes
        bad[3] = abi.encodePacked(r, s, uint8(0)); // v outside {27, 28}
        bad[4] = abi.encodePacked(r, bytes32(n - uint256(s)), sv == 27 ? uint8(28) : uint8(27)); // malleable high s
        vm.deal(alice, 1 ether);
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(ITokenSale.InvalidVoucherSignature.selector, address(0), signer.addr)
            );
            vm.prank(alice);
            sale.buy{value: 1 ether}(alice, v, bad[i]);
        }
        _buyWith(alice, alice, 1 ether, v, good);
    }

    function test_voucher_cumulativeLimit() public {
        _warpToPresale();
        ITokenSale.Voucher memory v1 = _voucher(alice, alice, 10 ether, 1, SALE_END);
        ITokenSale.Voucher memory v2 = _voucher(alice, alice, 10 ether, 2, SALE_END);
        ITokenSale.Voucher memory v3 = _voucher(alice, alice, 10 ether, 3, SALE_END);
        _buyWith(alice, alice, 6 ether, v1, _sign(v1));

        bytes memory sig2 = _sign(v2);
        vm.deal(alice, 5 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.ContributionLimitExceeded.selector, 5 ether, 4 ether));
        vm.prank(alice);
        sale.buy{value: 5 ether}(alice, v2, sig2);
        assertFalse(sale.voucherUsed(alice, 2), "a failed buy leaves the voucher unused");

        _buyWith(alice, alice, 4 ether, v2, sig2); // lands exactly on the limit
        assertEq(sale.contributionOf(alice), 10 ether);

        bytes memory sig3 = _sign(v3);
        vm.deal(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.ContributionLimitExceeded.selector, 1, 0));
        vm.prank(alice);
        sale.buy{value: 1}(alice, v3, sig3);
    }

    function test_voucher_limitCountsEveryPayerForBeneficiary() public {
        _warpToPresale();
        // Two payers funding the same beneficiary share the beneficiary's limit.
        ITokenSale.Voucher memory va = _voucher(alice, bob, 3 ether, 1, SALE_END);
        ITokenSale.Voucher memory vb = _voucher(bob, bob, 3 ether, 2, SALE_END);
        _buyWith(alice, bob, 2 ether, va, _sign(va));
        bytes memory sig = _sign(vb);
        vm.deal(bob, 2 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.ContributionLimitExceeded.selector, 2 ether, 1 ether));
        vm.prank(bob);
        sale.buy{value: 2 ether}(bob, vb, sig);
    }

    // ================================================================ pause and guardian

    function test_pause_onlyGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NotGuardian.selector, alice));
        vm.prank(alice);
        sale.setPaused(true);

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.PauseChanged(true, guardian);
        vm.prank(guardian);
        sale.setPaused(true);
        assertTrue(sale.paused());
    }

    function test_revertsIf_buyWhilePaused() public {
        _warpToPresale();
        vm.prank(guardian);
        sale.setPaused(true);
        ITokenSale.Voucher memory v = _voucherFor(alice);
        bytes memory sig = _sign(v);
        vm.deal(alice, 1 ether);
        vm.expectRevert(ITokenSale.PurchasesPaused.selector);
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, v, sig);

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.PauseChanged(false, guardian);
        vm.prank(guardian);
        sale.setPaused(false);
        _buyWith(alice, alice, 1 ether, v, sig);
    }

    function test_pause_finalizeAndWithdrawStillWork() public {
        _warpToWeek(0);
        _buy(alice, 10 ether);
        vm.prank(guardian);
        sale.setPaused(true);
        vm.warp(SALE_END);
        sale.finalize();
        vm.prank(platform);
        sale.withdraw();
        assertEq(platform.balance, 4 ether);
    }

    function test_transferGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NotGuardian.selector, alice));
        vm.prank(alice);
        sale.transferGuardian(alice);

        vm.expectRevert(ITokenSale.ZeroAddress.selector);
        vm.prank(guardian);
        sale.transferGuardian(address(0));

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.GuardianTransferred(guardian, alice);
        vm.prank(guardian);
        sale.transferGuardian(alice);
        assertEq(sale.guardian(), alice);

        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NotGuardian.selector, guardian));
        vm.prank(guardian);
        sale.setPaused(true);
        vm.prank(alice);
        sale.setPaused(true);
        assertTrue(sale.paused());
    }

    function test_setComplianceSigner_rotatesTheKey() public {
        _warpToPresale();
        ITokenSale.Voucher memory oldVoucher = _voucherFor(alice);
        bytes memory oldSignature = _sign(oldVoucher);
        Vm.Wallet memory newSigner = vm.createWallet("rotatedComplianceSigner");

        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NotGuardian.selector, alice));
        vm.prank(alice);
        sale.setComplianceSigner(alice);

        vm.expectRevert(ITokenSale.ZeroAddress.selector);
        vm.prank(guardian);
        sale.setComplianceSigner(address(0));

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.ComplianceSignerChanged(signer.addr, newSigner.addr);
        vm.prank(guardian);
        sale.setComplianceSigner(newSigner.addr);
        assertEq(sale.complianceSigner(), newSigner.addr);

        // A voucher signed by the old key is refused from now on...
        vm.deal(alice, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenSale.InvalidVoucherSignature.selector, signer.addr, newSigner.addr)
        );
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, oldVoucher, oldSignature);

        // ...and one signed by the new key is accepted.
        bytes memory newSignature = _signWith(newSigner.privateKey, oldVoucher, block.chainid);
        vm.prank(alice);
        sale.buy{value: 1 ether}(alice, oldVoucher, newSignature);
        assertEq(token.balanceOf(alice), 1_000e18);
    }

    // ================================================================ finalize

    function test_revertsIf_finalizeBeforeEnd() public {
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.SaleNotEnded.selector, SALE_END));
        sale.finalize();
        vm.warp(SALE_END - 1);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.SaleNotEnded.selector, SALE_END));
        sale.finalize();
    }

    function test_finalize_afterEndBurnsUnsoldAndCreditsSplit() public {
        // An odd total: 1,000 ETH + 7 wei, so the shares do not divide evenly.
        _warpToWeek(3);
        _buy(alice, 1_000 ether + 7);
        uint256 sold = sale.tokensSold();
        uint256 unsold = CAP - sold;
        vm.warp(SALE_END);

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.WithdrawalCredited(platform, 400 ether + 5); // 40% is 400 ETH + 2.8 wei: 2.2 wei dust
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.WithdrawalCredited(liquidityReserve, 400 ether + 2);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.WithdrawalCredited(marketing, 100 ether);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.WithdrawalCredited(partners, 100 ether);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Finalized(1_000 ether + 7, sold, unsold, bob);
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20.Transfer(address(sale), address(0), unsold);
        vm.prank(bob); // permissionless
        sale.finalize();

        assertTrue(sale.finalized());
        assertEq(uint8(sale.phase()), uint8(ITokenSale.Phase.Finalized));
        assertEq(token.balanceOf(address(sale)), 0);
        assertEq(token.totalSupply(), GENESIS_SUPPLY - unsold);
        assertEq(sale.withdrawableOf(platform), 400 ether + 5);
        assertEq(sale.withdrawableOf(liquidityReserve), 400 ether + 2);
        assertEq(sale.withdrawableOf(marketing), 100 ether);
        assertEq(sale.withdrawableOf(partners), 100 ether);
        assertEq(address(sale).balance, 1_000 ether + 7);
    }

    function test_finalize_afterSellOutBeforeSaleEnd() public {
        _sellOut(alice);
        assertLt(block.timestamp, SALE_END);
        uint256 supply = token.totalSupply();
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Finalized(60_000 ether, CAP, 0, address(this));
        sale.finalize();
        assertEq(token.totalSupply(), supply, "nothing left to burn");
        assertEq(sale.withdrawableOf(platform), 24_000 ether);
        assertEq(sale.withdrawableOf(liquidityReserve), 24_000 ether);
        assertEq(sale.withdrawableOf(marketing), 6_000 ether);
        assertEq(sale.withdrawableOf(partners), 6_000 ether);
    }

    function test_finalize_withNothingSold() public {
        vm.warp(SALE_END);
        sale.finalize();
        assertEq(token.totalSupply(), GENESIS_SUPPLY - SALE_ALLOCATION);
        assertEq(sale.withdrawableOf(platform), 0);
    }

    /// NTK sent to the sale by mistake is neither burned nor counted as unsold; sweepTokens returns it.
    function test_finalize_burnsOnlyUnsoldAllocation_strayTokensSweptToPlatform() public {
        _warpToWeek(3);
        _buy(alice, 1_000 ether);
        vm.prank(alice);
        assertTrue(token.transfer(address(sale), 300e18)); // a mistaken transfer
        uint256 unsold = CAP - sale.tokensSold();
        vm.warp(SALE_END);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Finalized(1_000 ether, CAP - unsold, unsold, address(this));
        sale.finalize();
        assertEq(token.totalSupply(), GENESIS_SUPPLY - unsold, "only the unsold allocation burned");
        assertEq(token.balanceOf(address(sale)), 300e18);

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.StrayTokensSwept(platform, 300e18, bob);
        vm.prank(bob); // permissionless
        sale.sweepTokens();
        assertEq(token.balanceOf(platform), 300e18);
        assertEq(token.balanceOf(address(sale)), 0);

        vm.expectRevert(ITokenSale.NoStrayTokens.selector);
        sale.sweepTokens();
    }

    function test_revertsIf_sweepTokensBeforeFinalize() public {
        vm.expectRevert(ITokenSale.NotFinalized.selector);
        sale.sweepTokens();
    }

    function test_revertsIf_finalizeTwice() public {
        vm.warp(SALE_END);
        sale.finalize();
        vm.expectRevert(ITokenSale.AlreadyFinalized.selector);
        sale.finalize();
    }

    function test_finalize_includesForceSentEth() public {
        _warpToWeek(3);
        _buy(alice, 10 ether);
        vm.deal(address(this), 1 ether + 3);
        ForceSend.forceSend(address(sale), 1 ether + 3);
        assertEq(address(sale).balance, 11 ether + 3);
        vm.warp(SALE_END);
        sale.finalize();
        // 11 ETH + 3 wei: each 10% share rounds 0.3 wei down, each 40% share 1.2 wei down.
        assertEq(sale.withdrawableOf(liquidityReserve), 4.4 ether + 1);
        assertEq(sale.withdrawableOf(marketing), 1.1 ether);
        assertEq(sale.withdrawableOf(partners), 1.1 ether);
        assertEq(sale.withdrawableOf(platform), 4.4 ether + 2);
        assertEq(sale.weiRaised(), 10 ether, "forced ETH is not counted as raised");
    }

    // ================================================================ sweep

    function test_sweep_creditsEthForcedAfterFinalizeToPlatform() public {
        _warpToWeek(3);
        _buy(alice, 10 ether);
        vm.warp(SALE_END);
        sale.finalize();
        uint256 platformCredit = sale.withdrawableOf(platform);
        vm.deal(address(this), 2 ether + 1);
        ForceSend.forceSend(address(sale), 2 ether + 1);

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.WithdrawalCredited(platform, 2 ether + 1);
        vm.prank(bob);
        sale.sweep();
        assertEq(sale.withdrawableOf(platform), platformCredit + 2 ether + 1);

        // Once swept, and after every recipient withdrew, nothing is left in the sale.
        address[4] memory who = [platform, liquidityReserve, marketing, partners];
        for (uint256 i; i < 4; ++i) {
            vm.prank(who[i]);
            sale.withdraw();
        }
        assertEq(address(sale).balance, 0);
    }

    function test_sweep_afterSomeWithdrawalsTakesOnlyTheExcess() public {
        _warpToWeek(3);
        _buy(alice, 10 ether);
        vm.warp(SALE_END);
        sale.finalize();
        vm.prank(marketing);
        sale.withdraw();
        vm.deal(address(this), 5);
        ForceSend.forceSend(address(sale), 5);
        sale.sweep();
        assertEq(sale.withdrawableOf(platform), 4 ether + 5);
    }

    function test_revertsIf_sweepBeforeFinalize() public {
        vm.expectRevert(ITokenSale.NotFinalized.selector);
        sale.sweep();
    }

    function test_revertsIf_sweepWithNothingUnaccounted() public {
        _warpToWeek(3);
        _buy(alice, 10 ether);
        vm.warp(SALE_END);
        sale.finalize();
        vm.expectRevert(ITokenSale.NothingToSweep.selector);
        sale.sweep();
    }

    // ================================================================ withdraw

    function test_withdraw_pullsCredit() public {
        _sellOut(alice);
        sale.finalize();
        address[4] memory who = [platform, liquidityReserve, marketing, partners];
        uint256[4] memory owed = [uint256(24_000 ether), 24_000 ether, 6_000 ether, 6_000 ether];
        for (uint256 i; i < 4; ++i) {
            vm.expectEmit(true, true, true, true, address(sale));
            emit ITokenSale.Withdrawn(who[i], who[i], owed[i]);
            vm.prank(who[i]);
            sale.withdraw();
            assertEq(who[i].balance, owed[i]);
            assertEq(sale.withdrawableOf(who[i]), 0);
        }
        assertEq(address(sale).balance, 0);
    }

    function test_revertsIf_withdrawNothing() public {
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NothingToWithdraw.selector, alice));
        vm.prank(alice);
        sale.withdraw();

        _sellOut(alice);
        sale.finalize();
        vm.prank(marketing);
        sale.withdraw();
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NothingToWithdraw.selector, marketing));
        vm.prank(marketing);
        sale.withdraw();
    }

    function test_withdraw_rejectingRecipientKeepsCredit() public {
        _sellOut(alice);
        sale.finalize();
        bytes memory eoaCode = marketing.code;
        vm.etch(marketing, type(EthRejecter).runtimeCode);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.WithdrawFailed.selector, marketing, 6_000 ether));
        vm.prank(marketing);
        sale.withdraw();
        assertEq(sale.withdrawableOf(marketing), 6_000 ether, "credit kept");
        assertEq(address(sale).balance, 60_000 ether);

        vm.etch(marketing, eoaCode); // the recipient fixes its wallet and pulls later
        vm.prank(marketing);
        sale.withdraw();
        assertEq(marketing.balance, 6_000 ether);
    }

    /// A recipient that cannot take ETH sends its credit elsewhere instead of keeping it forever.
    function test_withdrawTo_rejectingRecipientPaysAnotherAddress() public {
        _sellOut(alice);
        sale.finalize();
        vm.etch(marketing, type(EthRejecter).runtimeCode);
        address payable wallet = payable(makeAddr("marketingWallet"));

        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Withdrawn(marketing, wallet, 6_000 ether);
        vm.prank(marketing);
        sale.withdrawTo(wallet);
        assertEq(wallet.balance, 6_000 ether);
        assertEq(marketing.balance, 0);
        assertEq(sale.withdrawableOf(marketing), 0);

        vm.expectRevert(abi.encodeWithSelector(ITokenSale.NothingToWithdraw.selector, marketing));
        vm.prank(marketing);
        sale.withdrawTo(wallet);
    }

    function test_revertsIf_withdrawToZeroOrRejectingAddress() public {
        _sellOut(alice);
        sale.finalize();
        vm.expectRevert(ITokenSale.ZeroAddress.selector);
        vm.prank(partners);
        sale.withdrawTo(payable(address(0)));

        address payable rejecter = payable(address(new EthRejecter()));
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.WithdrawFailed.selector, rejecter, 6_000 ether));
        vm.prank(partners);
        sale.withdrawTo(rejecter);
        assertEq(sale.withdrawableOf(partners), 6_000 ether, "credit kept");
    }

    function test_withdraw_whilePaused() public {
        _sellOut(alice);
        sale.finalize();
        vm.prank(guardian);
        sale.setPaused(true);
        vm.prank(partners);
        sale.withdraw();
        assertEq(partners.balance, 6_000 ether);
    }

    // ================================================================ payer contracts, refunds, reentrancy

    function test_buy_refundToContractPayer() public {
        PayerContract payer = new PayerContract(sale);
        _warpToWeek(3);
        _buy(alice, 59_999 ether);
        ITokenSale.Voucher memory v = _voucherFor(address(payer));
        bytes memory sig = _sign(v);
        vm.deal(address(this), 3 ether);
        payer.buy{value: 3 ether}(address(payer), v, sig);
        assertEq(payer.received(), 2 ether);
        assertEq(address(payer).balance, 2 ether);
        assertEq(token.balanceOf(address(payer)), 1_000e18);
    }

    function test_revertsIf_refundRejectedByPayer() public {
        PayerContract payer = new PayerContract(sale);
        payer.setMode(PayerContract.OnReceive.Reject);
        _warpToWeek(3);
        _buy(alice, 59_999 ether);
        ITokenSale.Voucher memory v = _voucherFor(address(payer));
        bytes memory sig = _sign(v);
        vm.deal(address(this), 3 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.RefundFailed.selector, address(payer), 2 ether));
        payer.buy{value: 3 ether}(address(payer), v, sig);

        // Nothing of the purchase survived.
        assertEq(sale.tokensSold(), 59_999_000e18);
        assertEq(sale.weiRaised(), 59_999 ether);
        assertFalse(sale.voucherUsed(address(payer), v.nonce));
        assertEq(token.balanceOf(address(payer)), 0);
        assertEq(address(this).balance, 3 ether);
    }

    function test_buy_rejectingPayerWithoutRefundSucceeds() public {
        // A payer that refuses ETH is only affected when there is something to refund.
        PayerContract payer = new PayerContract(sale);
        payer.setMode(PayerContract.OnReceive.Reject);
        _warpToPresale();
        ITokenSale.Voucher memory v = _voucherFor(address(payer));
        bytes memory sig = _sign(v);
        vm.deal(address(this), 1 ether);
        assertEq(payer.buy{value: 1 ether}(address(payer), v, sig), 1_000e18);
    }

    function test_reentrancy_buyFromRefundIsBlocked() public {
        PayerContract payer = new PayerContract(sale);
        payer.setMode(PayerContract.OnReceive.ReenterBuy);
        _warpToWeek(3);
        _buy(alice, 59_990 ether); // 10,000 NTK left
        ITokenSale.Voucher memory outer = _voucherFor(address(payer));
        ITokenSale.Voucher memory inner = _voucherFor(address(payer));
        payer.setReentryVoucher(inner, _sign(inner));
        bytes memory sig = _sign(outer);
        vm.deal(address(this), 15 ether);
        payer.buy{value: 15 ether}(address(payer), outer, sig);

        assertFalse(payer.reentrySucceeded());
        assertEq(payer.reentryRevertData(), abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        assertEq(sale.tokensSold(), CAP);
        assertEq(token.balanceOf(address(payer)), 10_000e18);
        assertFalse(sale.voucherUsed(address(payer), inner.nonce));
        assertEq(address(payer).balance, 5 ether);
    }

    function test_reentrancy_finalizeFromRefundIsBlocked() public {
        // The sell-out refund runs when the phase already reads Ended: without the guard the payer
        // could finalize from inside the purchase.
        PayerContract payer = new PayerContract(sale);
        payer.setMode(PayerContract.OnReceive.ReenterFinalize);
        _warpToWeek(3);
        _buy(alice, 59_999 ether);
        ITokenSale.Voucher memory v = _voucherFor(address(payer));
        bytes memory sig = _sign(v);
        vm.deal(address(this), 2 ether);
        payer.buy{value: 2 ether}(address(payer), v, sig);

        assertFalse(payer.reentrySucceeded());
        assertEq(payer.reentryRevertData(), abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        assertFalse(sale.finalized());
        sale.finalize(); // and it works normally afterwards
    }

    function test_reentrancy_withdrawFromRefundIsBlocked() public {
        PayerContract payer = new PayerContract(sale);
        payer.setMode(PayerContract.OnReceive.ReenterWithdraw);
        _warpToWeek(3);
        _buy(alice, 59_999 ether);
        ITokenSale.Voucher memory v = _voucherFor(address(payer));
        bytes memory sig = _sign(v);
        vm.deal(address(this), 2 ether);
        payer.buy{value: 2 ether}(address(payer), v, sig);
        assertFalse(payer.reentrySucceeded());
        assertEq(payer.reentryRevertData(), abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
    }

    // ================================================================ helpers

    function _newSale(
        ITokenSale.Schedule memory s,
        ITokenSale.Tier[] memory t,
        ITokenSale.Recipients memory r,
        address signerAddr,
        address guardianAddr
    ) internal returns (TokenSale) {
        return new TokenSale(address(token), s, t, r, signerAddr, guardianAddr, bytes32(0));
    }

    function _expectInvalidSchedule(ITokenSale.Schedule memory s) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                ITokenSale.InvalidSchedule.selector, s.presaleStart, s.presaleEnd, s.saleStart, s.saleEnd
            )
        );
        _newSale(s, _tiers(), _recipients(), signer.addr, guardian);
    }

    function _expectInvalidTier(ITokenSale.Tier[] memory t, uint256 index) internal {
        vm.expectRevert(
            abi.encodeWithSelector(ITokenSale.InvalidTier.selector, index, t[index].minWei, t[index].bonusBps)
        );
        _newSale(_schedule(), t, _recipients(), signer.addr, guardian);
    }

    function _assertPhaseAt(uint256 timestamp, ITokenSale.Phase expected) internal {
        vm.warp(timestamp);
        assertEq(uint8(sale.phase()), uint8(expected), "phase");
    }

    function _expectBuyRevertsAt(uint256 timestamp, ITokenSale.Phase phase) internal {
        vm.warp(timestamp);
        ITokenSale.Voucher memory v = _voucher(bob, bob, 1 ether, 999_999, type(uint64).max);
        bytes memory sig = _sign(v);
        vm.deal(bob, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITokenSale.SaleNotActive.selector, phase));
        vm.prank(bob);
        sale.buy{value: 1 ether}(bob, v, sig);
    }

    function _buyWith(
        address payer,
        address beneficiary,
        uint256 value,
        ITokenSale.Voucher memory v,
        bytes memory sig
    ) internal returns (uint256 tokens) {
        vm.deal(payer, payer.balance + value);
        vm.prank(payer);
        tokens = sale.buy{value: value}(beneficiary, v, sig);
    }

    function _assertQuote(uint256 sent, uint256 accepted, uint256 refund, uint256 tokens) internal view {
        (uint256 qAccepted, uint256 qRefund, uint256 qTokens, uint256 qBonus) = sale.quote(sent);
        assertEq(qAccepted, accepted, "quote accepted");
        assertEq(qRefund, refund, "quote refund");
        assertEq(qTokens, tokens, "quote tokens");
        assertEq(qBonus, tokens - accepted * 1_000, "quote bonus");
    }

    function _assertSaleBonusAt(uint256 timestamp, uint16 bps) internal {
        vm.warp(timestamp);
        assertEq(sale.currentBonusBps(1 ether), bps, "bonus bps");
        ITokenSale.Voucher memory v = _voucherFor(alice);
        bytes memory sig = _sign(v);
        vm.deal(alice, 1 ether);
        vm.expectEmit(true, true, true, true, address(sale));
        emit ITokenSale.Purchased(
            alice, alice, ITokenSale.Phase.Sale, 1 ether, 0, _expectedTokens(1 ether, bps), 1e21 * uint256(bps) / 10_000, bps, v.nonce
        );
        vm.prank(alice);
        assertEq(sale.buy{value: 1 ether}(alice, v, sig), _expectedTokens(1 ether, bps));
    }

    function _assertPresaleBonus(uint256 weiAmount, uint16 bps) internal {
        assertEq(sale.currentBonusBps(weiAmount), bps, "tier bonus");
        uint256 before = token.balanceOf(alice);
        _buy(alice, weiAmount);
        assertEq(token.balanceOf(alice) - before, _expectedTokens(weiAmount, bps), "tier tokens");
    }
}
