// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IBurnSchedule} from "../../contracts/interfaces/IBurnSchedule.sol";
import {SaleFixture} from "../utils/SaleFixture.sol";
import {BurnHandler} from "./handlers/BurnHandler.sol";

/// @notice The burn schedule only ever lowers the supply, burns exactly what it reports, executes
/// epochs as an ordered prefix, owes exactly what its epochs targeted minus what it burned, and
/// its vault holds exactly funded minus burned minus released.
contract BurnInvariants is SaleFixture {
    BurnHandler internal handler;

    function setUp() public override {
        super.setUp();
        // Sell the whole allocation to one buyer and spread it over three holders with known keys.
        address whale = makeAddr("whale");
        _sellOut(whale);
        sale.finalize();
        address[] memory holders = new address[](3);
        uint256[] memory keys = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            (holders[i], keys[i]) = makeAddrAndKey(string.concat("holder", vm.toString(i)));
            vm.prank(whale);
            assertTrue(token.transfer(holders[i], 20_000_000e18));
        }
        handler = new BurnHandler(token, burnSchedule, holders, keys);
        vm.warp(EPOCH0 - 30 days);

        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = BurnHandler.fund.selector;
        selectors[1] = BurnHandler.fundWithPermit.selector;
        selectors[2] = BurnHandler.executeEpoch.selector;
        selectors[3] = BurnHandler.holderBurn.selector;
        selectors[4] = BurnHandler.settleShortfall.selector;
        selectors[5] = BurnHandler.releaseLeftover.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_noUnexpectedOutcome() public view {
        assertEq(handler.ghostUnexpected(), "");
    }

    function invariant_totalSupplyNeverRises() public view {
        assertFalse(handler.ghostSupplyRose(), "supply rose during an action");
        assertLe(token.totalSupply(), handler.ghostLastSupply(), "supply rose between actions");
    }

    function invariant_supplyEqualsGenesisMinusBurns() public view {
        assertEq(
            token.totalSupply(),
            GENESIS_SUPPLY - handler.ghostEpochBurned() - handler.ghostSettled() - handler.ghostHolderBurned()
        );
    }

    function invariant_vaultIsFundedMinusBurned() public view {
        assertEq(
            burnSchedule.vaultBalance(),
            handler.ghostFunded() - handler.ghostEpochBurned() - handler.ghostSettled() - handler.ghostReleased()
        );
    }

    function invariant_epochsExecutedAsOrderedPrefix() public view {
        IBurnSchedule.Epoch[] memory all = burnSchedule.epochs();
        uint256 next = burnSchedule.nextEpoch();
        uint256 burned;
        uint256 targeted;
        for (uint256 i; i < all.length; ++i) {
            assertEq(all[i].executed, i < next, "executed epochs form a prefix");
            if (!all[i].executed) {
                assertEq(all[i].burned, 0);
                continue;
            }
            assertGe(all[i].executedAt, all[i].time, "never executed early");
            burned += all[i].burned;
            targeted += all[i].target;
            assertLe(burned, targeted, "never burns above what the epochs so far owed");
        }
        assertEq(burned, handler.ghostEpochBurned(), "recorded burns match what left the supply");
        assertEq(burnSchedule.shortfall(), targeted - burned - handler.ghostSettled(), "owed = targeted - burned");
    }
}
