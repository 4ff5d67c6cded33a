// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {NeuroToken} from "../../../contracts/NeuroToken.sol";
import {SupplyWatchingHandler} from "./SupplyWatchingHandler.sol";
import {TokenSale} from "../../../contracts/TokenSale.sol";
import {ITokenSale} from "../../../contracts/interfaces/ITokenSale.sol";
import {ForceSend} from "../../utils/Actors.sol";

/// @notice Drives the sale through its whole life with random actors, amounts and time steps, and
/// keeps ghost sums of everything that moved so the invariant suite can check the books.
/// Every action first decides whether the sale *should* accept it; an accepted-but-reverting or
/// refused-but-succeeding call raises `ghostUnexpected`, which an invariant checks.
contract SaleHandler is SupplyWatchingHandler {
    TokenSale public immutable sale;
    uint256 private immutable _signerKey;
    address private immutable _guardian;
    uint256 private immutable _capWei;
    bytes32 private immutable _capSalt;

    address[] private _actors;
    address[4] private _recipients;
    uint256 private _nonce;

    // ------------------------------------------------------------ ghosts
    uint256 public ghostSent; // msg.value of successful purchases
    uint256 public ghostAccepted; // wei the sale kept from them
    uint256 public ghostRefunded; // wei returned to payers in the same transaction
    uint256 public ghostTokensBought;
    uint256 public ghostForced; // ETH force-sent at any time
    uint256 public ghostForcedAfterFinalize; // the part of it that arrived after finalization
    uint256 public ghostWithdrawn;

    mapping(bytes32 action => uint256 count) public calls;

    constructor(
        TokenSale sale_,
        NeuroToken token_,
        uint256 signerKey,
        address guardian,
        uint256 capWei,
        bytes32 capSalt,
        address[4] memory recipients_
    ) SupplyWatchingHandler(token_) {
        sale = sale_;
        _signerKey = signerKey;
        _guardian = guardian;
        _capWei = capWei;
        _capSalt = capSalt;
        _recipients = recipients_;
        for (uint256 i; i < 5; ++i) {
            _actors.push(makeAddr(string.concat("buyer", vm.toString(i))));
        }
    }

    modifier tracked(bytes32 action) {
        _checkSupply();
        calls[action]++;
        _;
        _checkSupply();
    }

    // ------------------------------------------------------------ actions

    function buy(uint256 actorSeed, uint256 value, uint256 wait) external tracked("buy") {
        vm.warp(block.timestamp + _bound(wait, 0, 2 days));
        address actor = _actors[actorSeed % _actors.length];
        // 1 to 20,000 whole ETH plus up to 999 odd wei: large enough that the secret cap and the
        // 60M hard cap are reached within a run (the fuzzer favours small raw values), odd enough
        // to exercise the rounding of partial fills.
        value = _bound(value, 1, 20_000) * 1 ether + value % 1_000;
        ITokenSale.Voucher memory v = ITokenSale.Voucher({
            payer: actor, beneficiary: actor, limitWei: type(uint128).max, nonce: ++_nonce, expiry: type(uint64).max
        });
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(_signerKey, sale.voucherDigest(v));
        bytes memory sig = abi.encodePacked(r, s, sv);

        ITokenSale.Phase phase = sale.phase();
        bool shouldWork = (phase == ITokenSale.Phase.Presale || phase == ITokenSale.Phase.Sale) && !sale.paused();
        uint256 raisedBefore = sale.weiRaised();
        vm.deal(actor, value);
        vm.prank(actor);
        try sale.buy{value: value}(actor, v, sig) returns (uint256 tokens) {
            if (!shouldWork) _unexpected("buy succeeded while it should be refused");
            uint256 accepted = sale.weiRaised() - raisedBefore;
            if (actor.balance != value - accepted) _unexpected("refund differs from value - accepted");
            ghostSent += value;
            ghostAccepted += accepted;
            ghostRefunded += actor.balance;
            ghostTokensBought += tokens;
            calls["buy.ok"]++;
            if (accepted != value) calls["buy.cut"]++;
        } catch {
            if (shouldWork) _unexpected("buy reverted in an open, unpaused window");
        }
        vm.deal(actor, 0); // refunds leave the system: only the ghosts remember them
    }

    function warp(uint256 seconds_) external tracked("warp") {
        // Up to 10 days: with depth 64 most runs walk the ~54-day timeline to its end.
        vm.warp(block.timestamp + _bound(seconds_, 1, 10 days));
    }

    function revealCap() external tracked("revealCap") {
        bool shouldWork = !sale.finalized() && sale.revealedCapWei() == 0 && sale.weiRaised() >= _capWei;
        uint64 expectedEnd = uint64(block.timestamp) + 7 days;
        if (expectedEnd > sale.schedule().saleEnd) expectedEnd = sale.schedule().saleEnd;
        try sale.revealCap(_capWei, _capSalt) {
            if (!shouldWork) _unexpected("reveal succeeded while it should be refused");
            if (sale.endTime() != expectedEnd) _unexpected("reveal set the wrong end");
            calls["revealCap.ok"]++;
        } catch {
            if (shouldWork) _unexpected("reveal reverted with the cap reached");
        }
    }

    function finalize() external tracked("finalize") {
        bool shouldWork = sale.phase() == ITokenSale.Phase.Ended;
        try sale.finalize() {
            if (!shouldWork) _unexpected("finalize succeeded before the end");
            calls["finalize.ok"]++;
        } catch {
            if (shouldWork) _unexpected("finalize reverted after the end");
        }
    }

    function withdraw(uint256 recipientSeed) external tracked("withdraw") {
        address recipient = _recipients[recipientSeed % 4];
        uint256 owed = sale.withdrawableOf(recipient);
        uint256 balanceBefore = recipient.balance;
        vm.prank(recipient);
        try sale.withdraw() {
            if (owed == 0) _unexpected("withdraw paid with nothing owed");
            if (recipient.balance - balanceBefore != owed) _unexpected("withdraw paid the wrong amount");
            ghostWithdrawn += owed;
            calls["withdraw.ok"]++;
        } catch {
            if (owed != 0) _unexpected("withdraw reverted with credit owed");
        }
    }

    /// Sweep credits ETH forced in after finalization to the platform; it must work exactly when
    /// such ETH is held.
    function sweep() external tracked("sweep") {
        bool shouldWork = sale.finalized() && ghostForcedAfterFinalize != 0;
        try sale.sweep() {
            if (!shouldWork) _unexpected("sweep succeeded with nothing unaccounted");
            ghostForcedAfterFinalize = 0;
            calls["sweep.ok"]++;
        } catch {
            if (shouldWork) _unexpected("sweep reverted with forced ETH held");
        }
    }

    /// Pauses one time in four and resumes otherwise, so runs spend most of their time open.
    function setPaused(uint256 seed) external tracked("setPaused") {
        vm.prank(_guardian);
        sale.setPaused(seed % 4 == 0);
    }

    function forceSend(uint256 amount) external tracked("forceSend") {
        amount = _bound(amount, 1, 100 ether);
        vm.deal(address(this), amount);
        ForceSend.forceSend(address(sale), amount);
        ghostForced += amount;
        if (sale.finalized()) ghostForcedAfterFinalize += amount;
    }

    // ------------------------------------------------------------ views for the invariant suite

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function recipients() external view returns (address[4] memory) {
        return _recipients;
    }
}
