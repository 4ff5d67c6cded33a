// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VmSafe} from "forge-std/Vm.sol";
import {ITokenSale} from "../contracts/interfaces/ITokenSale.sol";
import {SaleFixture} from "./utils/SaleFixture.sol";

/// @notice Gas of the user-facing calls, written to snapshots/GasSnapshotTest.json. With
/// `gas_snapshot_check = true` in foundry.toml, `bin/forge test` fails when a number drifts from the
/// committed file: refresh it deliberately with `FORGE_SNAPSHOT_CHECK=false bin/forge test
/// --match-path test/GasSnapshot.t.sol` and commit the diff.
/// Each measured call is preceded by `vm.cool` on every account it touches, so it is priced like
/// the first call of a new transaction (cold accounts and slots) even though setup ran just before.
/// Not comparable runs: `forge coverage` (unoptimized, instrumented) skips these tests, and
/// `--gas-report` (isolated calls) must write its snapshots elsewhere: see bench/gas.sh.
contract GasSnapshotTest is SaleFixture {
    address internal carol = makeAddr("carol");

    function setUp() public override {
        // Coverage builds without the optimizer: its numbers would fail the check for no reason.
        vm.skip(vm.isContext(VmSafe.ForgeContext.Coverage), "gas is not measured under coverage");
        super.setUp();
    }

    function test_gas_buyPresaleFirstPurchase() public {
        _warpToPresale();
        (ITokenSale.Voucher memory v, bytes memory sig) = _ready(alice, 1 ether);
        _coolAll();
        vm.prank(alice);
        vm.startSnapshotGas("buy_presale_first");
        sale.buy{value: 1 ether}(alice, v, sig);
        vm.stopSnapshotGas();
    }

    function test_gas_buyPresaleSubsequent() public {
        _warpToPresale();
        _buy(bob, 1 ether);
        _buy(alice, 1 ether);
        (ITokenSale.Voucher memory v, bytes memory sig) = _ready(alice, 1_500 ether); // tier 1 bonus
        _coolAll();
        vm.prank(alice);
        vm.startSnapshotGas("buy_presale_subsequent");
        sale.buy{value: 1_500 ether}(alice, v, sig);
        vm.stopSnapshotGas();
    }

    function test_gas_buyPublicSale() public {
        _warpToPresale();
        _buy(bob, 1 ether);
        _warpToWeek(1);
        (ITokenSale.Voucher memory v, bytes memory sig) = _ready(alice, 1 ether);
        _coolAll();
        vm.prank(alice);
        vm.startSnapshotGas("buy_sale");
        sale.buy{value: 1 ether}(alice, v, sig);
        vm.stopSnapshotGas();
    }

    function test_gas_buyPartialFillAtCap() public {
        _warpToWeek(0);
        _buy(bob, 52_000 ether); // 59.8M NTK
        (ITokenSale.Voucher memory v, bytes memory sig) = _ready(alice, 1_000 ether);
        _coolAll();
        vm.prank(alice);
        vm.startSnapshotGas("buy_partial_fill_at_cap");
        sale.buy{value: 1_000 ether}(alice, v, sig);
        vm.stopSnapshotGas();
        assertEq(sale.tokensSold(), sale.HARD_CAP_TOKENS());
    }

    function test_gas_finalize() public {
        _warpToWeek(0);
        _buy(bob, 10_000 ether);
        vm.warp(SALE_END);
        _coolAll();
        vm.startSnapshotGas("finalize");
        sale.finalize(); // with unsold tokens to burn
        vm.stopSnapshotGas();
    }

    function test_gas_withdraw() public {
        _sellOut(bob);
        sale.finalize();
        _coolAll();
        vm.prank(platform);
        vm.startSnapshotGas("withdraw");
        sale.withdraw();
        vm.stopSnapshotGas();
    }

    function test_gas_withdrawTo() public {
        _sellOut(bob);
        sale.finalize();
        _coolAll();
        vm.prank(platform);
        vm.startSnapshotGas("withdraw_to");
        sale.withdrawTo(payable(carol));
        vm.stopSnapshotGas();
    }

    function test_gas_settleShortfall() public {
        _sellOut(bob);
        sale.finalize();
        vm.warp(EPOCH0);
        burnSchedule.executeEpoch(0); // empty vault: 30M owed
        vm.startPrank(bob);
        token.approve(address(burnSchedule), 30_000_000e18);
        burnSchedule.fund(30_000_000e18);
        vm.stopPrank();
        _coolAll();
        vm.startSnapshotGas("settle_shortfall");
        burnSchedule.settleShortfall();
        vm.stopSnapshotGas();
        assertEq(token.totalSupply(), 70_000_000e18);
    }

    function test_gas_burnEpochs() public {
        _sellOut(bob);
        sale.finalize();
        vm.startPrank(bob);
        token.approve(address(burnSchedule), 49_600_000e18);
        burnSchedule.fund(49_600_000e18);
        vm.stopPrank();

        uint64[3] memory times = [EPOCH0, EPOCH1, EPOCH2];
        for (uint256 i; i < 3; ++i) {
            vm.warp(times[i]);
            _coolAll();
            vm.startSnapshotGas(string.concat("burn_epoch_", vm.toString(i)));
            burnSchedule.executeEpoch(i);
            vm.stopSnapshotGas();
        }
        assertEq(token.totalSupply(), 50_400_000e18);
    }

    function _ready(address payer, uint256 value)
        internal
        returns (ITokenSale.Voucher memory v, bytes memory sig)
    {
        v = _voucherFor(payer);
        sig = _sign(v);
        vm.deal(payer, payer.balance + value);
    }

    function _coolAll() internal {
        address[10] memory touched = [
            address(sale),
            address(token),
            address(burnSchedule),
            alice,
            bob,
            carol,
            platform,
            liquidityReserve,
            marketing,
            partners
        ];
        for (uint256 i; i < touched.length; ++i) {
            vm.cool(touched[i]);
        }
    }
}
