// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {INodeRegistry} from "./interfaces/INodeRegistry.sol";
import {IJobMarket} from "./interfaces/IJobMarket.sol";

/// @title NodeRegistry
/// @notice See {INodeRegistry}.
contract NodeRegistry is INodeRegistry, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// A CIDv1 in base32 is ~59 bytes; 128 leaves room for any multibase without inviting spam.
    uint256 private constant MAX_CID_LENGTH = 128;

    IERC20 private immutable _token;
    uint64 private immutable _unbondingDelay;
    address private _market;

    /// @dev Hot fields first: matching reads `stake` and the declared throughput for every ask it
    /// meets ({stakeAndThroughput}), so they share one slot; `unitsPerSecond` is a copy of
    /// `capabilities.computeUnitsPerSecond`, written with it. Stake is bounded by the token's
    /// supply (1e26 < 2^192).
    struct NodeData {
        uint192 stake;
        uint64 unitsPerSecond;
        uint256 unbonding;
        bool registered;
        uint64 registeredAt;
        uint64 unbondingReadyAt;
        Capabilities capabilities;
        Reputation reputation;
        string metadataCid;
    }

    mapping(address node => NodeData) private _nodes;

    modifier onlyMarket() {
        if (msg.sender != _market) revert NotMarket(msg.sender);
        _;
    }

    constructor(address token_, address owner_, uint64 unbondingDelay_) Ownable(owner_) {
        if (token_ == address(0)) revert ZeroToken();
        _token = IERC20(token_);
        _unbondingDelay = unbondingDelay_;
    }

    // ---------------------------------------------------------------- nodes

    /// @inheritdoc INodeRegistry
    function register(Capabilities calldata capabilities, string calldata metadataCid) external {
        NodeData storage n = _nodes[msg.sender];
        if (n.registered) revert AlreadyRegistered(msg.sender);
        _checkNode(capabilities, metadataCid);
        n.registered = true;
        n.registeredAt = uint64(block.timestamp);
        n.capabilities = capabilities;
        n.unitsPerSecond = capabilities.computeUnitsPerSecond;
        n.metadataCid = metadataCid;
        emit NodeRegistered(msg.sender, capabilities, metadataCid);
    }

    /// @inheritdoc INodeRegistry
    function updateNode(Capabilities calldata capabilities, string calldata metadataCid) external {
        NodeData storage n = _registered(msg.sender);
        _checkNode(capabilities, metadataCid);
        n.capabilities = capabilities;
        n.unitsPerSecond = capabilities.computeUnitsPerSecond;
        n.metadataCid = metadataCid;
        emit NodeUpdated(msg.sender, capabilities, metadataCid);
    }

    // ---------------------------------------------------------------- stake

    /// @inheritdoc INodeRegistry
    function stake(uint256 amount) external nonReentrant {
        _stake(amount);
    }

    /// @inheritdoc INodeRegistry
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        // A permit seen in the mempool can be front-run (spent by someone else's call to permit);
        // the approval then already exists, so a failed permit is ignored and the transfer decides.
        IERC20Permit ntk = IERC20Permit(address(_token));
        // solhint-disable-next-line no-empty-blocks
        try ntk.permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _stake(amount);
    }

    /// @inheritdoc INodeRegistry
    function requestUnbond(uint256 amount) external {
        NodeData storage n = _registered(msg.sender);
        if (amount == 0) revert ZeroAmount();
        uint256 free = _free(msg.sender, n.stake);
        if (free < amount) revert InsufficientStake(msg.sender, free, amount);
        // `amount <= free <= stake` was just checked, so neither line can underflow or overflow
        // (unbonding + amount <= total supply).
        unchecked {
            n.stake -= uint192(amount);
            n.unbonding += amount;
        }
        // The whole unbonding balance waits for the latest request: otherwise stake could be moved
        // to unbonding early and "topped up" later to dodge the delay.
        uint64 readyAt = uint64(block.timestamp) + _unbondingDelay;
        n.unbondingReadyAt = readyAt;
        emit UnbondRequested(msg.sender, amount, n.unbonding, readyAt);
    }

    /// @inheritdoc INodeRegistry
    function withdrawUnbonded() external nonReentrant returns (uint256 amount) {
        NodeData storage n = _nodes[msg.sender];
        amount = n.unbonding;
        if (amount == 0) revert NothingUnbonding();
        if (block.timestamp < n.unbondingReadyAt) {
            revert UnbondingNotReady(n.unbondingReadyAt, block.timestamp);
        }
        n.unbonding = 0;
        emit Unbonded(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- market

    /// @inheritdoc INodeRegistry
    function slash(address node, uint256 amount) external onlyMarket nonReentrant {
        NodeData storage n = _nodes[node];
        uint256 staked = n.stake;
        if (amount > staked) revert SlashExceedsStake(node, staked, amount);
        // Checked just above.
        unchecked {
            n.stake = uint192(staked - amount);
        }
        Reputation storage rep = n.reputation;
        ++rep.timesSlashed;
        rep.amountSlashed += amount;
        emit Slashed(node, amount, staked - amount);
        emit ReputationUpdated(node, rep.tasksCompleted, rep.tasksFailed, rep.timesSlashed);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc INodeRegistry
    function recordTasks(address node, uint64 completed, uint64 failed) external onlyMarket {
        Reputation storage rep = _nodes[node].reputation;
        uint64 done = rep.tasksCompleted + completed;
        uint64 bad = rep.tasksFailed + failed;
        rep.tasksCompleted = done;
        rep.tasksFailed = bad;
        emit ReputationUpdated(node, done, bad, rep.timesSlashed);
    }

    /// @inheritdoc INodeRegistry
    function setMarket(address market_) external onlyOwner {
        if (market_ == address(0)) revert ZeroMarket();
        if (_market != address(0)) revert MarketAlreadySet(_market);
        _market = market_;
        emit MarketSet(market_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc INodeRegistry
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc INodeRegistry
    function market() external view returns (address) {
        return _market;
    }

    /// @inheritdoc INodeRegistry
    function unbondingDelay() external view returns (uint64) {
        return _unbondingDelay;
    }

    /// @inheritdoc INodeRegistry
    function getNode(address node) external view returns (Node memory) {
        NodeData storage n = _nodes[node];
        return Node({
            registered: n.registered,
            registeredAt: n.registeredAt,
            unbondingReadyAt: n.unbondingReadyAt,
            capabilities: n.capabilities,
            metadataCid: n.metadataCid,
            stake: n.stake,
            locked: _locked(node),
            unbonding: n.unbonding,
            reputation: n.reputation
        });
    }

    /// @inheritdoc INodeRegistry
    function stakeOf(address node) external view returns (uint256) {
        return _nodes[node].stake;
    }

    /// @inheritdoc INodeRegistry
    function stakeAndThroughput(address node) external view returns (uint256 bonded, uint64 computeUnitsPerSecond) {
        NodeData storage n = _nodes[node];
        return (n.stake, n.unitsPerSecond);
    }

    /// @inheritdoc INodeRegistry
    function freeStake(address node) external view returns (uint256) {
        return _free(node, _nodes[node].stake);
    }

    /// @inheritdoc INodeRegistry
    function isRegistered(address node) external view returns (bool) {
        return _nodes[node].registered;
    }

    // ---------------------------------------------------------------- internal

    function _stake(uint256 amount) private {
        NodeData storage n = _registered(msg.sender);
        if (amount == 0) revert ZeroAmount();
        uint256 after_ = n.stake + amount;
        // Past 2^192 the transfer below would fail anyway (more than the supply); this says why.
        n.stake = SafeCast.toUint192(after_);
        emit Staked(msg.sender, msg.sender, amount, after_);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    function _registered(address node) private view returns (NodeData storage n) {
        n = _nodes[node];
        if (!n.registered) revert NotRegistered(node);
    }

    function _checkNode(Capabilities calldata capabilities, string calldata metadataCid) private pure {
        if (capabilities.computeUnitsPerSecond == 0) revert InvalidCapabilities();
        uint256 length = bytes(metadataCid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert InvalidMetadataCid(length);
    }

    /// @dev Collateral lives here but is locked by the market's bookkeeping (see the interface).
    function _locked(address node) private view returns (uint256) {
        address m = _market;
        return m == address(0) ? 0 : IJobMarket(m).lockedCollateral(node);
    }

    /// @dev A slash can leave the market's lock above the stake for an instant of bookkeeping;
    /// free stake is then zero, never an underflow.
    function _free(address node, uint256 staked) private view returns (uint256) {
        uint256 locked = _locked(node);
        return staked > locked ? staked - locked : 0;
    }
}
