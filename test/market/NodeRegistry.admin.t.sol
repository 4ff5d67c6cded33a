// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {NodeRegistry} from "../../contracts/NodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice The registry's wiring and its market-only entry points: the market is set once by the
/// owner, and only it may slash or record task outcomes.
contract NodeRegistryAdminTest is MarketFixture {
    function test_deployment_isWiredToTheMarket() public view {
        assertEq(registry.token(), address(token));
        assertEq(registry.market(), address(market));
        assertEq(registry.unbondingDelay(), UNBONDING_DELAY);
        assertEq(market.registry(), address(registry));
    }

    function test_revertsIf_constructedWithZeroToken() public {
        vm.expectRevert(INodeRegistry.ZeroToken.selector);
        new NodeRegistry(address(0), address(this), UNBONDING_DELAY);
    }

    function test_setMarket_onceByTheOwner() public {
        NodeRegistry fresh = new NodeRegistry(address(token), address(this), UNBONDING_DELAY);
        assertEq(fresh.market(), address(0));

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        fresh.setMarket(address(market));

        vm.expectRevert(INodeRegistry.ZeroMarket.selector);
        fresh.setMarket(address(0));

        vm.expectEmit(address(fresh));
        emit INodeRegistry.MarketSet(address(market));
        fresh.setMarket(address(market));
        assertEq(fresh.market(), address(market));

        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.MarketAlreadySet.selector, address(market)));
        fresh.setMarket(stranger);
    }

    /// Before a market is set, nothing is locked: free stake is the whole stake.
    function test_freeStake_withoutMarketIsTheStake() public {
        NodeRegistry fresh = new NodeRegistry(address(token), address(this), UNBONDING_DELAY);
        address node = executors[0];
        vm.startPrank(node);
        fresh.register(_capabilities(), "bafkreimeta");
        token.approve(address(fresh), 10e18);
        fresh.stake(10e18);
        vm.stopPrank();
        assertEq(fresh.freeStake(node), 10e18);
        assertEq(fresh.getNode(node).locked, 0);
    }

    function test_revertsIf_slashByNonMarket() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotMarket.selector, stranger));
        vm.prank(stranger);
        registry.slash(executors[0], 1);
    }

    function test_revertsIf_recordTasksByNonMarket() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotMarket.selector, executors[0]));
        vm.prank(executors[0]);
        registry.recordTasks(executors[0], 1, 0);
    }

    function test_slash_byTheMarketMovesStakeToTheMarket() public {
        address node = executors[0];
        uint256 marketBefore = token.balanceOf(address(market));
        vm.expectEmit(address(registry));
        emit INodeRegistry.Slashed(node, 3e18, EXECUTOR_STAKE - 3e18);
        vm.prank(address(market));
        registry.slash(node, 3e18);
        assertEq(registry.stakeOf(node), EXECUTOR_STAKE - 3e18);
        assertEq(token.balanceOf(address(market)), marketBefore + 3e18);
        INodeRegistry.Reputation memory rep = registry.getNode(node).reputation;
        assertEq(rep.timesSlashed, 1);
        assertEq(rep.amountSlashed, 3e18);
    }

    function test_revertsIf_slashExceedsStake() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                INodeRegistry.SlashExceedsStake.selector, executors[0], EXECUTOR_STAKE, EXECUTOR_STAKE + 1
            )
        );
        vm.prank(address(market));
        registry.slash(executors[0], EXECUTOR_STAKE + 1);
    }

    function test_recordTasks_byTheMarketAddsToReputation() public {
        vm.startPrank(address(market));
        registry.recordTasks(executors[0], 5, 1);
        vm.expectEmit(address(registry));
        emit INodeRegistry.ReputationUpdated(executors[0], 8, 1, 0);
        registry.recordTasks(executors[0], 3, 0);
        vm.stopPrank();
        INodeRegistry.Reputation memory rep = registry.getNode(executors[0]).reputation;
        assertEq(rep.tasksCompleted, 8);
        assertEq(rep.tasksFailed, 1);
    }
}
