// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {INodeRegistry.register} and {INodeRegistry.updateNode}: capabilities and metadata.
contract NodeRegistryRegisterTest is MarketFixture {
    address internal newcomer = makeAddr("newcomer");

    function test_register_recordsTheNode() public {
        INodeRegistry.Capabilities memory caps = _capabilities();
        vm.warp(T0 + 5);
        vm.expectEmit(address(registry));
        emit INodeRegistry.NodeRegistered(newcomer, caps, "bafkreimeta");
        vm.prank(newcomer);
        registry.register(caps, "bafkreimeta");

        INodeRegistry.Node memory n = registry.getNode(newcomer);
        assertTrue(n.registered);
        assertTrue(registry.isRegistered(newcomer));
        assertEq(n.registeredAt, T0 + 5);
        assertEq(n.capabilities.computeUnitsPerSecond, caps.computeUnitsPerSecond);
        assertEq(n.capabilities.memoryMiB, caps.memoryMiB);
        assertEq(n.capabilities.storageGiB, caps.storageGiB);
        assertEq(n.metadataCid, "bafkreimeta");
        assertEq(n.stake, 0);
        assertEq(n.locked, 0);
        assertEq(n.unbonding, 0);
        assertEq(n.reputation.tasksCompleted, 0);
    }

    function test_revertsIf_registerTwice() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.AlreadyRegistered.selector, executors[0]));
        vm.prank(executors[0]);
        registry.register(_capabilities(), "bafkreimeta");
    }

    function test_revertsIf_registerWithoutThroughput() public {
        INodeRegistry.Capabilities memory caps = _capabilities();
        caps.computeUnitsPerSecond = 0;
        vm.expectRevert(INodeRegistry.InvalidCapabilities.selector);
        vm.prank(newcomer);
        registry.register(caps, "bafkreimeta");
    }

    function test_revertsIf_registerWithEmptyMetadata() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidMetadataCid.selector, 0));
        vm.prank(newcomer);
        registry.register(_capabilities(), "");
    }

    function test_revertsIf_registerWithOverlongMetadata() public {
        string memory cid = string(new bytes(129));
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidMetadataCid.selector, 129));
        vm.prank(newcomer);
        registry.register(_capabilities(), cid);
    }

    function test_register_acceptsMetadataOfExactly128Bytes() public {
        vm.prank(newcomer);
        registry.register(_capabilities(), string(new bytes(128)));
        assertTrue(registry.isRegistered(newcomer));
    }

    function test_updateNode_changesCapabilitiesAndMetadata() public {
        INodeRegistry.Capabilities memory caps = _capabilities();
        caps.computeUnitsPerSecond = 9_999;
        caps.accelerator = 0;
        vm.expectEmit(address(registry));
        emit INodeRegistry.NodeUpdated(executors[0], caps, "bafkreinew");
        vm.prank(executors[0]);
        registry.updateNode(caps, "bafkreinew");
        INodeRegistry.Node memory n = registry.getNode(executors[0]);
        assertEq(n.capabilities.computeUnitsPerSecond, 9_999);
        assertEq(n.capabilities.accelerator, 0);
        assertEq(n.metadataCid, "bafkreinew");
        assertEq(n.stake, EXECUTOR_STAKE, "stake untouched");
    }

    function test_revertsIf_updateUnregistered() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotRegistered.selector, newcomer));
        vm.prank(newcomer);
        registry.updateNode(_capabilities(), "bafkreimeta");
    }

    function test_revertsIf_updateWithBadCapabilities() public {
        INodeRegistry.Capabilities memory caps = _capabilities();
        caps.computeUnitsPerSecond = 0;
        vm.expectRevert(INodeRegistry.InvalidCapabilities.selector);
        vm.prank(executors[0]);
        registry.updateNode(caps, "bafkreimeta");
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidMetadataCid.selector, 0));
        vm.prank(executors[0]);
        registry.updateNode(_capabilities(), "");
    }
}
