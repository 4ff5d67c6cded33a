// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Pulled credits ({IJobMarket.withdraw}, {IJobMarket.withdrawTo}) and fees
/// ({IJobMarket.distributeFees}) split between the treasury and the BurnSchedule vault.
contract JobMarketWithdrawTest is MarketFixture {
    uint256 internal payment;
    uint256 internal fee;
    uint256 internal refund;

    function setUp() public override {
        super.setUp();
        _ask(executors[0], 7, 10);
        _post(_params(3, 20));
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        payment = _cost(3, UNITS, 7);
        fee = _fee(payment);
        refund = _escrow(3, 1, UNITS, 20, COMMISSION_BPS) - payment - fee;
    }

    function test_withdraw_paysTheCaller() public {
        uint256 before = token.balanceOf(executors[0]);
        vm.expectEmit(address(market));
        emit IJobMarket.Withdrawn(executors[0], executors[0], payment);
        vm.prank(executors[0]);
        assertEq(market.withdraw(), payment);
        assertEq(token.balanceOf(executors[0]), before + payment);
        assertEq(market.credits(executors[0]), 0);
    }

    function test_withdrawTo_paysAnotherAddress() public {
        address cold = makeAddr("coldWallet");
        vm.expectEmit(address(market));
        emit IJobMarket.Withdrawn(requester, cold, refund);
        vm.prank(requester);
        assertEq(market.withdrawTo(cold), refund);
        assertEq(token.balanceOf(cold), refund);
    }

    function test_revertsIf_withdrawNothing() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NothingToWithdraw.selector, stranger));
        vm.prank(stranger);
        market.withdraw();
        vm.prank(executors[0]);
        market.withdraw();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NothingToWithdraw.selector, executors[0]));
        vm.prank(executors[0]);
        market.withdraw();
    }

    function test_revertsIf_withdrawToZero() public {
        vm.expectRevert(IJobMarket.ZeroAddress.selector);
        vm.prank(executors[0]);
        market.withdrawTo(address(0));
    }

    function test_distributeFees_splitsBetweenTreasuryAndBurnVault() public {
        assertEq(market.feesOwed(), fee);
        uint256 vaultBefore = burnSchedule.vaultBalance();
        uint256 toBurn = fee * BURN_SHARE_BPS / 10_000;
        vm.expectEmit(address(market));
        emit IJobMarket.FeesDistributed(fee - toBurn, toBurn);
        vm.prank(stranger);
        market.distributeFees();
        assertEq(market.feesOwed(), 0);
        assertEq(token.balanceOf(feeTreasury), fee - toBurn);
        assertEq(burnSchedule.vaultBalance(), vaultBefore + toBurn);
        vm.expectRevert(IJobMarket.NoFeesOwed.selector);
        market.distributeFees();
    }

    /// An odd fee: the burn vault's share rounds down and the treasury takes the remainder.
    function test_distributeFees_roundsTowardTheTreasury() public {
        vm.prank(marketOwner);
        market.setBurnShare(3_333);
        uint256 toBurn = fee * 3_333 / 10_000;
        market.distributeFees();
        assertEq(token.balanceOf(feeTreasury) + burnSchedule.vaultBalance(), fee);
        assertEq(burnSchedule.vaultBalance(), toBurn);
    }

    /// After everyone withdrew and fees went out, the market holds nothing.
    function test_everyTokenLeaves() public {
        vm.prank(executors[0]);
        market.withdraw();
        vm.prank(requester);
        market.withdraw();
        market.distributeFees();
        market.finalizeJob(1);
        assertEq(market.credits(requester), 0, "completed at settle: nothing left to refund");
        assertEq(token.balanceOf(address(market)), 0);
    }
}
