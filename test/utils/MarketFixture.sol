// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SaleFixture} from "./SaleFixture.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";

/// @notice The platform as deployed (SaleFixture, through the deploy library) plus market actors:
/// executors funded from the liquidity reserve, registered and staked, and a funded requester.
/// Helpers build job parameters, commitments and Merkle trees the way the interface specifies.
abstract contract MarketFixture is SaleFixture {
    uint256 internal constant FUNDING = 10_000e18;
    uint256 internal constant STAKE = 1_000e18;
    uint64 internal constant UNITS_PER_TASK = 1_000;
    uint32 internal constant SECONDS_PER_TASK = 60;
    string internal constant SPEC_CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    string internal constant RESULT_CID = "bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly";

    address[] internal executors;
    address internal requester = makeAddr("requester");

    function setUp() public virtual override {
        super.setUp();
        for (uint256 i; i < 6; ++i) {
            address e = makeAddr(string.concat("executor", vm.toString(i)));
            executors.push(e);
            _fund(e, FUNDING);
            _registerAndStake(e, STAKE);
        }
        _fund(requester, FUNDING * 10);
        vm.prank(requester);
        token.approve(address(jobMarket), type(uint256).max);
    }

    function _fund(address to, uint256 amount) internal {
        vm.prank(liquidityReserve);
        token.transfer(to, amount);
    }

    function _capabilities() internal pure returns (INodeRegistry.Capabilities memory) {
        return INodeRegistry.Capabilities({
            computeUnitsPerSecond: 10_000, accelerator: 0, backend: 1, memoryMiB: 8_192, bandwidthMbps: 100, storageGiB: 50
        });
    }

    function _registerAndStake(address e, uint256 amount) internal {
        vm.startPrank(e);
        nodeRegistry.register(_capabilities(), "bafkreiexecutormetadata");
        token.approve(address(nodeRegistry), amount);
        nodeRegistry.stake(amount);
        token.approve(address(jobMarket), type(uint256).max); // challenge bonds
        vm.stopPrank();
    }

    function _ask(address e, uint24 tick, uint32 capacity) internal {
        vm.prank(e);
        jobMarket.placeAsk(IJobMarket.JobKind.GENERATE, tick, capacity, 32);
    }

    function _optimistic(uint32 taskCount, uint24 maxTick) internal view returns (IJobMarket.JobParams memory p) {
        p = IJobMarket.JobParams({
            kind: IJobMarket.JobKind.GENERATE,
            verification: IJobMarket.Verification.OPTIMISTIC,
            replication: 1,
            taskCount: taskCount,
            unitsPerTask: UNITS_PER_TASK,
            maxPriceTick: maxTick,
            secondsPerTask: SECONDS_PER_TASK,
            challengeWindow: MIN_CHALLENGE_WINDOW,
            deadline: uint64(block.timestamp + 1 days),
            collateralPerTask: MIN_COLLATERAL,
            specCid: SPEC_CID
        });
    }

    function _replicated(uint32 taskCount, uint8 r, uint24 maxTick)
        internal
        view
        returns (IJobMarket.JobParams memory p)
    {
        p = _optimistic(taskCount, maxTick);
        p.verification = IJobMarket.Verification.REPLICATED;
        p.replication = r;
        p.challengeWindow = 0;
    }

    function _post(IJobMarket.JobParams memory p) internal returns (uint256 jobId) {
        vm.prank(requester);
        jobId = jobMarket.postJob(p, 32);
    }

    // ------------------------------------------------------------ results (the interface's formats)

    function _leaf(uint256 taskIndex, bytes32 shardHash) internal pure returns (bytes32) {
        return keccak256(abi.encode(taskIndex, shardHash));
    }

    /// @dev The shard hash a test executor "computes" for task t: sha256("shard-<t>").
    function _shard(uint256 taskIndex) internal pure returns (bytes32) {
        return sha256(bytes(string.concat("shard-", vm.toString(taskIndex))));
    }

    /// @dev Root over tasks [first, first + count): commutative keccak parents, odd node promoted.
    function _root(uint256 first, uint256 count) internal pure returns (bytes32) {
        bytes32[] memory layer = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            layer[i] = _leaf(first + i, _shard(first + i));
        }
        while (layer.length > 1) layer = _up(layer);
        return layer[0];
    }

    /// @dev The proof of leaf `index` (0-based within the range).
    function _proof(uint256 first, uint256 count, uint256 index) internal pure returns (bytes32[] memory proof) {
        bytes32[] memory layer = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            layer[i] = _leaf(first + i, _shard(first + i));
        }
        bytes32[] memory path = new bytes32[](32);
        uint256 n;
        while (layer.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < layer.length) path[n++] = layer[sibling];
            layer = _up(layer);
            index /= 2;
        }
        proof = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            proof[i] = path[i];
        }
    }

    function _up(bytes32[] memory layer) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((layer.length + 1) / 2);
        for (uint256 i; i < layer.length; i += 2) {
            if (i + 1 == layer.length) {
                next[i / 2] = layer[i];
            } else {
                (bytes32 a, bytes32 b) = layer[i] < layer[i + 1] ? (layer[i], layer[i + 1]) : (layer[i + 1], layer[i]);
                next[i / 2] = keccak256(abi.encodePacked(a, b));
            }
        }
    }

    function _salt(address who, string memory purpose, uint256 id) internal view returns (bytes32) {
        return keccak256(abi.encode(keccak256(abi.encode(who)), block.chainid, address(jobMarket), purpose, id));
    }
}
