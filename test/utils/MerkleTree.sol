// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The result tree of an assignment, built here from its definition in the IJobMarket
/// NatSpec (market-common decision 4), independently of the market's proof check: leaf =
/// keccak256(abi.encode(taskIndex, shardSha256)) in task order; a parent is the keccak256 of its two
/// children sorted (OpenZeppelin's commutative hash); an odd node at the end of a layer moves up
/// unchanged; one leaf is its own root.
library MerkleTree {
    error EmptyTree();
    error IndexOutOfRange(uint256 index, uint256 length);

    function leaf(uint256 taskIndex, bytes32 shardHash) internal pure returns (bytes32) {
        return keccak256(abi.encode(taskIndex, shardHash));
    }

    /// @dev keccak256 of the two nodes, smaller first (OpenZeppelin Hashes.commutativeKeccak256).
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        if (leaves.length == 0) revert EmptyTree();
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            layer = _up(layer);
        }
        return layer[0];
    }

    /// @dev The siblings on the way from leaf `index` to the root; a promoted odd node has no sibling
    /// on that layer, so it adds nothing to the proof.
    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory path) {
        if (index >= leaves.length) revert IndexOutOfRange(index, leaves.length);
        bytes32[] memory buffer = new bytes32[](64);
        uint256 length;
        bytes32[] memory layer = leaves;
        while (layer.length > 1) {
            uint256 sibling = index ^ 1;
            if (sibling < layer.length) buffer[length++] = layer[sibling];
            layer = _up(layer);
            index >>= 1;
        }
        path = new bytes32[](length);
        for (uint256 i; i < length; ++i) {
            path[i] = buffer[i];
        }
    }

    /// @dev Folds a proof the way OpenZeppelin's MerkleProof.processProof does.
    function process(bytes32[] memory path, bytes32 node) internal pure returns (bytes32) {
        for (uint256 i; i < path.length; ++i) {
            node = hashPair(node, path[i]);
        }
        return node;
    }

    function _up(bytes32[] memory layer) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((layer.length + 1) / 2);
        for (uint256 i; i < layer.length / 2; ++i) {
            next[i] = hashPair(layer[2 * i], layer[2 * i + 1]);
        }
        if (layer.length % 2 == 1) next[next.length - 1] = layer[layer.length - 1];
    }
}
