// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {INeuroToken} from "./interfaces/INeuroToken.sol";
import {IBurnSchedule} from "./interfaces/IBurnSchedule.sol";

/// @title BurnSchedule
/// @notice See {IBurnSchedule}.
contract BurnSchedule is IBurnSchedule {
    using SafeERC20 for IERC20;

    uint16 private constant BPS = 10_000;

    INeuroToken private immutable _token;
    address private immutable _leftoverRecipient;
    Epoch[] private _epochs;
    uint256 private _nextEpoch;
    /// Burns owed by executed epochs that the vault could not cover yet.
    uint256 private _shortfall;

    /// @param token_ The NTK token.
    /// @param times Epoch times (unix seconds), strictly increasing.
    /// @param ratesBps Share of the total supply each epoch burns, in basis points.
    /// @param leftoverRecipient_ Receives what the vault holds once the schedule is complete and settled.
    constructor(address token_, uint64[] memory times, uint16[] memory ratesBps, address leftoverRecipient_) {
        if (token_ == address(0)) revert ZeroToken();
        if (leftoverRecipient_ == address(0)) revert ZeroLeftoverRecipient();
        if (times.length != ratesBps.length || times.length == 0) {
            revert InvalidEpochCount(times.length, ratesBps.length);
        }
        for (uint256 i; i < times.length; ++i) {
            if ((i != 0 && times[i] <= times[i - 1]) || ratesBps[i] == 0 || ratesBps[i] > BPS) {
                revert InvalidEpoch(i, times[i], ratesBps[i]);
            }
            _epochs.push(Epoch({time: times[i], rateBps: ratesBps[i], executed: false, executedAt: 0, target: 0, burned: 0}));
        }
        _token = INeuroToken(token_);
        _leftoverRecipient = leftoverRecipient_;
    }

    /// @inheritdoc IBurnSchedule
    function executeEpoch(uint256 index) external returns (uint256 burned) {
        if (index >= _epochs.length) revert UnknownEpoch(index, _epochs.length);
        Epoch storage e = _epochs[index];
        if (e.executed) revert EpochAlreadyExecuted(index);
        if (index != _nextEpoch) revert EpochOutOfOrder(index, _nextEpoch);
        if (block.timestamp < e.time) revert EpochNotDue(index, e.time, block.timestamp);

        uint256 target = _targetOf(e.rateBps);
        // What is owed now: the earlier shortfall plus this epoch's target; the vault pays what it can.
        uint256 owed = _shortfall + target;
        uint256 available = _token.balanceOf(address(this));
        burned = owed < available ? owed : available;

        e.executed = true;
        e.executedAt = uint64(block.timestamp);
        e.target = target;
        e.burned = burned;
        _nextEpoch = index + 1;
        _shortfall = owed - burned;

        if (burned != 0) _token.burn(burned);
        emit EpochExecuted(index, target, burned, owed - burned, _token.totalSupply(), msg.sender);
    }

    /// @inheritdoc IBurnSchedule
    function settleShortfall() external returns (uint256 burned) {
        uint256 owed = _shortfall;
        uint256 available = _token.balanceOf(address(this));
        burned = owed < available ? owed : available;
        if (burned == 0) revert NothingToSettle(owed, available);
        _shortfall = owed - burned;
        _token.burn(burned);
        emit ShortfallSettled(burned, owed - burned, _token.totalSupply(), msg.sender);
    }

    /// @inheritdoc IBurnSchedule
    function releaseLeftover() external returns (uint256 amount) {
        if (_nextEpoch != _epochs.length) revert ScheduleNotComplete(_nextEpoch, _epochs.length);
        if (_shortfall != 0) revert ShortfallOutstanding(_shortfall);
        amount = _token.balanceOf(address(this));
        if (amount == 0) revert NothingToRelease();
        IERC20(address(_token)).safeTransfer(_leftoverRecipient, amount);
        emit LeftoverReleased(_leftoverRecipient, amount, msg.sender);
    }

    /// @inheritdoc IBurnSchedule
    function fund(uint256 amount) public {
        if (amount == 0) revert ZeroAmount();
        IERC20(address(_token)).safeTransferFrom(msg.sender, address(this), amount);
        emit VaultFunded(msg.sender, amount);
    }

    /// @inheritdoc IBurnSchedule
    function fundWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        // A front-run permit (someone submitting the same signature first) must not block funding:
        // if the permit call fails, the allowance it granted is already there and fund() proceeds.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        fund(amount);
    }

    /// @inheritdoc IBurnSchedule
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IBurnSchedule
    function leftoverRecipient() external view returns (address) {
        return _leftoverRecipient;
    }

    /// @inheritdoc IBurnSchedule
    function shortfall() external view returns (uint256) {
        return _shortfall;
    }

    /// @inheritdoc IBurnSchedule
    function vaultBalance() external view returns (uint256) {
        return _token.balanceOf(address(this));
    }

    /// @inheritdoc IBurnSchedule
    function epochCount() external view returns (uint256) {
        return _epochs.length;
    }

    /// @inheritdoc IBurnSchedule
    function nextEpoch() external view returns (uint256) {
        return _nextEpoch;
    }

    /// @inheritdoc IBurnSchedule
    function epoch(uint256 index) external view returns (Epoch memory) {
        if (index >= _epochs.length) revert UnknownEpoch(index, _epochs.length);
        return _epochs[index];
    }

    /// @inheritdoc IBurnSchedule
    function epochs() external view returns (Epoch[] memory) {
        return _epochs;
    }

    /// @inheritdoc IBurnSchedule
    function targetOf(uint256 index) external view returns (uint256) {
        if (index >= _epochs.length) revert UnknownEpoch(index, _epochs.length);
        return _targetOf(_epochs[index].rateBps);
    }

    /// @dev Rate x the supply left once the owed shortfall is burned, so a late-funded schedule
    /// burns the same total as an early-funded one. Holders may burn below what is owed; then the
    /// base is zero. Rounds down: the schedule never burns more than its rate.
    function _targetOf(uint16 rateBps) private view returns (uint256) {
        uint256 supply = _token.totalSupply();
        uint256 base = supply > _shortfall ? supply - _shortfall : 0;
        return base * rateBps / BPS;
    }
}
