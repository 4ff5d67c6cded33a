// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VmSafe} from "forge-std/Vm.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Gas of the market's key operations, written to snapshots/MarketGasSnapshotTest.json and
/// checked like test/GasSnapshot.t.sol's: with `gas_snapshot_check = true` a drift fails
/// `bin/forge test`; refresh deliberately with `FORGE_SNAPSHOT_CHECK=false bin/forge test
/// --match-path test/market/JobMarket.gas.t.sol` and commit the diff. Every measured call follows
/// `vm.cool` on the accounts it touches, so it is priced like the first call of a transaction.
/// The per-task goals of issue 7 (<= 100k gas per task post->payout at 1 task, <= 20k at 100) are
/// measured in bench/, not asserted here; these numbers catch regressions.
contract MarketGasSnapshotTest is MarketFixture {
    function setUp() public override {
        vm.skip(vm.isContext(VmSafe.ForgeContext.Coverage), "gas is not measured under coverage");
        super.setUp();
    }

    function test_gas_placeAsk_emptyBook() public {
        _coolAll();
        vm.prank(executors[0]);
        vm.startSnapshotGas("placeAsk_empty_book");
        market.placeAsk(GENERATE, 10, 10, MAX_ASSIGNMENTS);
        vm.stopSnapshotGas();
    }

    /// Insertion behind 100 asks at the same and at other levels: the cost must not grow with depth.
    function test_gas_placeAsk_depth100() public {
        for (uint256 i; i < 100; ++i) {
            address maker = _newExecutor(string.concat("maker", vm.toString(i)), 100e18);
            _ask(maker, uint24(1 + i % 10), 1);
        }
        _coolAll();
        vm.prank(executors[0]);
        vm.startSnapshotGas("placeAsk_depth_100");
        market.placeAsk(GENERATE, 5, 10, MAX_ASSIGNMENTS);
        vm.stopSnapshotGas();
    }

    function test_gas_cancelAsk() public {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _coolAll();
        vm.prank(executors[0]);
        vm.startSnapshotGas("cancelAsk");
        market.cancelAsk(GENERATE);
        vm.stopSnapshotGas();
    }

    function test_gas_postJob_restsWithoutAsks() public {
        IJobMarket.JobParams memory p = _params(10, 20);
        _coolAll();
        vm.prank(requester);
        vm.startSnapshotGas("postJob_rests");
        market.postJob(p, MAX_ASSIGNMENTS);
        vm.stopSnapshotGas();
    }

    function test_gas_postJob_oneAssignment() public {
        _ask(executors[0], 10, CAPACITY);
        IJobMarket.JobParams memory p = _params(100, 20);
        _coolAll();
        vm.prank(requester);
        vm.startSnapshotGas("postJob_1_assignment_100_tasks");
        market.postJob(p, MAX_ASSIGNMENTS);
        vm.stopSnapshotGas();
    }

    function test_gas_postJob_threeAssignments() public {
        _ask(executors[0], 10, 2);
        _ask(executors[1], 11, 2);
        _ask(executors[2], 12, 10);
        IJobMarket.JobParams memory p = _params(10, 20);
        _coolAll();
        vm.prank(requester);
        vm.startSnapshotGas("postJob_3_assignments");
        market.postJob(p, MAX_ASSIGNMENTS);
        vm.stopSnapshotGas();
    }

    function test_gas_postJob_replicatedGroup() public {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        IJobMarket.JobParams memory p = _replicatedParams(10, 20, 3);
        _coolAll();
        vm.prank(requester);
        vm.startSnapshotGas("postJob_replicated_group_of_3");
        market.postJob(p, MAX_ASSIGNMENTS);
        vm.stopSnapshotGas();
    }

    function test_gas_submitResult() public {
        _ask(executors[0], 10, CAPACITY);
        _post(_params(10, 20));
        bytes32 root = _honestRoot(1);
        _coolAll();
        vm.prank(executors[0]);
        vm.startSnapshotGas("submitResult");
        market.submitResult(1, root, RESULT_CID);
        vm.stopSnapshotGas();
    }

    function test_gas_settle_one() public {
        _oneSubmitted();
        _coolAll();
        uint256[] memory ids = _ids(1);
        vm.startSnapshotGas("settle_1");
        market.settle(ids);
        vm.stopSnapshotGas();
    }

    function test_gas_settle_batchOf10() public {
        for (uint256 i; i < 5; ++i) {
            _ask(executors[i], uint24(10 + i), 2);
        }
        _post(_params(10, 20)); // five assignments of two tasks
        _ask(executors[5], 10, 10);
        _post(_params(5, 20));
        for (uint256 i = 1; i <= 6; ++i) {
            _submitHonest(i);
        }
        for (uint256 i; i < 4; ++i) {
            _post(_params(1, 20));
            _submitHonest(_assignmentCount());
        }
        _warpBy(uint256(CHALLENGE_WINDOW) + 1);
        uint256[] memory ids = new uint256[](10);
        for (uint256 i; i < 10; ++i) {
            ids[i] = i + 1;
        }
        _coolAll();
        vm.startSnapshotGas("settle_batch_10");
        assertEq(market.settle(ids), 10);
        vm.stopSnapshotGas();
    }

    function test_gas_reclaim() public {
        _ask(executors[0], 10, CAPACITY);
        _post(_params(10, 20));
        _warpPastDeadline(1);
        _coolAll();
        vm.startSnapshotGas("reclaim");
        market.reclaim(1);
        vm.stopSnapshotGas();
    }

    function test_gas_declineAssignment() public {
        _ask(executors[0], 10, CAPACITY);
        _post(_params(10, 20));
        _coolAll();
        vm.prank(executors[0]);
        vm.startSnapshotGas("declineAssignment");
        market.declineAssignment(1);
        vm.stopSnapshotGas();
    }

    function test_gas_finalizeJob() public {
        _oneSubmitted();
        _settleOne(1);
        _coolAll();
        vm.startSnapshotGas("finalizeJob_completed");
        market.finalizeJob(1);
        vm.stopSnapshotGas();
    }

    function test_gas_withdraw() public {
        _oneSubmitted();
        _settleOne(1);
        _coolAll();
        vm.prank(executors[0]);
        vm.startSnapshotGas("withdraw");
        market.withdraw();
        vm.stopSnapshotGas();
    }

    function test_gas_distributeFees() public {
        _oneSubmitted();
        _settleOne(1);
        _coolAll();
        vm.startSnapshotGas("distributeFees");
        market.distributeFees();
        vm.stopSnapshotGas();
    }

    // The games below measure several calls of one flow, one per test: forge 1.7 counts, in
    // every start/stop window after a test's first, all the gas the test spent since the previous
    // window stopped (foundry-rs/foundry#16941), so a second window in one test would also price
    // the calls made between the two.

    function test_gas_commitResult() public {
        _replicatedGame(0);
    }

    function test_gas_revealResult() public {
        _replicatedGame(1);
    }

    function test_gas_resolveGroup_unanimous() public {
        _replicatedGame(2);
    }

    function test_gas_challenge() public {
        _challengeGame(0);
    }

    function test_gas_proveTask() public {
        _challengeGame(1);
    }

    function test_gas_commitVerification() public {
        _challengeGame(2);
    }

    function test_gas_drawVerifiers_seatThree() public {
        _challengeGame(3);
    }

    function test_gas_resolveChallenge_executorWon() public {
        _challengeGame(4);
    }

    /// The candidate list at its bound (VERIFIER_CANDIDATES): a heavier newcomer's commit scans
    /// the list and evicts the lightest.
    function test_gas_commitVerification_evictFromAFullList() public {
        _fullListDraw(0);
    }

    /// The first draw call among 16 candidates: it fixes the seed block.
    function test_gas_drawVerifiers_schedule() public {
        _fullListDraw(1);
    }

    /// The second draw call among 16 candidates: it picks 3 and releases 13.
    function test_gas_drawVerifiers_drawAmong16() public {
        _fullListDraw(2);
    }

    /// A replicated group of 3 commits, reveals and resolves unanimously; `measured` picks the
    /// call measured: 0 commitResult, 1 revealResult, 2 resolveGroup.
    function _replicatedGame(uint256 measured) internal {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        _post(_replicatedParams(10, 20, 3));
        bytes32 root = _honestRoot(1);
        bytes32 salt = _salt(executors[0], "result", 1);
        bytes32 commitment = _resultCommitment(root, executors[0], salt);
        _coolAll();
        vm.prank(executors[0]);
        _start(measured == 0, "commitResult");
        market.commitResult(1, commitment);
        if (_stop(measured == 0)) return;
        _commit(2, root);
        _commit(3, root);
        _coolAll();
        vm.prank(executors[0]);
        _start(measured == 1, "revealResult");
        market.revealResult(1, root, RESULT_CID, salt);
        if (_stop(measured == 1)) return;
        _reveal(2, root);
        _reveal(3, root);
        _coolAll();
        _start(measured == 2, "resolveGroup_unanimous");
        market.resolveGroup(1);
        _stop(measured == 2);
    }

    /// A challenge game with three candidates, seated at once, all agreeing; `measured` picks the
    /// call measured: 0 challenge, 1 proveTask, 2 the first commitVerification, 3 drawVerifiers,
    /// 4 resolveChallenge.
    function _challengeGame(uint256 measured) internal {
        _oneSubmittedBy(executors[0], 5);
        _coolAll();
        vm.prank(requester);
        _start(measured == 0, "challenge");
        market.challenge(1, 2);
        if (_stop(measured == 0)) return;
        bytes32[] memory proof = _honestProof(1, 2);
        bytes32 shard = _shardHash(1, 2);
        _coolAll();
        vm.prank(executors[0]);
        _start(measured == 1, "proveTask");
        market.proveTask(1, shard, proof);
        if (_stop(measured == 1)) return;
        bytes32 commitment = _verificationCommitment(shard, executors[1], _salt(executors[1], "verify", 1));
        _coolAll();
        vm.prank(executors[1]);
        _start(measured == 2, "commitVerification");
        market.commitVerification(1, commitment);
        if (_stop(measured == 2)) return;
        for (uint256 i = 2; i <= 3; ++i) {
            _commitVerification(1, executors[i], shard);
        }
        _warpPastCommitDeadline(1);
        _coolAll();
        _start(measured == 3, "drawVerifiers_seat_3");
        market.drawVerifiers(1);
        if (_stop(measured == 3)) return;
        for (uint256 i = 1; i <= 3; ++i) {
            _revealVerification(1, executors[i], shard);
        }
        _coolAll();
        _start(measured == 4, "resolveChallenge_executorWon");
        market.resolveChallenge(1);
        _stop(measured == 4);
    }

    /// Sixteen candidates (five executors of 10,000 NTK, eleven of ~100 NTK), a heavier newcomer,
    /// the two draw calls; `measured` picks the call measured: 0 the evicting commit, 1 the
    /// scheduling call, 2 the draw.
    function _fullListDraw(uint256 measured) internal {
        _oneSubmittedBy(executors[0], 5);
        vm.prank(requester);
        market.challenge(1, 2);
        bytes32[] memory proof = _honestProof(1, 2);
        bytes32 shard = _shardHash(1, 2);
        vm.prank(executors[0]);
        market.proveTask(1, shard, proof);
        for (uint256 i = 1; i < EXECUTOR_COUNT; ++i) {
            _commitVerification(1, executors[i], shard);
        }
        uint256 candidates = market.VERIFIER_CANDIDATES();
        for (uint256 i = EXECUTOR_COUNT - 1; i < candidates; ++i) {
            address light = _newExecutor(string.concat("candidate", vm.toString(i)), 100e18 + i);
            _commitVerification(1, light, shard);
        }
        address heavy = _newExecutor("heavy", 1_000e18);
        bytes32 commitment = _verificationCommitment(shard, heavy, _salt(heavy, "verify", 1));
        _coolAll();
        vm.cool(heavy);
        vm.prank(heavy);
        _start(measured == 0, "commitVerification_evict_full_list");
        market.commitVerification(1, commitment);
        if (_stop(measured == 0)) return;
        _warpPastCommitDeadline(1);
        _coolAll();
        _start(measured == 1, "drawVerifiers_schedule");
        market.drawVerifiers(1);
        if (_stop(measured == 1)) return;
        vm.roll(block.number + 1);
        _coolAll();
        _start(measured == 2, "drawVerifiers_draw_16");
        market.drawVerifiers(1);
        _stop(measured == 2);
        assertEq(market.getVerifiers(1).length, 3);
    }

    function _start(bool measured, string memory name) internal {
        if (measured) vm.startSnapshotGas(name);
    }

    /// Ends the window if it is the measured one; returns whether it was (the flow stops there).
    function _stop(bool measured) internal returns (bool) {
        if (measured) vm.stopSnapshotGas();
        return measured;
    }

    // ------------------------------------------------------------ helpers

    function _oneSubmitted() internal {
        _oneSubmittedBy(executors[0], 10);
        _warpPastChallengeWindow(1);
    }

    function _oneSubmittedBy(address executor, uint32 tasks) internal {
        _ask(executor, 10, CAPACITY);
        _post(_params(tasks, 20));
        _submitHonest(1);
    }

    function _coolAll() internal {
        vm.cool(address(market));
        vm.cool(address(registry));
        vm.cool(address(token));
        vm.cool(address(burnSchedule));
        vm.cool(feeTreasury);
        vm.cool(requester);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            vm.cool(executors[i]);
        }
    }
}
