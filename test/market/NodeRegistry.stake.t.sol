// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {INodeRegistry.stake} and {INodeRegistry.stakeWithPermit}.
contract NodeRegistryStakeTest is MarketFixture {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function test_stake_addsToBondedAndFreeStake() public {
        address node = executors[0];
        uint256 registryBefore = token.balanceOf(address(registry));
        vm.startPrank(node);
        token.approve(address(registry), 500e18);
        vm.expectEmit(address(registry));
        emit INodeRegistry.Staked(node, node, 500e18, EXECUTOR_STAKE + 500e18);
        registry.stake(500e18);
        vm.stopPrank();
        assertEq(registry.stakeOf(node), EXECUTOR_STAKE + 500e18);
        assertEq(registry.freeStake(node), EXECUTOR_STAKE + 500e18);
        assertEq(token.balanceOf(address(registry)), registryBefore + 500e18);
        assertEq(token.balanceOf(node), EXECUTOR_FUNDS - EXECUTOR_STAKE - 500e18);
    }

    function test_revertsIf_stakeUnregistered() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotRegistered.selector, stranger));
        vm.prank(stranger);
        registry.stake(1e18);
    }

    function test_revertsIf_stakeZero() public {
        vm.expectRevert(INodeRegistry.ZeroAmount.selector);
        vm.prank(executors[0]);
        registry.stake(0);
    }

    function test_revertsIf_stakeWithoutApproval() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(registry), 0, 1e18
            )
        );
        vm.prank(executors[0]);
        registry.stake(1e18);
    }

    function test_stakeWithPermit_stakesInOneCall() public {
        (address node, uint256 key) = makeAddrAndKey("permitNode");
        _fund(node, 1_000e18);
        vm.prank(node);
        registry.register(_capabilities(), "bafkreimeta");
        (uint8 v, bytes32 r, bytes32 s) = _permit(key, node, 1_000e18, block.timestamp + 1 hours);
        vm.expectEmit(address(registry));
        emit INodeRegistry.Staked(node, node, 1_000e18, 1_000e18);
        vm.prank(node);
        registry.stakeWithPermit(1_000e18, block.timestamp + 1 hours, v, r, s);
        assertEq(registry.stakeOf(node), 1_000e18);
        assertEq(token.allowance(node, address(registry)), 0);
    }

    /// A permit front-run by someone else (submitted to the token first) must not block the stake.
    function test_stakeWithPermit_survivesAFrontRunPermit() public {
        (address node, uint256 key) = makeAddrAndKey("permitNode");
        _fund(node, 1_000e18);
        vm.prank(node);
        registry.register(_capabilities(), "bafkreimeta");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permit(key, node, 1_000e18, deadline);
        vm.prank(stranger);
        token.permit(node, address(registry), 1_000e18, deadline, v, r, s);
        vm.prank(node);
        registry.stakeWithPermit(1_000e18, deadline, v, r, s);
        assertEq(registry.stakeOf(node), 1_000e18);
    }

    /// A bad permit with no approval behind it fails at the transfer with the token's own error.
    function test_revertsIf_stakeWithPermitBadSignatureAndNoApproval() public {
        (address node,) = makeAddrAndKey("permitNode");
        _fund(node, 1_000e18);
        vm.prank(node);
        registry.register(_capabilities(), "bafkreimeta");
        (uint8 v, bytes32 r, bytes32 s) = _permit(executorKeys[1], node, 1_000e18, block.timestamp + 1 hours);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(registry), 0, 1_000e18
            )
        );
        vm.prank(node);
        registry.stakeWithPermit(1_000e18, block.timestamp + 1 hours, v, r, s);
    }

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, address(registry), value, token.nonces(owner), deadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }
}
