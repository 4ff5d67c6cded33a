// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {NeuroToken} from "../contracts/NeuroToken.sol";
import {INeuroToken} from "../contracts/interfaces/INeuroToken.sol";
import {SaleFixture} from "./utils/SaleFixture.sol";

contract NeuroTokenTest is SaleFixture {
    bytes32 internal constant PURPOSE_DUST = "dust";
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    // ------------------------------------------------------------ metadata and genesis

    function test_metadata() public view {
        assertEq(token.name(), "NeuroToken");
        assertEq(token.symbol(), "NTK");
        assertEq(token.decimals(), 18);
        assertEq(token.GENESIS_SUPPLY(), GENESIS_SUPPLY);
    }

    function test_genesis_mintsFixedSupplyToAllocation() public view {
        assertEq(token.totalSupply(), 100_000_000e18);
        assertEq(token.balanceOf(address(sale)), 60_000_000e18);
        assertEq(token.balanceOf(address(teamVesting)), 12_000_000e18);
        assertEq(token.balanceOf(address(partnersVesting)), 12_000_000e18);
        assertEq(token.balanceOf(liquidityReserve), 10_000_000e18);
        assertEq(token.balanceOf(address(researchersVesting)), 6_000_000e18);
    }

    function test_genesis_emitsAllocationPerRecipient() public {
        address[] memory to = new address[](2);
        (to[0], to[1]) = (alice, bob);
        uint256[] memory amounts = new uint256[](2);
        (amounts[0], amounts[1]) = (GENESIS_SUPPLY - 1, 1);
        bytes32[] memory purposes = new bytes32[](2);
        (purposes[0], purposes[1]) = (PURPOSE_SALE, PURPOSE_DUST);

        vm.expectEmit(true, true, true, true);
        emit IERC20.Transfer(address(0), alice, GENESIS_SUPPLY - 1);
        vm.expectEmit(true, true, true, true);
        emit INeuroToken.GenesisAllocated(alice, GENESIS_SUPPLY - 1, "sale");
        vm.expectEmit(true, true, true, true);
        emit IERC20.Transfer(address(0), bob, 1);
        vm.expectEmit(true, true, true, true);
        emit INeuroToken.GenesisAllocated(bob, 1, "dust");
        NeuroToken t = new NeuroToken(to, amounts, purposes);
        assertEq(t.totalSupply(), GENESIS_SUPPLY);
    }

    function test_revertsIf_genesisLengthsDiffer() public {
        address[] memory to = new address[](2);
        uint256[] memory amounts = new uint256[](1);
        bytes32[] memory purposes = new bytes32[](2);
        vm.expectRevert(abi.encodeWithSelector(INeuroToken.GenesisLengthMismatch.selector, 2, 1));
        new NeuroToken(to, amounts, purposes);

        amounts = new uint256[](2);
        purposes = new bytes32[](3);
        vm.expectRevert(abi.encodeWithSelector(INeuroToken.GenesisLengthMismatch.selector, 2, 2));
        new NeuroToken(to, amounts, purposes);
    }

    function test_revertsIf_genesisRecipientIsZero() public {
        (address[] memory to, uint256[] memory amounts, bytes32[] memory purposes) = _twoWay();
        to[1] = address(0);
        vm.expectRevert(abi.encodeWithSelector(INeuroToken.InvalidGenesisEntry.selector, 1, address(0), amounts[1]));
        new NeuroToken(to, amounts, purposes);
    }

    function test_revertsIf_genesisAmountIsZero() public {
        (address[] memory to, uint256[] memory amounts, bytes32[] memory purposes) = _twoWay();
        amounts[0] = 0;
        vm.expectRevert(abi.encodeWithSelector(INeuroToken.InvalidGenesisEntry.selector, 0, alice, 0));
        new NeuroToken(to, amounts, purposes);
    }

    function test_revertsIf_genesisBelowSupply() public {
        (address[] memory to, uint256[] memory amounts, bytes32[] memory purposes) = _twoWay();
        amounts[1] -= 1;
        vm.expectRevert(
            abi.encodeWithSelector(INeuroToken.GenesisSupplyMismatch.selector, GENESIS_SUPPLY - 1, GENESIS_SUPPLY)
        );
        new NeuroToken(to, amounts, purposes);
    }

    function test_revertsIf_genesisAboveSupply() public {
        (address[] memory to, uint256[] memory amounts, bytes32[] memory purposes) = _twoWay();
        amounts[1] += 1;
        vm.expectRevert(
            abi.encodeWithSelector(INeuroToken.GenesisSupplyMismatch.selector, GENESIS_SUPPLY + 1, GENESIS_SUPPLY)
        );
        new NeuroToken(to, amounts, purposes);
    }

    function test_revertsIf_genesisEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(INeuroToken.GenesisSupplyMismatch.selector, 0, GENESIS_SUPPLY));
        new NeuroToken(new address[](0), new uint256[](0), new bytes32[](0));
    }

    /// No mint entry point exists: neither common mint selector reaches any code path.
    function test_noMintFunction() public {
        (bool ok,) = address(token).call(abi.encodeWithSignature("mint(address,uint256)", alice, 1));
        assertFalse(ok, "mint(address,uint256) must not exist");
        (ok,) = address(token).call(abi.encodeWithSignature("mint(uint256)", 1));
        assertFalse(ok, "mint(uint256) must not exist");
        assertEq(token.totalSupply(), GENESIS_SUPPLY);
    }

    // ------------------------------------------------------------ burn

    function test_burn_reducesSupplyAndBalance() public {
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20.Transfer(liquidityReserve, address(0), 1_000e18);
        vm.prank(liquidityReserve);
        token.burn(1_000e18);
        assertEq(token.totalSupply(), GENESIS_SUPPLY - 1_000e18);
        assertEq(token.balanceOf(liquidityReserve), LIQUIDITY_ALLOCATION - 1_000e18);
    }

    function test_revertsIf_burnExceedsBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector,
                liquidityReserve,
                LIQUIDITY_ALLOCATION,
                LIQUIDITY_ALLOCATION + 1
            )
        );
        vm.prank(liquidityReserve);
        token.burn(LIQUIDITY_ALLOCATION + 1);
    }

    function test_burnFrom_spendsAllowance() public {
        vm.prank(liquidityReserve);
        token.approve(alice, 300);
        vm.prank(alice);
        token.burnFrom(liquidityReserve, 200);
        assertEq(token.allowance(liquidityReserve, alice), 100);
        assertEq(token.totalSupply(), GENESIS_SUPPLY - 200);
    }

    function test_revertsIf_burnFromWithoutAllowance() public {
        vm.prank(liquidityReserve);
        token.approve(alice, 199);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, alice, 199, 200));
        vm.prank(alice);
        token.burnFrom(liquidityReserve, 200);
    }

    function testFuzz_burn_supplyOnlyFalls(uint256 amount) public {
        amount = bound(amount, 0, LIQUIDITY_ALLOCATION);
        vm.prank(liquidityReserve);
        token.burn(amount);
        assertEq(token.totalSupply(), GENESIS_SUPPLY - amount);
    }

    // ------------------------------------------------------------ permit (EIP-2612)

    function test_permit_setsAllowanceAndBumpsNonce() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, owner, bob, 5e18, 0, deadline);
        vm.expectEmit(true, true, true, true, address(token));
        emit IERC20.Approval(owner, bob, 5e18);
        token.permit(owner, bob, 5e18, deadline, v, r, s);
        assertEq(token.allowance(owner, bob), 5e18);
        assertEq(token.nonces(owner), 1);
    }

    function test_permit_acceptsDeadlineEqualToNow() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, owner, bob, 1, 0, block.timestamp);
        token.permit(owner, bob, 1, block.timestamp, v, r, s);
        assertEq(token.allowance(owner, bob), 1);
    }

    function test_revertsIf_permitExpired() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, owner, bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(owner, bob, 1, deadline, v, r, s);
    }

    function test_revertsIf_permitWrongSigner() public {
        (address owner,) = makeAddrAndKey("permitOwner");
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(malloryKey, owner, bob, 1, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, owner));
        token.permit(owner, bob, 1, deadline, v, r, s);
    }

    function test_revertsIf_permitReplayed() public {
        (address owner, uint256 key) = makeAddrAndKey("permitOwner");
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, owner, bob, 1, 0, deadline);
        token.permit(owner, bob, 1, deadline, v, r, s);
        // The second use is checked against nonce 1, so the recovered address is some other account.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        token.permit(owner, bob, 1, deadline, v, r, s);
    }

    // ------------------------------------------------------------ helpers

    function _twoWay() internal view returns (address[] memory to, uint256[] memory amounts, bytes32[] memory p) {
        to = new address[](2);
        (to[0], to[1]) = (alice, bob);
        amounts = new uint256[](2);
        (amounts[0], amounts[1]) = (GENESIS_SUPPLY / 2, GENESIS_SUPPLY / 2);
        p = new bytes32[](2);
    }

    function _signPermit(uint256 key, address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }
}
