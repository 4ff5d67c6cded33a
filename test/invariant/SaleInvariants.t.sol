// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITokenSale} from "../../contracts/interfaces/ITokenSale.sol";
import {SaleFixture} from "../utils/SaleFixture.sol";
import {SaleHandler} from "./handlers/SaleHandler.sol";

/// @notice The sale's books hold after any sequence of purchases, reveals, pauses, time steps,
/// forced ETH, finalization and withdrawals.
contract SaleInvariants is SaleFixture {
    uint256 internal constant CAP = 60_000_000e18;
    SaleHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new SaleHandler(
            sale, token, signer.privateKey, guardian, SECRET_CAP_WEI, SECRET_CAP_SALT,
            [platform, liquidityReserve, marketing, partners]
        );
        // Start a little before the presale so runs also see BeforePresale.
        vm.warp(PRESALE_START - 1 days);

        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = SaleHandler.buy.selector;
        selectors[1] = SaleHandler.warp.selector;
        selectors[2] = SaleHandler.revealCap.selector;
        selectors[3] = SaleHandler.finalize.selector;
        selectors[4] = SaleHandler.withdraw.selector;
        selectors[5] = SaleHandler.setPaused.selector;
        selectors[6] = SaleHandler.forceSend.selector;
        selectors[7] = SaleHandler.sweep.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_noUnexpectedOutcome() public view {
        assertEq(handler.ghostUnexpected(), "");
    }

    function invariant_totalSupplyNeverRises() public view {
        assertFalse(handler.ghostSupplyRose(), "supply rose during an action");
        assertLe(token.totalSupply(), handler.ghostLastSupply(), "supply rose between actions");
        assertLe(token.totalSupply(), GENESIS_SUPPLY);
    }

    function invariant_tokensSoldWithinHardCap() public view {
        assertLe(sale.tokensSold(), CAP);
        assertLe(sale.bonusTokensGiven(), sale.tokensSold());
    }

    function invariant_tokensSoldEqualsTokensBought() public view {
        assertEq(sale.tokensSold(), handler.ghostTokensBought());
    }

    function invariant_weiRaisedEqualsAcceptedAndContributions() public view {
        assertEq(sale.weiRaised(), handler.ghostAccepted());
        address[] memory buyers = handler.actors();
        uint256 sum;
        for (uint256 i; i < buyers.length; ++i) {
            sum += sale.contributionOf(buyers[i]);
        }
        assertEq(sum, sale.weiRaised());
    }

    /// Every wei that entered the sale (purchases and forced sends) was refunded, withdrawn, or is
    /// still held: sum(msg.value) + forced == refunded + withdrawn + balance.
    function invariant_ethConserved() public view {
        assertEq(
            handler.ghostSent() + handler.ghostForced(),
            handler.ghostRefunded() + handler.ghostWithdrawn() + address(sale).balance
        );
    }

    /// After finalization the balance is exactly what the recipients may still pull, plus ETH
    /// force-sent after finalization that no one has swept yet.
    function invariant_finalizedBalanceIsOwed() public view {
        if (!sale.finalized()) return;
        address[4] memory r = handler.recipients();
        uint256 owed;
        for (uint256 i; i < 4; ++i) {
            owed += sale.withdrawableOf(r[i]);
        }
        assertEq(address(sale).balance, owed + handler.ghostForcedAfterFinalize());
    }

    function invariant_saleTokensAccounted() public view {
        if (sale.finalized()) {
            assertEq(token.balanceOf(address(sale)), 0, "unsold burned at finalize");
        } else {
            assertEq(token.balanceOf(address(sale)) + sale.tokensSold(), CAP);
        }
        assertEq(token.totalSupply() + (sale.finalized() ? CAP - sale.tokensSold() : 0), GENESIS_SUPPLY);
    }

    function invariant_creditsOnlyAfterFinalize() public view {
        if (sale.finalized()) return;
        address[4] memory r = handler.recipients();
        for (uint256 i; i < 4; ++i) {
            assertEq(sale.withdrawableOf(r[i]), 0);
        }
    }

    /// At the end of every run: drive the sale to completion, sweep, and pull everything: no ETH
    /// may remain in the sale.
    function afterInvariant() external {
        vm.warp(SALE_END);
        if (!sale.finalized()) sale.finalize();
        if (address(sale).balance > _totalOwed()) sale.sweep();
        address[4] memory r = handler.recipients();
        for (uint256 i; i < 4; ++i) {
            if (sale.withdrawableOf(r[i]) == 0) continue;
            vm.prank(r[i]);
            sale.withdraw();
        }
        assertEq(address(sale).balance, 0, "ETH stuck in the sale");
        assertEq(uint8(sale.phase()), uint8(ITokenSale.Phase.Finalized));
    }

    function _totalOwed() private view returns (uint256 owed) {
        address[4] memory r = handler.recipients();
        for (uint256 i; i < 4; ++i) {
            owed += sale.withdrawableOf(r[i]);
        }
    }
}
