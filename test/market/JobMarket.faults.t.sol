// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice The faults of issue 7, on-chain: an executor who never comes back, a requester who never
/// comes back, and cheating executors in both verification modes. In each, every job still ends
/// through permissionless calls, nothing is paid twice, only the faulty party loses stake, and
/// every token reaches its owner.
contract JobMarketFaultsTest is MarketFixture {
    /// An executor takes work and vanishes: anyone reclaims its assignment after the deadline, the
    /// tasks are redone by the others, the vanished executor alone loses collateral.
    function test_fault_executorNeverComesBack() public {
        _ask(executors[0], 5, 4); // cheapest: takes the first range, then disappears
        _ask(executors[1], 8, 3);
        _ask(executors[2], 9, 10);
        uint256 jobId = _post(_params(9, 10)); // 1: 0..3 (e0), 2: 4..6 (e1), 3: 7..8 (e2)
        _submitHonest(2);
        _submitHonest(3);

        _warpPastDeadline(1);
        vm.prank(stranger);
        market.reclaim(1);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS); // e2 has room: redoes tasks 0..3
        IJobMarket.Assignment memory redo = market.getAssignment(4);
        assertEq(redo.executor, executors[2]);
        assertEq(redo.firstTask, 0);
        assertEq(redo.taskCount, 4);
        _submitHonest(4);
        _warpPastChallengeWindow(4);
        assertEq(market.settle(_ids(2, 3, 4)), 3);
        assertEq(market.settle(_ids(1, 2, 4)), 0, "nothing is paid twice");
        market.finalizeJob(jobId);

        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE - 4 * MIN_COLLATERAL, "the absent one pays");
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE, "no stake lost by the others");
        assertEq(registry.stakeOf(executors[2]), EXECUTOR_STAKE);
        assertEq(market.credits(executors[0]), 0);
        assertEq(market.credits(executors[1]), _cost(3, UNITS, 8));
        assertEq(market.credits(executors[2]), _cost(6, UNITS, 9));
        _assertEveryTokenLeaves();
    }

    /// A replica that never commits is slashed and loses its ask; the two others decide and are
    /// paid.
    function test_fault_replicaNeverComesBack() public {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        uint256 jobId = _post(_replicatedParams(2, 20, 3));
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        _commit(3, root);
        _warpPastDeadline(1);
        _reveal(1, root);
        _reveal(3, root);
        vm.warp(market.getGroup(1).revealDeadline + 1);
        vm.prank(stranger);
        market.resolveGroup(1);
        assertEq(market.settle(_ids(1, 2, 3)), 2);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE - 2 * MIN_COLLATERAL);
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE);
        assertFalse(market.getAsk(executors[1], GENERATE).active);
        _assertEveryTokenLeaves();
    }

    /// The requester posts and never returns: the work is paid, anyone finalizes, the refund waits
    /// in the requester's credits.
    function test_fault_requesterNeverComesBack() public {
        _ask(executors[0], 6, 3);
        uint256 jobId = _post(_params(5, 10)); // 3 assigned, 2 never taken
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        vm.prank(stranger);
        _settleOne(1);
        _warpPastJobDeadline(jobId);
        vm.prank(stranger);
        market.finalizeJob(jobId);
        IJobMarket.JobParams memory p = _params(5, 10);
        uint256 paid = _cost(3, UNITS, 6) + _fee(_cost(3, UNITS, 6));
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Expired));
        assertEq(market.credits(requester), _escrowOf(p) - paid, "everything not spent is credited");
        assertEq(market.credits(executors[0]), _cost(3, UNITS, 6));
        _assertEveryTokenLeaves();
    }

    /// A job nobody takes: after its deadline anyone finalizes and the whole escrow is credited.
    function test_fault_nobodyTakesTheJob() public {
        IJobMarket.JobParams memory p = _params(5, 10);
        uint256 jobId = _post(p);
        _warpPastJobDeadline(jobId);
        vm.prank(stranger);
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), _escrowOf(p));
        _assertEveryTokenLeaves();
    }

    /// An optimistic cheater audited by another executor: challenged, outvoted by three verifiers,
    /// slashed; the auditor earns; the tasks are redone and the job completes.
    function test_fault_optimisticCheaterCaughtByAnAuditor() public {
        _ask(executors[0], 10, 10);
        uint256 jobId = _post(_params(3, 20));
        bytes32 root = _cheatingRoot(1, 1);
        vm.prank(executors[0]);
        market.submitResult(1, root, RESULT_CID);
        address auditor = executors[4];
        vm.prank(auditor);
        uint256 c = market.challenge(1, 1);
        bytes32[] memory proof = _cheatingProof(1, 1);
        bytes32 forged = _wrongShardHash(jobId, 1);
        vm.prank(executors[0]);
        market.proveTask(c, forged, proof);
        for (uint256 i = 1; i <= 3; ++i) {
            _commitVerification(c, executors[i], _shardHash(jobId, 1));
        }
        _warpPastCommitDeadline(c);
        for (uint256 i = 1; i <= 3; ++i) {
            _revealVerification(c, executors[i], _shardHash(jobId, 1));
        }
        market.resolveChallenge(c);
        assertEq(uint8(market.getChallenge(c).status), uint8(IJobMarket.ChallengeStatus.ChallengerWon));
        assertEq(registry.stakeOf(executors[0]), EXECUTOR_STAKE - 3 * MIN_COLLATERAL);
        assertGt(market.credits(auditor), MIN_COLLATERAL, "the auditor earns more than its bond back");
        for (uint256 i = 1; i <= 3; ++i) {
            assertEq(registry.stakeOf(executors[i]), EXECUTOR_STAKE, "verifiers keep their stake");
        }
        assertEq(_settleOne(1), 0, "the rejected result is never paid");

        _ask(executors[5], 15, 10);
        vm.prank(stranger);
        market.matchJob(jobId, MAX_ASSIGNMENTS);
        // Issue 7: the cheater's tasks are "redone by others", not handed back to the cheater (its
        // cheaper ask would otherwise win them again).
        assertTrue(
            market.getAssignment(2).executor != executors[0], "a disproved executor redoes its own tasks"
        );
        _submitHonest(2);
        _warpPastChallengeWindow(2);
        assertEq(_settleOne(2), 1);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertEveryTokenLeaves();
    }

    /// A replicated cheater is outvoted and slashed; the honest majority is paid.
    function test_fault_replicatedCheaterOutvoted() public {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        uint256 jobId = _post(_replicatedParams(3, 20, 3));
        bytes32 root = _honestRoot(1);
        _commit(1, root);
        _commit(2, _cheatingRoot(2, 0));
        _commit(3, root);
        _reveal(1, root);
        _reveal(2, _cheatingRoot(2, 0));
        _reveal(3, root);
        market.resolveGroup(1);
        assertEq(market.settle(_ids(1, 2, 3)), 2);
        assertEq(market.credits(executors[1]), 0);
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE - 3 * MIN_COLLATERAL);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertEveryTokenLeaves();
    }

    /// Everyone withdraws and fees go out: the market ends empty.
    function _assertEveryTokenLeaves() internal {
        address[9] memory accounts = [
            requester,
            requester2,
            stranger,
            executors[0],
            executors[1],
            executors[2],
            executors[3],
            executors[4],
            executors[5]
        ];
        for (uint256 i; i < accounts.length; ++i) {
            if (market.credits(accounts[i]) == 0) continue;
            vm.prank(accounts[i]);
            market.withdraw();
        }
        if (market.feesOwed() != 0) market.distributeFees();
        assertEq(token.balanceOf(address(market)), 0, "every token reached its owner");
    }
}
