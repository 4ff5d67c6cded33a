// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {BurnSchedule} from "../contracts/BurnSchedule.sol";
import {IBurnSchedule} from "../contracts/interfaces/IBurnSchedule.sol";
import {SaleFixture} from "./utils/SaleFixture.sol";

contract BurnScheduleTest is SaleFixture {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    address internal funder;
    uint256 internal funderKey;

    function setUp() public override {
        super.setUp();
        (funder, funderKey) = makeAddrAndKey("funder");
        // The whole sale allocation goes to one buyer, so the supply stays at 100M and the funder
        // holds enough to fund every epoch in full (30M + 14M + 5.6M = 49.6M).
        _sellOut(funder);
        sale.finalize();
    }

    // ------------------------------------------------------------ construction

    function test_deployment_views() public view {
        assertEq(burnSchedule.token(), address(token));
        assertEq(burnSchedule.epochCount(), 3);
        assertEq(burnSchedule.nextEpoch(), 0);
        assertEq(burnSchedule.vaultBalance(), 0);
        IBurnSchedule.Epoch[] memory all = burnSchedule.epochs();
        assertEq(all.length, 3);
        assertEq(all[0].time, EPOCH0);
        assertEq(all[1].time, EPOCH1);
        assertEq(all[2].time, EPOCH2);
        assertEq(all[0].rateBps, RATE0);
        assertEq(all[1].rateBps, RATE1);
        assertEq(all[2].rateBps, RATE2);
        assertFalse(all[0].executed);
        assertEq(burnSchedule.targetOf(0), 30_000_000e18);
        assertEq(burnSchedule.targetOf(1), 20_000_000e18, "target follows the current supply");
        assertEq(burnSchedule.leftoverRecipient(), treasury);
        assertEq(burnSchedule.shortfall(), 0);
    }

    function test_revertsIf_tokenZero() public {
        (uint64[] memory times, uint16[] memory rates) = _epochConfig();
        vm.expectRevert(IBurnSchedule.ZeroToken.selector);
        new BurnSchedule(address(0), times, rates, treasury);
    }

    function test_revertsIf_leftoverRecipientZero() public {
        (uint64[] memory times, uint16[] memory rates) = _epochConfig();
        vm.expectRevert(IBurnSchedule.ZeroLeftoverRecipient.selector);
        new BurnSchedule(address(token), times, rates, address(0));
    }

    function test_revertsIf_epochCountInvalid() public {
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.InvalidEpochCount.selector, 0, 0));
        new BurnSchedule(address(token), new uint64[](0), new uint16[](0), treasury);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.InvalidEpochCount.selector, 2, 1));
        new BurnSchedule(address(token), new uint64[](2), new uint16[](1), treasury);
    }

    function test_revertsIf_epochInvalid() public {
        (uint64[] memory times, uint16[] memory rates) = _epochConfig();
        times[2] = times[1]; // not strictly increasing
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.InvalidEpoch.selector, 2, times[2], rates[2]));
        new BurnSchedule(address(token), times, rates, treasury);

        (times, rates) = _epochConfig();
        rates[1] = 0;
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.InvalidEpoch.selector, 1, times[1], 0));
        new BurnSchedule(address(token), times, rates, treasury);

        (times, rates) = _epochConfig();
        rates[0] = 10_001;
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.InvalidEpoch.selector, 0, times[0], 10_001));
        new BurnSchedule(address(token), times, rates, treasury);
    }

    function test_deployment_acceptsFullRate() public {
        uint64[] memory times = new uint64[](1);
        uint16[] memory rates = new uint16[](1);
        (times[0], rates[0]) = (EPOCH0, 10_000);
        assertEq(new BurnSchedule(address(token), times, rates, treasury).epochCount(), 1);
    }

    function test_revertsIf_unknownEpoch() public {
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.UnknownEpoch.selector, 3, 3));
        burnSchedule.executeEpoch(3);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.UnknownEpoch.selector, 3, 3));
        burnSchedule.epoch(3);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.UnknownEpoch.selector, 3, 3));
        burnSchedule.targetOf(3);
    }

    // ------------------------------------------------------------ execution timing and order

    function test_revertsIf_epochEarly() public {
        _fund(30_000_000e18);
        vm.warp(EPOCH0 - 1);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochNotDue.selector, 0, EPOCH0, EPOCH0 - 1));
        burnSchedule.executeEpoch(0);
    }

    function test_executeEpoch_onTime() public {
        _fund(30_000_000e18);
        vm.warp(EPOCH0);
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20.Transfer(address(burnSchedule), address(0), 30_000_000e18);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.EpochExecuted(0, 30_000_000e18, 30_000_000e18, 0, 70_000_000e18, bob);
        vm.prank(bob); // anyone may execute
        assertEq(burnSchedule.executeEpoch(0), 30_000_000e18);

        IBurnSchedule.Epoch memory e = burnSchedule.epoch(0);
        assertTrue(e.executed);
        assertEq(e.executedAt, EPOCH0);
        assertEq(e.target, 30_000_000e18);
        assertEq(e.burned, 30_000_000e18);
        assertEq(burnSchedule.nextEpoch(), 1);
        assertEq(burnSchedule.vaultBalance(), 0);
    }

    function test_executeEpoch_late() public {
        _fund(40_000_000e18);
        uint64 late = EPOCH2 + 365 days; // long after even the last epoch's time
        vm.warp(late);
        burnSchedule.executeEpoch(0);
        assertEq(burnSchedule.epoch(0).executedAt, late);
        assertEq(burnSchedule.epoch(0).burned, 30_000_000e18);
        burnSchedule.executeEpoch(1); // catch-up in order, same block
        assertEq(burnSchedule.epoch(1).burned, 10_000_000e18, "vault short for the second");
    }

    function test_revertsIf_epochTwice() public {
        _fund(30_000_000e18);
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochAlreadyExecuted.selector, 0));
        burnSchedule.executeEpoch(0);
    }

    function test_revertsIf_epochOutOfOrder() public {
        _fund(30_000_000e18);
        vm.warp(EPOCH2); // all three are due
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochOutOfOrder.selector, 1, 0));
        burnSchedule.executeEpoch(1);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochOutOfOrder.selector, 2, 0));
        burnSchedule.executeEpoch(2);
        burnSchedule.executeEpoch(0);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochOutOfOrder.selector, 2, 1));
        burnSchedule.executeEpoch(2);
    }

    function test_eachEpoch_earlyThenOnTimeThenTwice() public {
        _fund(49_600_000e18);
        uint64[3] memory times = [EPOCH0, EPOCH1, EPOCH2];
        for (uint256 i; i < 3; ++i) {
            vm.warp(times[i] - 1);
            vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochNotDue.selector, i, times[i], times[i] - 1));
            burnSchedule.executeEpoch(i);

            vm.warp(times[i]);
            burnSchedule.executeEpoch(i);
            assertEq(burnSchedule.epoch(i).executedAt, times[i]);

            vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochAlreadyExecuted.selector, i));
            burnSchedule.executeEpoch(i);
        }
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.UnknownEpoch.selector, 3, 3));
        burnSchedule.executeEpoch(3);
    }

    function test_revertsIf_nextEpochNotDue() public {
        _fund(30_000_000e18);
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0);
        vm.warp(EPOCH1 - 1);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.EpochNotDue.selector, 1, EPOCH1, EPOCH1 - 1));
        burnSchedule.executeEpoch(1);
    }

    // ------------------------------------------------------------ amounts

    function test_fullyFunded_100Mto70Mto56Mto50_4M() public {
        _fund(49_600_000e18);
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0);
        assertEq(token.totalSupply(), 70_000_000e18);
        vm.warp(EPOCH1);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.EpochExecuted(1, 14_000_000e18, 14_000_000e18, 0, 56_000_000e18, address(this));
        burnSchedule.executeEpoch(1);
        assertEq(token.totalSupply(), 56_000_000e18);
        vm.warp(EPOCH2);
        burnSchedule.executeEpoch(2);
        assertEq(token.totalSupply(), 50_400_000e18);
        assertEq(burnSchedule.vaultBalance(), 0);
        assertEq(burnSchedule.nextEpoch(), 3);
    }

    function test_underfunded_burnsWhatItHasAndRecordsShortfall() public {
        _fund(1_000_000e18);
        vm.warp(EPOCH0);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.EpochExecuted(0, 30_000_000e18, 1_000_000e18, 29_000_000e18, 99_000_000e18, address(this));
        assertEq(burnSchedule.executeEpoch(0), 1_000_000e18);
        IBurnSchedule.Epoch memory e = burnSchedule.epoch(0);
        assertEq(e.target, 30_000_000e18);
        assertEq(e.burned, 1_000_000e18);
        assertEq(burnSchedule.nextEpoch(), 1, "a short epoch still counts as executed");

        assertEq(burnSchedule.shortfall(), 29_000_000e18, "the unburned part stays owed");

        // Empty vault: the epoch executes and burns nothing. Its target is 20% of the supply left
        // once the owed 29M is burned (99M - 29M = 70M), so late funding burns what early would have.
        vm.warp(EPOCH1);
        uint256 supply = token.totalSupply();
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.EpochExecuted(1, 14_000_000e18, 0, 43_000_000e18, supply, address(this));
        assertEq(burnSchedule.executeEpoch(1), 0);
        assertEq(token.totalSupply(), supply);
        assertEq(burnSchedule.shortfall(), 43_000_000e18);
    }

    /// The front-run from the review: an epoch executed one block before the treasury funds the
    /// vault used to lock in its shortfall for good. Now the funding burns what is owed.
    function test_shortfall_executedBeforeFunding_laterFundingBurnsIt() public {
        vm.warp(EPOCH0);
        vm.prank(bob);
        assertEq(burnSchedule.executeEpoch(0), 0, "front-run on an empty vault");
        assertEq(burnSchedule.shortfall(), 30_000_000e18);

        _fund(30_000_000e18);
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20.Transfer(address(burnSchedule), address(0), 30_000_000e18);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.ShortfallSettled(30_000_000e18, 0, 70_000_000e18, alice);
        vm.prank(alice); // permissionless
        assertEq(burnSchedule.settleShortfall(), 30_000_000e18);
        assertEq(token.totalSupply(), 70_000_000e18);
        assertEq(burnSchedule.shortfall(), 0);
    }

    /// Shortfalls from several epochs add up and are settled in parts; the schedule still ends at
    /// 50.4M, as if it had been funded on time.
    function test_shortfall_carriedOverEpochs_settledInParts_reaches50_4M() public {
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0); // owes 30M
        vm.warp(EPOCH1);
        assertEq(burnSchedule.targetOf(1), 14_000_000e18);
        _fund(4_000_000e18);
        assertEq(burnSchedule.executeEpoch(1), 4_000_000e18, "pays the oldest debt first");
        assertEq(burnSchedule.shortfall(), 40_000_000e18);

        _fund(25_000_000e18);
        assertEq(burnSchedule.settleShortfall(), 25_000_000e18);
        assertEq(burnSchedule.shortfall(), 15_000_000e18);

        vm.warp(EPOCH2);
        _fund(20_600_000e18);
        // 10% of (71M supply - 15M owed) = 5.6M; owed in total 20.6M.
        assertEq(burnSchedule.executeEpoch(2), 20_600_000e18);
        assertEq(token.totalSupply(), 50_400_000e18);
        assertEq(burnSchedule.shortfall(), 0);
    }

    function test_revertsIf_settleWithNothingOwedOrEmptyVault() public {
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.NothingToSettle.selector, 0, 0));
        burnSchedule.settleShortfall();
        _fund(1e18);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.NothingToSettle.selector, 0, 1e18));
        burnSchedule.settleShortfall();

        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0);
        uint256 owed = burnSchedule.shortfall();
        assertEq(owed, 30_000_000e18 - 1e18);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.NothingToSettle.selector, owed, 0));
        burnSchedule.settleShortfall();
    }

    /// Holders may burn below what the schedule owes; targets then bottom out at zero, no underflow.
    function test_target_zeroWhenHoldersBurnBelowShortfall() public {
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0); // owes 30M of 100M
        vm.prank(funder);
        token.burn(60_000_000e18); // supply 40M: 10M above the debt
        assertEq(burnSchedule.targetOf(1), 2_000_000e18);
        vm.prank(liquidityReserve);
        token.burn(10_000_000e18); // supply 30M == debt
        assertEq(burnSchedule.targetOf(1), 0);
    }

    // ------------------------------------------------------------ leftover

    function test_releaseLeftover_afterCompleteScheduleSendsVaultToRecipient() public {
        _fund(50_000_000e18); // 400,000 NTK more than the three epochs burn
        uint64[3] memory times = [EPOCH0, EPOCH1, EPOCH2];
        for (uint256 i; i < 3; ++i) {
            vm.warp(times[i]);
            burnSchedule.executeEpoch(i);
        }
        assertEq(burnSchedule.vaultBalance(), 400_000e18);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.LeftoverReleased(treasury, 400_000e18, bob);
        vm.prank(bob); // permissionless
        assertEq(burnSchedule.releaseLeftover(), 400_000e18);
        assertEq(token.balanceOf(treasury), 400_000e18);
        assertEq(burnSchedule.vaultBalance(), 0);
        assertEq(token.totalSupply(), 50_400_000e18, "release burns nothing");

        // Fees that keep arriving after the schedule can be released again.
        _fund(5e18);
        burnSchedule.releaseLeftover();
        assertEq(token.balanceOf(treasury), 400_005e18);
        vm.expectRevert(IBurnSchedule.NothingToRelease.selector);
        burnSchedule.releaseLeftover();
    }

    function test_revertsIf_releaseLeftoverBeforeScheduleCompleteOrWithShortfall() public {
        _fund(30_000_000e18);
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.ScheduleNotComplete.selector, 0, 3));
        burnSchedule.releaseLeftover();

        vm.warp(EPOCH2);
        burnSchedule.executeEpoch(0);
        burnSchedule.executeEpoch(1); // 14M owed, vault empty
        burnSchedule.executeEpoch(2); // + 5.6M
        vm.expectRevert(abi.encodeWithSelector(IBurnSchedule.ShortfallOutstanding.selector, 19_600_000e18));
        burnSchedule.releaseLeftover();

        _fund(20_000_000e18);
        burnSchedule.settleShortfall();
        assertEq(burnSchedule.releaseLeftover(), 400_000e18, "only what exceeds the debt");
    }

    /// Kills the mutation that rounds the target up: 30% of (100M - 1 unit) is 29,999,999.99...7 NTK.
    function test_target_roundsDown() public {
        vm.prank(funder);
        token.burn(1);
        uint256 supply = 100_000_000e18 - 1;
        assertEq(token.totalSupply(), supply);
        assertEq(burnSchedule.targetOf(0), 30_000_000e18 - 1, "floor(0.3 x supply)");
        _fund(30_000_000e18);
        vm.warp(EPOCH0);
        assertEq(burnSchedule.executeEpoch(0), 30_000_000e18 - 1);
        assertEq(burnSchedule.vaultBalance(), 1, "the rounding unit stays in the vault");
    }

    function test_overfunded_keepsRemainderForLaterEpochs() public {
        _fund(35_000_000e18);
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0);
        assertEq(burnSchedule.vaultBalance(), 5_000_000e18);
    }

    function test_target_followsSupplyAtExecution() public {
        _fund(30_000_000e18);
        vm.prank(funder);
        token.burn(10_000_000e18); // a holder burns before the epoch: the supply is 90M
        vm.warp(EPOCH0);
        assertEq(burnSchedule.executeEpoch(0), 27_000_000e18);
        assertEq(token.totalSupply(), 63_000_000e18);
    }

    function testFuzz_execute_burnsMinOfTargetAndVault(uint256 funding) public {
        funding = bound(funding, 0, token.balanceOf(funder));
        if (funding != 0) _fund(funding);
        vm.warp(EPOCH0);
        uint256 supply = token.totalSupply();
        uint256 target = supply * RATE0 / 10_000;
        uint256 burned = burnSchedule.executeEpoch(0);
        assertEq(burned, funding < target ? funding : target);
        assertEq(token.totalSupply(), supply - burned);
        assertEq(burnSchedule.vaultBalance(), funding - burned);
        assertEq(burnSchedule.epoch(0).target - burnSchedule.epoch(0).burned, target - burned);
    }

    // ------------------------------------------------------------ funding

    function test_fund_movesTokensIntoVault() public {
        vm.prank(funder);
        token.approve(address(burnSchedule), 5e18);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.VaultFunded(funder, 5e18);
        vm.prank(funder);
        burnSchedule.fund(5e18);
        assertEq(burnSchedule.vaultBalance(), 5e18);
        assertEq(token.allowance(funder, address(burnSchedule)), 0);
    }

    function test_revertsIf_fundZero() public {
        vm.expectRevert(IBurnSchedule.ZeroAmount.selector);
        vm.prank(funder);
        burnSchedule.fund(0);
    }

    function test_revertsIf_fundWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(burnSchedule), 0, 1e18
            )
        );
        vm.prank(funder);
        burnSchedule.fund(1e18);
    }

    function test_fundWithPermit() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(7e18, block.timestamp);
        vm.expectEmit(true, true, true, true, address(burnSchedule));
        emit IBurnSchedule.VaultFunded(funder, 7e18);
        vm.prank(funder);
        burnSchedule.fundWithPermit(7e18, block.timestamp, v, r, s);
        assertEq(burnSchedule.vaultBalance(), 7e18);
        assertEq(token.nonces(funder), 1);
    }

    function test_fundWithPermit_survivesFrontRunPermit() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(7e18, block.timestamp);
        // A watcher copies the permit from the mempool and submits it first.
        vm.prank(bob);
        token.permit(funder, address(burnSchedule), 7e18, block.timestamp, v, r, s);
        vm.prank(funder);
        burnSchedule.fundWithPermit(7e18, block.timestamp, v, r, s);
        assertEq(burnSchedule.vaultBalance(), 7e18);
    }

    function test_revertsIf_fundWithBadPermitAndNoAllowance() public {
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(7e18, block.timestamp - 1); // expired
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(burnSchedule), 0, 7e18
            )
        );
        vm.prank(funder);
        burnSchedule.fundWithPermit(7e18, block.timestamp - 1, v, r, s);
    }

    function test_revertsIf_permitSignedForSomeoneElse() public {
        // Bob submits the funder's permit as his own: the permit fails (wrong owner) and Bob has no
        // allowance, so nothing moves and the funder's tokens are untouched.
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(7e18, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(burnSchedule), 0, 7e18
            )
        );
        vm.prank(bob);
        burnSchedule.fundWithPermit(7e18, block.timestamp, v, r, s);
        assertEq(token.allowance(funder, address(burnSchedule)), 0);
    }

    // ------------------------------------------------------------ helpers

    function _fund(uint256 amount) internal {
        vm.startPrank(funder);
        token.approve(address(burnSchedule), amount);
        burnSchedule.fund(amount);
        vm.stopPrank();
    }

    function _epochConfig() internal pure returns (uint64[] memory times, uint16[] memory rates) {
        times = new uint64[](3);
        (times[0], times[1], times[2]) = (EPOCH0, EPOCH1, EPOCH2);
        rates = new uint16[](3);
        (rates[0], rates[1], rates[2]) = (RATE0, RATE1, RATE2);
    }

    function _signPermit(uint256 value, uint256 deadline) internal view returns (uint8, bytes32, bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, funder, address(burnSchedule), value, token.nonces(funder), deadline)
        );
        return vm.sign(funderKey, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }
}
