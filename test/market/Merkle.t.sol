// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {MerkleTree} from "../utils/MerkleTree.sol";

/// @notice The shared Merkle test vectors of market-common decision 4: tasks 0..4 with shard hashes
/// sha256("shard-0")..sha256("shard-4"). The root is pinned here and in test/market/merkleVectors.json
/// (written by an independent viem implementation), which sdk/src/merkle.ts tests read too:
///   root = 0x9efe2cfdb84fca2735193b4aece9e23301b4e5f07becaaea5f90d58a675f0965
/// The market's proof check (OpenZeppelin MerkleProof) must accept these proofs; the challenge tests
/// (JobMarket.challenge.t.sol) check the deployed contract accepts proofs built the same way.
contract MerkleVectorsTest is Test {
    using stdJson for string;

    bytes32 internal constant ROOT = 0x9efe2cfdb84fca2735193b4aece9e23301b4e5f07becaaea5f90d58a675f0965;
    bytes32 internal constant LEAF0 = 0x07aee36bacd8100299ae8ac083b350a45743e3569842388d25dbac023c35271a;
    bytes32 internal constant ROOT_OF_TWO =
        0x0fff21cfb1b158aeb24c27cd3088bc67611826972a352c2e6b51307e31a26c70;
    bytes32 internal constant ROOT_OF_THREE =
        0x2b1aab955c91bd8208bbb67e36864e50b8274deac7677450b4c7f6acc52af808;

    function _vectorLeaves(uint256 n) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](n);
        for (uint256 t; t < n; ++t) {
            leaves[t] = MerkleTree.leaf(t, sha256(bytes(string.concat("shard-", vm.toString(t)))));
        }
    }

    function test_vectors_rootIsPinned() public pure {
        bytes32[] memory leaves = _vectorLeaves(5);
        assertEq(leaves[0], LEAF0);
        assertEq(MerkleTree.root(leaves), ROOT);
    }

    function test_vectors_smallTrees() public pure {
        assertEq(MerkleTree.root(_vectorLeaves(1)), LEAF0, "one leaf is its own root");
        assertEq(MerkleTree.root(_vectorLeaves(2)), ROOT_OF_TWO);
        assertEq(MerkleTree.root(_vectorLeaves(3)), ROOT_OF_THREE, "odd node promoted unchanged");
    }

    /// The JSON the TypeScript side reads holds the same values (an independent implementation).
    function test_vectors_matchTheSharedJson() public view {
        string memory json = vm.readFile("test/market/merkleVectors.json");
        bytes32[] memory leaves = _vectorLeaves(5);
        assertEq(json.readBytes32(".root"), ROOT);
        bytes32[] memory jsonLeaves = json.readBytes32Array(".leaves");
        bytes32[] memory jsonShards = json.readBytes32Array(".shardHashes");
        assertEq(jsonLeaves.length, 5);
        for (uint256 t; t < 5; ++t) {
            assertEq(jsonShards[t], sha256(bytes(string.concat("shard-", vm.toString(t)))));
            assertEq(jsonLeaves[t], leaves[t]);
            bytes32[] memory jsonProof = json.readBytes32Array(string.concat(".proofs[", vm.toString(t), "]"));
            assertEq(jsonProof, MerkleTree.proof(leaves, t));
        }
    }

    /// Every proof of the vectors verifies with OpenZeppelin's MerkleProof, the contract's check.
    function test_vectors_proofsVerifyWithOpenZeppelin() public pure {
        bytes32[] memory leaves = _vectorLeaves(5);
        for (uint256 t; t < 5; ++t) {
            bytes32[] memory proof = MerkleTree.proof(leaves, t);
            assertTrue(MerkleProof.verify(proof, ROOT, leaves[t]));
            assertEq(MerkleTree.process(proof, leaves[t]), ROOT);
        }
        // The promoted fifth leaf needs a single sibling (the root of the first four).
        assertEq(MerkleTree.proof(leaves, 4).length, 1);
        // A leaf under another index does not verify.
        assertFalse(
            MerkleProof.verify(MerkleTree.proof(leaves, 1), ROOT, MerkleTree.leaf(1, sha256("shard-0")))
        );
    }

    /// Any tree of 1..64 leaves: every proof from the builder verifies with OpenZeppelin.
    function testFuzz_tree_proofsVerify(uint256 seed, uint8 size) public pure {
        uint256 n = bound(size, 1, 64);
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 t; t < n; ++t) {
            leaves[t] = MerkleTree.leaf(t, keccak256(abi.encode(seed, t)));
        }
        bytes32 root = MerkleTree.root(leaves);
        uint256 index = seed % n;
        assertTrue(MerkleProof.verify(MerkleTree.proof(leaves, index), root, leaves[index]));
    }
}
