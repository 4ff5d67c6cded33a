// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {NeuroToken} from "../../../contracts/NeuroToken.sol";
import {SupplyWatchingHandler} from "./SupplyWatchingHandler.sol";
import {BurnSchedule} from "../../../contracts/BurnSchedule.sol";
import {IBurnSchedule} from "../../../contracts/interfaces/IBurnSchedule.sol";

/// @notice Funds the burn vault (plain and with permit), executes epochs (in order, out of order,
/// early and late), settles shortfalls, releases leftovers and burns from holders, keeping ghost
/// sums of every token that left the supply or the vault.
contract BurnHandler is SupplyWatchingHandler {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    BurnSchedule public immutable schedule;

    address[] private _holders;
    mapping(address holder => uint256 key) private _keys;

    uint256 public ghostFunded;
    uint256 public ghostEpochBurned;
    uint256 public ghostHolderBurned;
    uint256 public ghostSettled;
    uint256 public ghostReleased;

    constructor(NeuroToken token_, BurnSchedule schedule_, address[] memory holders_, uint256[] memory keys_)
        SupplyWatchingHandler(token_)
    {
        schedule = schedule_;
        for (uint256 i; i < holders_.length; ++i) {
            _holders.push(holders_[i]);
            _keys[holders_[i]] = keys_[i];
        }
    }

    modifier tracked() {
        _checkSupply();
        _;
        _checkSupply();
    }

    function fund(uint256 holderSeed, uint256 amount) external tracked {
        address holder = _holder(holderSeed);
        uint256 balance = token.balanceOf(holder);
        if (balance == 0) return;
        amount = _bound(amount, 1, balance);
        vm.startPrank(holder);
        token.approve(address(schedule), amount);
        schedule.fund(amount);
        vm.stopPrank();
        ghostFunded += amount;
    }

    function fundWithPermit(uint256 holderSeed, uint256 amount, bool frontRun) external tracked {
        address holder = _holder(holderSeed);
        uint256 balance = token.balanceOf(holder);
        if (balance == 0) return;
        amount = _bound(amount, 1, balance);
        uint256 deadline = block.timestamp;
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, holder, address(schedule), amount, token.nonces(holder), deadline)
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(_keys[holder], keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        if (frontRun) token.permit(holder, address(schedule), amount, deadline, v, r, s);
        vm.prank(holder);
        schedule.fundWithPermit(amount, deadline, v, r, s);
        ghostFunded += amount;
    }

    function executeEpoch(uint256 indexSeed, uint256 wait) external tracked {
        vm.warp(block.timestamp + _bound(wait, 0, 120 days));
        uint256 count = schedule.epochCount();
        uint256 next = schedule.nextEpoch();
        // Half the time the next epoch; otherwise any index, including executed, later and unknown
        // ones, so out-of-turn executions get their chance to (wrongly) succeed.
        uint256 index = indexSeed % 2 == 0 ? (indexSeed / 2) % (count + 1) : next;
        bool shouldWork = index == next && next < count && block.timestamp >= schedule.epoch(index).time;

        uint256 vault = schedule.vaultBalance();
        uint256 owed = schedule.shortfall() + (index < count ? schedule.targetOf(index) : 0);
        try schedule.executeEpoch(index) returns (uint256 burned) {
            if (!shouldWork) _unexpected("epoch executed out of turn or early");
            if (burned != (owed < vault ? owed : vault)) _unexpected("burned != min(shortfall + target, vault)");
            ghostEpochBurned += burned;
        } catch {
            if (shouldWork) _unexpected("due epoch reverted");
        }
    }

    function settleShortfall() external tracked {
        uint256 owed = schedule.shortfall();
        uint256 vault = schedule.vaultBalance();
        uint256 expected = owed < vault ? owed : vault;
        try schedule.settleShortfall() returns (uint256 burned) {
            if (expected == 0) _unexpected("settled with nothing owed or an empty vault");
            if (burned != expected) _unexpected("settled != min(shortfall, vault)");
            ghostSettled += burned;
        } catch {
            if (expected != 0) _unexpected("settle reverted with a shortfall and a funded vault");
        }
    }

    function releaseLeftover() external tracked {
        uint256 vault = schedule.vaultBalance();
        bool shouldWork = schedule.nextEpoch() == schedule.epochCount() && schedule.shortfall() == 0 && vault != 0;
        try schedule.releaseLeftover() returns (uint256 amount) {
            if (!shouldWork) _unexpected("leftover released before the schedule was complete and settled");
            if (amount != vault) _unexpected("released != vault");
            ghostReleased += amount;
        } catch {
            if (shouldWork) _unexpected("release reverted on a complete, settled schedule");
        }
    }

    function holderBurn(uint256 holderSeed, uint256 amount) external tracked {
        address holder = _holder(holderSeed);
        uint256 balance = token.balanceOf(holder);
        if (balance == 0) return;
        amount = _bound(amount, 1, balance);
        vm.prank(holder);
        token.burn(amount);
        ghostHolderBurned += amount;
    }

    function holders() external view returns (address[] memory) {
        return _holders;
    }

    function _holder(uint256 seed) private view returns (address) {
        return _holders[seed % _holders.length];
    }
}
