// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BurnSchedule
/// @notice Buy-back-and-burn on a fixed schedule. Each epoch has a time and a rate (default 30%,
/// 20%, 10%: 100M -> 70M -> 56M -> 50.4M when fully funded). Burns come from this contract's own
/// NTK balance (the vault), funded by platform fees and reserves. Anyone may execute a due epoch,
/// once, in order.
///
/// Shortfalls carry forward: when the vault holds less than an epoch owes, the epoch burns what
/// there is and the rest stays owed ({shortfall}). Later funding is burned against it by anyone
/// through {settleShortfall} (and by the next epoch's execution), so executing an epoch one block
/// before the treasury funds the vault cannot cancel a burn. An epoch's target is its rate of the
/// supply that would remain if the owed shortfall had been burned, so the schedule burns the same
/// total whether the vault was funded early or late.
///
/// Leftover exit: once every epoch has executed and no shortfall is owed, whatever the vault still
/// holds (over-funding, fees that keep arriving) is not owed to any burn. Anyone may then send it
/// to the `leftoverRecipient` fixed at deployment (the treasury) with {releaseLeftover}.
interface IBurnSchedule {
    /// @notice A scheduled burn and, once executed, its outcome.
    /// @param target What the epoch itself owed: rate x (supply - shortfall owed) at execution.
    /// @param burned What its execution burned: earlier shortfall first, then its own target.
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
    /// @notice The leftover recipient is the zero address.
    error ZeroLeftoverRecipient();
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
    /// @notice {settleShortfall} found nothing to burn: no shortfall is owed or the vault is empty.
    error NothingToSettle(uint256 shortfall, uint256 vaultBalance);
    /// @notice {releaseLeftover} needs every epoch executed; `nextEpoch` of `count` is still to come.
    error ScheduleNotComplete(uint256 nextEpoch, uint256 count);
    /// @notice {releaseLeftover} needs the shortfall settled first (fund the vault and call {settleShortfall}).
    error ShortfallOutstanding(uint256 shortfall);
    /// @notice {releaseLeftover} found an empty vault.
    error NothingToRelease();

    /// @notice `from` added `amount` NTK to the vault through {fund}.
    event VaultFunded(address indexed from, uint256 amount);
    /// @notice Epoch `epoch` owed `target` and burned `burned` (earlier shortfall included);
    /// `shortfall` is what stays owed in total after it.
    event EpochExecuted(
        uint256 indexed epoch,
        uint256 target,
        uint256 burned,
        uint256 shortfall,
        uint256 totalSupplyAfter,
        address executor
    );
    /// @notice `burned` NTK of the owed shortfall were burned; `shortfall` stays owed.
    event ShortfallSettled(uint256 burned, uint256 shortfall, uint256 totalSupplyAfter, address caller);
    /// @notice The schedule being complete and settled, `amount` NTK left the vault to `recipient`.
    event LeftoverReleased(address indexed recipient, uint256 amount, address caller);

    /// @notice Burns epoch `epoch` (must be due, not executed and next in order). Callable by anyone.
    /// Burns the owed shortfall first, then the epoch's target, as far as the vault allows.
    /// @return burned The amount burned; what the vault could not cover is added to {shortfall}.
    function executeEpoch(uint256 epoch) external returns (uint256 burned);

    /// @notice Burns as much of the owed shortfall as the vault holds. Callable by anyone, any time.
    /// @return burned The amount burned.
    function settleShortfall() external returns (uint256 burned);

    /// @notice Sends the whole vault to the leftover recipient once every epoch has executed and no
    /// shortfall is owed. Callable by anyone; may be called again as more NTK arrives.
    /// @return amount The amount sent.
    function releaseLeftover() external returns (uint256 amount);

    /// @notice Moves `amount` NTK from the caller into the vault (needs allowance).
    function fund(uint256 amount) external;

    /// @notice Moves `amount` NTK from the caller into the vault with an EIP-2612 permit.
    function fundWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice The token burned.
    function token() external view returns (address);
    /// @notice Where vault tokens go once the schedule is complete and settled (see {releaseLeftover}).
    function leftoverRecipient() external view returns (address);
    /// @notice NTK held by the vault, available to burn.
    function vaultBalance() external view returns (uint256);
    /// @notice NTK owed by executed epochs that the vault could not cover yet.
    function shortfall() external view returns (uint256);
    /// @notice Number of epochs.
    function epochCount() external view returns (uint256);
    /// @notice The index of the next epoch to execute (== epochCount() when all are done).
    function nextEpoch() external view returns (uint256);
    /// @notice One epoch.
    function epoch(uint256 index) external view returns (Epoch memory);
    /// @notice All epochs.
    function epochs() external view returns (Epoch[] memory);
    /// @notice What executing `index` now would target: rate x (total supply - owed shortfall),
    /// rounded down. Executing also burns the owed shortfall first.
    function targetOf(uint256 index) external view returns (uint256);
}
