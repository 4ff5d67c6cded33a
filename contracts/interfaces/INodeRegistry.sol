// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title NodeRegistry
/// @notice Executor nodes (GPU/CPU miners) register what they can do and stake NTK. The registry
/// holds every staked token. The JobMarket locks part of a node's stake as collateral while the
/// node holds assignments: locking is bookkeeping in the market ({IJobMarket.lockedCollateral}),
/// no tokens move, so an assignment costs no token transfers. Only the market can {slash}, and it
/// does so only for provable faults (a missed deadline, a result outvoted or disproved); slashed
/// tokens move to the market, which pays whoever was harmed. The registry keeps the reputation
/// counters the market's outcomes produce.
///
/// Stake flow: {stake} / {stakeWithPermit} add stake; {requestUnbond} moves free stake (stake not
/// locked by the market) to unbonding; after `unbondingDelay` {withdrawUnbonded} returns it. Free
/// stake backs asks and new assignments; unbonding stake backs nothing.
interface INodeRegistry {
    /// @notice What a node measured and declares about itself (shown to requesters, used by the
    /// market to estimate finish times).
    /// @param computeUnitsPerSecond Benchmark-measured throughput in the market's compute units.
    /// @param accelerator 0 = CPU, 1 = GPU, 2 = other accelerator.
    /// @param backend 0 = cpu, 1 = wasm, 2 = tfjs-node, 3 = tfjs-node-gpu, 4 = webgpu.
    struct Capabilities {
        uint64 computeUnitsPerSecond;
        uint8 accelerator;
        uint8 backend;
        uint32 memoryMiB;
        uint32 bandwidthMbps;
        uint32 storageGiB;
    }

    /// @notice Counters the market's outcomes produce; never decrease.
    struct Reputation {
        uint64 tasksCompleted;
        uint64 tasksFailed;
        uint64 timesSlashed;
        uint256 amountSlashed;
    }

    /// @notice A registered node. `stake` is bonded stake (free + locked); `locked` is the part the
    /// market holds as collateral for open assignments (read from the market); `unbonding` can be
    /// withdrawn from `unbondingReadyAt`.
    struct Node {
        bool registered;
        uint64 registeredAt;
        uint64 unbondingReadyAt;
        Capabilities capabilities;
        string metadataCid;
        uint256 stake;
        uint256 locked;
        uint256 unbonding;
        Reputation reputation;
    }

    /// @notice The token address is zero.
    error ZeroToken();
    /// @notice The market address is zero.
    error ZeroMarket();
    /// @notice The market was already set; it is set once, after deployment.
    error MarketAlreadySet(address market);
    /// @notice Only the JobMarket may call this; `caller` is not it.
    error NotMarket(address caller);
    /// @notice `node` has not registered; call {register} first.
    error NotRegistered(address node);
    /// @notice `node` is already registered; use {updateNode} to change its capabilities.
    error AlreadyRegistered(address node);
    /// @notice Capabilities must declare a positive benchmark throughput.
    error InvalidCapabilities();
    /// @notice The metadata CID is empty or longer than 128 bytes.
    error InvalidMetadataCid(uint256 length);
    /// @notice Amounts must be positive.
    error ZeroAmount();
    /// @notice `node` has `available` free stake, less than the `requested` amount.
    error InsufficientStake(address node, uint256 available, uint256 requested);
    /// @notice Unbonded stake is withdrawable from `readyAt`; it is `nowTimestamp`.
    error UnbondingNotReady(uint256 readyAt, uint256 nowTimestamp);
    /// @notice Nothing is unbonding for the caller.
    error NothingUnbonding();
    /// @notice The market tried to slash more than `node` has staked.
    error SlashExceedsStake(address node, uint256 stake, uint256 amount);

    /// @notice `node` registered (or updated) its capabilities and metadata.
    event NodeRegistered(address indexed node, Capabilities capabilities, string metadataCid);
    /// @notice `node` changed its capabilities or metadata.
    event NodeUpdated(address indexed node, Capabilities capabilities, string metadataCid);
    /// @notice `amount` NTK were added to `node`'s free stake (paid by `payer`).
    event Staked(address indexed node, address indexed payer, uint256 amount, uint256 stakeAfter);
    /// @notice `amount` of free stake started unbonding; withdrawable from `readyAt` (the whole
    /// unbonding balance shares the latest request's ready time).
    event UnbondRequested(address indexed node, uint256 amount, uint256 unbondingAfter, uint64 readyAt);
    /// @notice `amount` of unbonded stake went back to `node`.
    event Unbonded(address indexed node, uint256 amount);
    /// @notice The market slashed `amount` of `node`'s stake for a fault; the tokens moved to the
    /// market, which pays whoever was harmed.
    event Slashed(address indexed node, uint256 amount, uint256 stakeAfter);
    /// @notice The market recorded task outcomes for `node`.
    event ReputationUpdated(address indexed node, uint64 tasksCompleted, uint64 tasksFailed, uint64 timesSlashed);
    /// @notice The market was set (once).
    event MarketSet(address indexed market);

    /// @notice Registers the caller with its capabilities and a metadata CID (a JSON document on
    /// IPFS: name, endpoint, operator contact).
    function register(Capabilities calldata capabilities, string calldata metadataCid) external;

    /// @notice Changes the caller's capabilities and metadata.
    function updateNode(Capabilities calldata capabilities, string calldata metadataCid) external;

    /// @notice Adds `amount` NTK (approved to the registry) to the caller's free stake.
    function stake(uint256 amount) external;

    /// @notice {stake} with an EIP-2612 permit instead of a prior approval (one transaction).
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Moves `amount` of free stake to unbonding; it can be withdrawn after the delay.
    function requestUnbond(uint256 amount) external;

    /// @notice Sends the caller's unbonded stake back once its delay has passed.
    /// @return amount The amount sent.
    function withdrawUnbonded() external returns (uint256 amount);

    /// @notice Market only: takes `amount` of `node`'s stake (collateral it had locked) and sends
    /// it to the market; counts a slash in the node's reputation.
    function slash(address node, uint256 amount) external;

    /// @notice Market only: adds task outcomes to `node`'s reputation.
    function recordTasks(address node, uint64 completed, uint64 failed) external;

    /// @notice Owner only, once: the JobMarket allowed to move collateral.
    function setMarket(address market) external;

    /// @notice The staking token (NTK).
    function token() external view returns (address);

    /// @notice The JobMarket (zero until set).
    function market() external view returns (address);

    /// @notice Seconds between {requestUnbond} and {withdrawUnbonded}.
    function unbondingDelay() external view returns (uint64);

    /// @notice Everything about `node`.
    function getNode(address node) external view returns (Node memory);

    /// @notice `node`'s bonded stake (free + locked by the market; unbonding excluded).
    function stakeOf(address node) external view returns (uint256);

    /// @notice `node`'s bonded stake and the throughput it declared (zero for a node never
    /// registered): what the market's matching reads of each ask's executor, in one call.
    function stakeAndThroughput(address node) external view returns (uint256 bonded, uint64 computeUnitsPerSecond);

    /// @notice `node`'s free stake: bonded stake minus what the market has locked.
    function freeStake(address node) external view returns (uint256);

    /// @notice Whether `node` has registered.
    function isRegistered(address node) external view returns (bool);
}
