// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {JobMarket} from "../../contracts/JobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice The market's deployment checks and owner settings: commission within its on-chain
/// bounds, burn share, treasury, minimum collateral; only the owner; jobs keep their terms.
contract JobMarketAdminTest is MarketFixture {
    function test_deployment_terms() public view {
        assertEq(market.PRICE_TICK(), PRICE_TICK);
        assertEq(market.token(), address(token));
        assertEq(market.registry(), address(registry));
        assertEq(market.burnVault(), address(burnSchedule));
        assertEq(market.treasury(), feeTreasury);
        assertEq(market.owner(), marketOwner);
        assertEq(market.commissionBps(GENERATE), COMMISSION_BPS);
        assertEq(market.burnShareBps(), BURN_SHARE_BPS);
        assertEq(market.minCollateral(GENERATE), MIN_COLLATERAL);
        IJobMarket.Windows memory w = market.windows();
        assertEq(w.proofWindow, PROOF_WINDOW);
        assertEq(w.verifyCommitWindow, VERIFY_COMMIT_WINDOW);
        assertEq(w.verifyRevealWindow, VERIFY_REVEAL_WINDOW);
        assertEq(w.revealWindow, REVEAL_WINDOW);
        assertEq(w.minChallengeWindow, MIN_CHALLENGE_WINDOW);
        assertEq(w.maxChallengeWindow, MAX_CHALLENGE_WINDOW);
        assertEq(market.MIN_COMMISSION_BPS(), 500);
        assertEq(market.MAX_COMMISSION_BPS(), 1_500);
    }

    function test_setCommission_withinBoundsForLaterJobs() public {
        uint256 before = _post(_params(1, 20));
        vm.expectEmit(address(market));
        emit IJobMarket.CommissionSet(GENERATE, 1_500);
        vm.prank(marketOwner);
        market.setCommission(GENERATE, 1_500);
        assertEq(market.commissionBps(GENERATE), 1_500);
        uint256 afterwards = _post(_params(1, 20));
        assertEq(market.getJob(before).commissionBps, COMMISSION_BPS, "posted jobs keep their terms");
        assertEq(market.getJob(afterwards).commissionBps, 1_500);
        assertEq(market.getJob(afterwards).escrow, _escrow(1, 1, UNITS, 20, 1_500));
        vm.prank(marketOwner);
        market.setCommission(GENERATE, 500);
    }

    function test_revertsIf_commissionOutOfBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommissionOutOfBounds.selector, 499, 500, 1_500));
        vm.prank(marketOwner);
        market.setCommission(GENERATE, 499);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommissionOutOfBounds.selector, 1_501, 500, 1_500));
        vm.prank(marketOwner);
        market.setCommission(GENERATE, 1_501);
    }

    function test_setBurnShare() public {
        vm.expectEmit(address(market));
        emit IJobMarket.BurnShareSet(10_000);
        vm.prank(marketOwner);
        market.setBurnShare(10_000);
        assertEq(market.burnShareBps(), 10_000);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.BurnShareOutOfBounds.selector, 10_001));
        vm.prank(marketOwner);
        market.setBurnShare(10_001);
    }

    function test_setTreasury() public {
        address next = makeAddr("nextTreasury");
        vm.expectEmit(address(market));
        emit IJobMarket.TreasurySet(next);
        vm.prank(marketOwner);
        market.setTreasury(next);
        assertEq(market.treasury(), next);
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        vm.prank(marketOwner);
        market.setTreasury(address(0));
    }

    function test_setMinCollateral() public {
        vm.expectEmit(address(market));
        emit IJobMarket.MinCollateralSet(GENERATE, 5e18);
        vm.prank(marketOwner);
        market.setMinCollateral(GENERATE, 5e18);
        assertEq(market.minCollateral(GENERATE), 5e18);
        IJobMarket.JobParams memory p = _params(1, 20);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CollateralTooLow.selector, MIN_COLLATERAL, 5e18));
        vm.prank(requester);
        market.postJob(p, MAX_ASSIGNMENTS);
    }

    function test_revertsIf_settingsByNonOwner() public {
        bytes memory err = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger);
        vm.startPrank(stranger);
        vm.expectRevert(err);
        market.setCommission(GENERATE, 800);
        vm.expectRevert(err);
        market.setBurnShare(0);
        vm.expectRevert(err);
        market.setTreasury(stranger);
        vm.expectRevert(err);
        market.setMinCollateral(GENERATE, 2e18);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ constructor

    function test_revertsIf_constructedWithZeroAddress() public {
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        _construct(
            address(0), address(registry), address(burnSchedule), feeTreasury, _windows(), 1_000, 5_000
        );
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        _construct(address(token), address(0), address(burnSchedule), feeTreasury, _windows(), 1_000, 5_000);
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        _construct(address(token), address(registry), address(0), feeTreasury, _windows(), 1_000, 5_000);
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        _construct(
            address(token), address(registry), address(burnSchedule), address(0), _windows(), 1_000, 5_000
        );
    }

    function test_revertsIf_constructedWithBadWindows() public {
        IJobMarket.Windows memory w = _windows();
        w.proofWindow = 0;
        _expectBadWindows(w);
        w = _windows();
        w.revealWindow = 0;
        _expectBadWindows(w);
        w = _windows();
        w.maxChallengeWindow = w.minChallengeWindow - 1;
        _expectBadWindows(w);
        // A floor under 2 s leaves no free decline window at all.
        w = _windows();
        w.minSecondsPerTask = 1;
        _expectBadWindows(w);
    }

    function test_revertsIf_constructedWithBadShares() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommissionOutOfBounds.selector, 2_000, 500, 1_500));
        _construct(
            address(token), address(registry), address(burnSchedule), feeTreasury, _windows(), 2_000, 5_000
        );
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.BurnShareOutOfBounds.selector, 10_001));
        _construct(
            address(token), address(registry), address(burnSchedule), feeTreasury, _windows(), 1_000, 10_001
        );
    }

    function _expectBadWindows(IJobMarket.Windows memory w) internal {
        vm.expectRevert(IJobMarket.InvalidWindows.selector);
        _construct(address(token), address(registry), address(burnSchedule), feeTreasury, w, 1_000, 5_000);
    }

    function _construct(
        address token_,
        address registry_,
        address vault,
        address treasury_,
        IJobMarket.Windows memory w,
        uint16 bps,
        uint16 burnShare
    ) internal returns (JobMarket) {
        return new JobMarket(
            token_, registry_, vault, treasury_, marketOwner, w, bps, burnShare, MIN_COLLATERAL
        );
    }
}
