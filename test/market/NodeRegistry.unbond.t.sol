// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {INodeRegistry.requestUnbond} and {INodeRegistry.withdrawUnbonded}: only free stake
/// unbonds, the whole unbonding balance waits for the latest request's delay.
contract NodeRegistryUnbondTest is MarketFixture {
    function test_requestUnbond_movesFreeStakeToUnbonding() public {
        address node = executors[0];
        uint64 readyAt = uint64(block.timestamp) + UNBONDING_DELAY;
        vm.expectEmit(address(registry));
        emit INodeRegistry.UnbondRequested(node, 4_000e18, 4_000e18, readyAt);
        vm.prank(node);
        registry.requestUnbond(4_000e18);
        INodeRegistry.Node memory n = registry.getNode(node);
        assertEq(n.stake, EXECUTOR_STAKE - 4_000e18);
        assertEq(n.unbonding, 4_000e18);
        assertEq(n.unbondingReadyAt, readyAt);
        assertEq(registry.freeStake(node), EXECUTOR_STAKE - 4_000e18);
    }

    function test_revertsIf_unbondUnregistered() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotRegistered.selector, stranger));
        vm.prank(stranger);
        registry.requestUnbond(1);
    }

    function test_revertsIf_unbondZero() public {
        vm.expectRevert(INodeRegistry.ZeroAmount.selector);
        vm.prank(executors[0]);
        registry.requestUnbond(0);
    }

    function test_revertsIf_unbondMoreThanStake() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeRegistry.InsufficientStake.selector, executors[0], EXECUTOR_STAKE, EXECUTOR_STAKE + 1
            )
        );
        vm.prank(executors[0]);
        registry.requestUnbond(EXECUTOR_STAKE + 1);
    }

    /// Collateral the market locked for an assignment cannot unbond.
    function test_revertsIf_unbondLockedCollateral() public {
        _ask(executors[0], 10, CAPACITY);
        _post(_params(5, 10)); // locks 5 x 1 NTK of executor 0's stake
        uint256 locked = 5 * MIN_COLLATERAL;
        assertEq(market.lockedCollateral(executors[0]), locked);
        assertEq(registry.getNode(executors[0]).locked, locked);
        assertEq(registry.freeStake(executors[0]), EXECUTOR_STAKE - locked);
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeRegistry.InsufficientStake.selector,
                executors[0],
                EXECUTOR_STAKE - locked,
                EXECUTOR_STAKE
            )
        );
        vm.prank(executors[0]);
        registry.requestUnbond(EXECUTOR_STAKE);
        vm.prank(executors[0]);
        registry.requestUnbond(EXECUTOR_STAKE - locked);
        assertEq(registry.freeStake(executors[0]), 0);
    }

    function test_withdrawUnbonded_afterTheDelay() public {
        address node = executors[0];
        vm.prank(node);
        registry.requestUnbond(4_000e18);
        uint64 readyAt = uint64(block.timestamp) + UNBONDING_DELAY;

        vm.warp(readyAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.UnbondingNotReady.selector, readyAt, readyAt - 1)
        );
        vm.prank(node);
        registry.withdrawUnbonded();

        vm.warp(readyAt);
        uint256 balanceBefore = token.balanceOf(node);
        vm.expectEmit(address(registry));
        emit INodeRegistry.Unbonded(node, 4_000e18);
        vm.prank(node);
        assertEq(registry.withdrawUnbonded(), 4_000e18);
        assertEq(token.balanceOf(node), balanceBefore + 4_000e18);
        assertEq(registry.getNode(node).unbonding, 0);

        vm.expectRevert(INodeRegistry.NothingUnbonding.selector);
        vm.prank(node);
        registry.withdrawUnbonded();
    }

    /// A later request restarts the delay for the whole unbonding balance, so stake cannot be queued
    /// early and topped up later to dodge the delay.
    function test_requestUnbond_laterRequestRestartsTheDelay() public {
        address node = executors[0];
        vm.prank(node);
        registry.requestUnbond(1_000e18);
        vm.warp(block.timestamp + UNBONDING_DELAY - 10);
        vm.prank(node);
        registry.requestUnbond(2_000e18);
        uint64 readyAt = uint64(block.timestamp) + UNBONDING_DELAY;
        assertEq(registry.getNode(node).unbondingReadyAt, readyAt);
        vm.warp(block.timestamp + 10);
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.UnbondingNotReady.selector, readyAt, block.timestamp)
        );
        vm.prank(node);
        registry.withdrawUnbonded();
        vm.warp(readyAt);
        vm.prank(node);
        assertEq(registry.withdrawUnbonded(), 3_000e18);
    }

    function test_revertsIf_withdrawWithNothingUnbonding() public {
        vm.expectRevert(INodeRegistry.NothingUnbonding.selector);
        vm.prank(stranger);
        registry.withdrawUnbonded();
    }
}
