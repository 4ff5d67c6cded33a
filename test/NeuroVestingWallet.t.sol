// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";
import {NeuroVestingWallet} from "../contracts/NeuroVestingWallet.sol";
import {SaleFixture} from "./utils/SaleFixture.sol";

contract NeuroVestingWalletTest is SaleFixture {
    uint64 internal constant CLIFF_END = VESTING_START + VESTING_CLIFF;
    uint64 internal constant VESTING_END = VESTING_START + VESTING_DURATION;

    function test_configuration() public view {
        assertEq(teamVesting.owner(), teamBeneficiary);
        assertEq(teamVesting.start(), VESTING_START);
        assertEq(teamVesting.duration(), VESTING_DURATION);
        assertEq(teamVesting.cliff(), CLIFF_END);
        assertEq(teamVesting.end(), VESTING_END);
        assertEq(partnersVesting.owner(), partnersBeneficiary);
        assertEq(researchersVesting.owner(), researchersBeneficiary);
    }

    function test_nothingVestedBeforeStart() public {
        vm.warp(VESTING_START - 1);
        assertEq(teamVesting.releasable(address(token)), 0);
    }

    function test_nothingVestedAtLastSecondBeforeCliff() public {
        vm.warp(CLIFF_END - 1);
        assertEq(teamVesting.vestedAmount(address(token), CLIFF_END - 1), 0);
        assertEq(teamVesting.releasable(address(token)), 0);
        // Releasing is allowed but moves nothing.
        teamVesting.release(address(token));
        assertEq(token.balanceOf(teamBeneficiary), 0);
        assertEq(token.balanceOf(address(teamVesting)), TEAM_ALLOCATION);
    }

    function test_atCliff_linearShareBecomesReleasable() public {
        vm.warp(CLIFF_END);
        // The cliff hides vesting until it passes, then the whole linear share since start appears.
        uint256 expected = TEAM_ALLOCATION * VESTING_CLIFF / VESTING_DURATION;
        assertEq(teamVesting.releasable(address(token)), expected);
        vm.expectEmit(true, true, true, true, address(teamVesting));
        emit VestingWallet.ERC20Released(address(token), expected);
        teamVesting.release(address(token));
        assertEq(token.balanceOf(teamBeneficiary), expected);
    }

    function test_linearAfterCliff() public {
        uint64 halfway = VESTING_START + VESTING_DURATION / 2;
        vm.warp(halfway);
        assertEq(teamVesting.releasable(address(token)), TEAM_ALLOCATION / 2);
        teamVesting.release(address(token));
        vm.warp(halfway + 30 days);
        assertEq(
            teamVesting.releasable(address(token)),
            TEAM_ALLOCATION * (VESTING_DURATION / 2 + 30 days) / VESTING_DURATION - TEAM_ALLOCATION / 2
        );
    }

    function test_fullAtEnd() public {
        vm.warp(VESTING_END - 1);
        assertLt(researchersVesting.releasable(address(token)), RESEARCHERS_ALLOCATION);
        vm.warp(VESTING_END);
        assertEq(researchersVesting.releasable(address(token)), RESEARCHERS_ALLOCATION);
        researchersVesting.release(address(token));
        assertEq(token.balanceOf(researchersBeneficiary), RESEARCHERS_ALLOCATION);
        vm.warp(VESTING_END + 365 days);
        assertEq(researchersVesting.releasable(address(token)), 0);
    }

    function test_releaseGoesToNewOwnerAfterTransfer() public {
        vm.prank(partnersBeneficiary);
        partnersVesting.transferOwnership(alice);
        vm.warp(VESTING_END);
        vm.prank(bob); // anyone may trigger the release; tokens go to the owner
        partnersVesting.release(address(token));
        assertEq(token.balanceOf(alice), PARTNERS_ALLOCATION);
        assertEq(token.balanceOf(partnersBeneficiary), 0);
    }

    function test_revertsIf_cliffLongerThanDuration() public {
        vm.expectRevert(
            abi.encodeWithSelector(VestingWalletCliff.InvalidCliffDuration.selector, 101, 100)
        );
        new NeuroVestingWallet(alice, VESTING_START, 100, 101);
    }

    function testFuzz_vestedIsLinearAfterCliff(uint64 t) public view {
        t = uint64(bound(t, CLIFF_END, VESTING_END));
        assertEq(
            teamVesting.vestedAmount(address(token), t),
            TEAM_ALLOCATION * (t - VESTING_START) / VESTING_DURATION
        );
    }

    function testFuzz_nothingBeforeCliff(uint64 t) public view {
        t = uint64(bound(t, 0, CLIFF_END - 1));
        assertEq(teamVesting.vestedAmount(address(token), t), 0);
    }
}
