// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BurnSchedule
/// @notice Buy-back-and-burn on a fixed schedule. Each epoch has a time and a rate of the total
/// supply at execution (default 30%, 20%, 10%: 100M -> 70M -> 56M -> 50.4M when fully funded).
/// Burns come from this contract's own NTK balance (the vault), funded by platform fees and
/// reserves. Anyone may execute a due epoch, once, in order; when the vault holds less than the
/// target, it burns what it has and records the shortfall.
interface IBurnSchedule {
    /// @notice A scheduled burn and, once executed, its outcome.
    struct Epoch {
        uint64 time;
        uint16 rateBps;
        bool executed;
        uint64 executedAt;
        uint256 target;
        uint256 burned;
    }

    /// @notice The token address is zero.
    error ZeroToken();
    /// @notice Times and rates have different lengths, or there are none.
    error InvalidEpochCount(uint256 times, uint256 rates);
    /// @notice Epoch times must strictly increase and rates be in (0, 100%].
    error InvalidEpoch(uint256 epoch, uint64 time, uint16 rateBps);
    /// @notice No epoch with this index exists.
    error UnknownEpoch(uint256 epoch, uint256 count);
    /// @notice The epoch's time has not come yet.
    error EpochNotDue(uint256 epoch, uint64 dueAt, uint256 nowTimestamp);
    /// @notice The epoch has already been executed.
    error EpochAlreadyExecuted(uint256 epoch);
    /// @notice Epochs execute in order; `nextEpoch` is the one due first.
    error EpochOutOfOrder(uint256 epoch, uint256 nextEpoch);
    /// @notice Funding must move a positive amount.
    error ZeroAmount();

    /// @notice `from` added `amount` NTK to the vault through {fund}.
    event VaultFunded(address indexed from, uint256 amount);
    /// @notice Epoch `epoch` burned `burned` of its `target`; `shortfall` = target - burned.
    event EpochExecuted(
        uint256 indexed epoch,
        uint256 target,
        uint256 burned,
        uint256 shortfall,
        uint256 totalSupplyAfter,
        address executor
    );

    /// @notice Burns epoch `epoch` (must be due, not executed and next in order). Callable by anyone.
    /// @return burned The amount burned, which is less than the target if the vault is short.
    function executeEpoch(uint256 epoch) external returns (uint256 burned);

    /// @notice Moves `amount` NTK from the caller into the vault (needs allowance).
    function fund(uint256 amount) external;

    /// @notice Moves `amount` NTK from the caller into the vault with an EIP-2612 permit.
    function fundWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice The token burned.
    function token() external view returns (address);
    /// @notice NTK held by the vault, available to burn.
    function vaultBalance() external view returns (uint256);
    /// @notice Number of epochs.
    function epochCount() external view returns (uint256);
    /// @notice The index of the next epoch to execute (== epochCount() when all are done).
    function nextEpoch() external view returns (uint256);
    /// @notice One epoch.
    function epoch(uint256 index) external view returns (Epoch memory);
    /// @notice All epochs.
    function epochs() external view returns (Epoch[] memory);
    /// @notice What executing `index` now would target (rate x current total supply).
    function targetOf(uint256 index) external view returns (uint256);
}
