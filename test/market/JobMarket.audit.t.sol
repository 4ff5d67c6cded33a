// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../contracts/interfaces/INodeRegistry.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Audit tests against the public interfaces of JobMarket and NodeRegistry, written as an
/// outsider would: the two griefing paths an audit found (a free NoQuorum challenge repeated
/// forever; placeAsk walking parked asks once per resting bid), and edge cases pinned down.
contract JobMarketAuditTest is MarketFixture {
    uint32 internal constant TASK = 0;

    // ================================================================ griefing

    /// A challenge that ends NoQuorum because no verifier committed gives the window back all the
    /// time it had left, so it can be repeated against the same honest result; each round costs the
    /// challenger a tenth of its bond (to fees), so keeping a result from settling is not free,
    /// and once the challenges stop the result settles as usual.
    function test_noQuorumChallengesCostTheChallengerEveryRound() public {
        address worker = executors[0];
        _ask(worker, 10, 10);
        uint256 jobId = _post(_params(1, 20)); // assignment 1: task 0
        _submitHonest(1);
        address griefer = _newExecutor("griefer", 1); // 1 wei staked is enough to challenge
        uint256 grieferBalance = token.balanceOf(griefer);
        uint256 feesBefore = market.feesOwed();
        uint256 bond = market.getJob(jobId).collateralPerTask;

        uint256 rounds = 20;
        for (uint256 i; i < rounds; ++i) {
            vm.prank(griefer);
            uint256 cid = market.challenge(1, TASK);
            bytes32[] memory proof = _honestProof(1, TASK);
            bytes32 shard = _shardHash(jobId, TASK);
            vm.prank(worker);
            market.proveTask(cid, shard, proof);
            _warpPastCommitDeadline(cid); // no verifier shows up
            market.resolveChallenge(cid);
            assertEq(uint8(market.getChallenge(cid).status), uint8(IJobMarket.ChallengeStatus.NoQuorum));
        }
        uint256 cost = rounds * (bond / 10);
        assertEq(token.balanceOf(griefer) + market.credits(griefer), grieferBalance - cost, "a tenth of the bond a round");
        assertEq(market.feesOwed(), feesBefore + cost, "owed as fees");
        _warpPastChallengeWindow(1);
        vm.prank(stranger);
        assertEq(_settleOne(1), 1, "the honest result settles once the challenges stop");
        vm.prank(griefer);
        market.withdraw();
        _assertMarketOwes(jobId, _accounts());
    }

    /// Bids a new ask could serve but no walk can fill (r = 9 replicas, and only the new ask can
    /// back their collateral) behind 32 asks parked at the front of the book that none of them can
    /// use: placeAsk's walks share one skip budget and stop after a few fruitless visits, so it
    /// does not walk the parked asks once per bid (5.2M gas before).
    /// The attacker's capital: 32 NTK of stake and 32 refundable escrows of a few wei-scale tasks.
    function test_placeAskBoundedByServableButUnfillableBids() public {
        for (uint256 i; i < 32; ++i) {
            address junk = _newExecutor(string.concat("junk", vm.toString(i)), MIN_COLLATERAL);
            _ask(junk, 1, 1);
        }
        for (uint256 i; i < 32; ++i) {
            IJobMarket.JobParams memory p = _replicatedParams(1, 1_000_000, 9);
            p.unitsPerTask = 1;
            p.collateralPerTask = 2 * MIN_COLLATERAL; // above every junk ask's free stake
            _postAs(requester2, p);
        }
        assertEq(_assignmentCount(), 0);

        vm.prank(executors[0]);
        uint256 gasBefore = gasleft();
        market.placeAsk(GENERATE, 10, 10, MAX_ASSIGNMENTS);
        uint256 used = gasBefore - gasleft();
        emit log_named_uint("placeAsk gas with 32 junk asks and 32 unfillable bids", used);
        assertEq(_assignmentCount(), 0, "no walk can fill them");
        assertLt(used, 400_000, "placeAsk gas");
    }

    /// Bids the new ask could serve whose walks find too few asks (r = 9 replicas, eight asks in
    /// all): placeAsk stops after MAX_FRUITLESS_BID_VISITS such walks instead of walking the whole
    /// book for each of 32 bids; the bids it did not visit still rest, for a later ask or matchJob.
    function test_placeAskStopsAfterFruitlessBidVisits() public {
        for (uint256 i; i < 7; ++i) {
            address able = _newExecutor(string.concat("able", vm.toString(i)), EXECUTOR_STAKE);
            _ask(able, 1, 10);
        }
        uint256 firstJob;
        for (uint256 i; i < 32; ++i) {
            IJobMarket.JobParams memory p = _replicatedParams(1, 1_000_000, 9);
            p.unitsPerTask = 1;
            uint256 jobId = _postAs(requester2, p);
            if (i == 0) firstJob = jobId;
        }
        assertEq(_assignmentCount(), 0, "seven asks cannot take nine replicas");

        vm.prank(executors[0]);
        uint256 gasBefore = gasleft();
        market.placeAsk(GENERATE, 10, 10, MAX_ASSIGNMENTS);
        uint256 used = gasBefore - gasleft();
        emit log_named_uint("placeAsk gas with 32 bids of 9 replicas and 8 asks", used);
        assertEq(_assignmentCount(), 0, "eight asks cannot either");
        assertLt(used, 600_000, "placeAsk gas");

        // A ninth ask fills the bids it visits; the rest stay matchable by anyone.
        _ask(executors[1], 10, 10);
        assertGt(_assignmentCount(), 0, "a ninth ask fills the bids it visits");
        uint256 before = _assignmentCount();
        vm.prank(stranger);
        market.matchJob(firstJob + 31, MAX_ASSIGNMENTS);
        assertEq(_assignmentCount(), before + 9, "the last bid is matched by anyone's matchJob");
    }

    // ================================================================ edge cases

    /// Commission is bounded 5-15% for every kind, at the exact bounds included.
    function test_audit_commissionBoundsForEveryKind() public {
        for (uint8 k; k <= uint8(IJobMarket.JobKind.CUSTOM); ++k) {
            IJobMarket.JobKind kind = IJobMarket.JobKind(k);
            vm.startPrank(marketOwner);
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommissionOutOfBounds.selector, 499, 500, 1500));
            market.setCommission(kind, 499);
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommissionOutOfBounds.selector, 1501, 500, 1500));
            market.setCommission(kind, 1501);
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.CommissionOutOfBounds.selector, 0, 500, 1500));
            market.setCommission(kind, 0);
            market.setCommission(kind, 500);
            assertEq(market.commissionBps(kind), 500);
            market.setCommission(kind, 1500);
            assertEq(market.commissionBps(kind), 1500);
            vm.stopPrank();
        }
        vm.expectRevert();
        vm.prank(stranger);
        market.setCommission(GENERATE, 1000);
    }

    /// A job keeps the commission it was posted with when the owner changes it later.
    function test_audit_commissionFixedAtPost() public {
        _ask(executors[0], 10, 10);
        uint256 jobId = _post(_params(1, 20));
        vm.prank(marketOwner);
        market.setCommission(GENERATE, 1500);
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        assertEq(market.feesOwed(), _cost(1, UNITS, 10) * COMMISSION_BPS / 10_000);
        assertEq(market.getJob(jobId).commissionBps, COMMISSION_BPS);
    }

    /// Only the market slashes or records reputation.
    function test_audit_registryMarketOnly() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotMarket.selector, stranger));
        vm.prank(stranger);
        registry.slash(executors[0], 1);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotMarket.selector, stranger));
        vm.prank(stranger);
        registry.recordTasks(executors[0], 1, 0);
        address owner = registry.owner();
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.MarketAlreadySet.selector, address(market)));
        vm.prank(owner);
        registry.setMarket(stranger);
    }

    /// Slash while unbonding: only the locked stake is taken, the unbonding balance stays whole and
    /// is withdrawn in full after the delay; locked collateral never leaves through unbonding.
    function test_audit_slashDuringUnbondingThenWithdraw() public {
        address e = executors[0];
        _ask(e, 10, 5);
        uint256 jobId = _post(_params(5, 20)); // 5 tasks locked: 5 x MIN_COLLATERAL
        uint256 locked = 5 * MIN_COLLATERAL;
        assertEq(market.lockedCollateral(e), locked);
        uint256 free = EXECUTOR_STAKE - locked;
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InsufficientStake.selector, e, free, free + 1));
        vm.prank(e);
        registry.requestUnbond(free + 1);
        vm.prank(e);
        registry.requestUnbond(free);
        assertEq(registry.stakeOf(e), locked);
        assertEq(registry.freeStake(e), 0);

        _warpPastDeadline(1);
        vm.prank(stranger);
        market.reclaim(1); // slashes all 5 tasks' collateral
        assertEq(registry.stakeOf(e), 0);
        assertEq(registry.getNode(e).unbonding, free);
        assertEq(market.lockedCollateral(e), 0);

        vm.warp(block.timestamp + UNBONDING_DELAY);
        uint256 before = token.balanceOf(e);
        vm.prank(e);
        assertEq(registry.withdrawUnbonded(), free);
        assertEq(token.balanceOf(e) - before, free);
        // The registry holds exactly the other executors' stake.
        assertEq(token.balanceOf(address(registry)), (EXECUTOR_COUNT - 1) * EXECUTOR_STAKE);
        _assertMarketOwes(jobId, _accounts());
        // No stake left: the market can never slash it again; a new ask cannot be backed.
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AskUnderCollateralized.selector, 0, MIN_COLLATERAL));
        _ask(e, 10, 1);
    }

    /// Permissionless paths called early or with crafted ids revert with decodable errors, and a
    /// settle batch of junk ids pays nothing.
    function test_audit_permissionlessCallsEarlyOrCrafted() public {
        _ask(executors[0], 10, 10);
        uint256 jobId = _post(_params(2, 20));
        IJobMarket.Assignment memory a = market.getAssignment(1);

        vm.startPrank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentNotExpired.selector, 1, a.deadline));
        market.reclaim(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 0));
        market.reclaim(0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 99));
        market.reclaim(99);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotFinalizable.selector, jobId, 1, 0, market.getJob(jobId).deadline)
        );
        market.finalizeJob(jobId);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 0));
        market.finalizeJob(0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 7));
        market.finalizeJob(7);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, 1));
        market.resolveChallenge(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownGroup.selector, 1));
        market.resolveGroup(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownChallenge.selector, type(uint256).max));
        market.drawVerifiers(type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, stranger));
        market.declineAssignment(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 5));
        market.submitResult(5, bytes32(uint256(1)), RESULT_CID);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotRequester.selector, jobId, stranger));
        market.cancelJob(jobId);
        uint256[] memory junk = new uint256[](4);
        (junk[0], junk[1], junk[2], junk[3]) = (0, 1, type(uint256).max, 2);
        assertEq(market.settle(junk), 0);
        vm.stopPrank();
    }

    /// A deadline beyond 40 bits is stored capped (uint40 max), not wrapped to the past (which
    /// would make it reclaimable at once).
    function test_audit_assignmentDeadlineCappedAt40Bits() public {
        address e = executors[0];
        _ask(e, 10, 300);
        IJobMarket.JobParams memory p = _params(300, 20);
        p.secondsPerTask = type(uint32).max; // 300 x 2^32 s > 2^40 s
        uint256 jobId = _post(p);
        IJobMarket.Assignment memory a = market.getAssignment(1);
        assertEq(a.taskCount, 300);
        assertEq(a.deadline, type(uint40).max);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentNotExpired.selector, 1, a.deadline));
        market.reclaim(1);
        // It can still be submitted, challenged and settled.
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 1);
        market.finalizeJob(jobId);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Completed));
        _assertMarketOwes(jobId, _accounts());
    }

    /// Task numbers near MAX_TASKS (24-bit fields) survive assignment, reopening and settlement.
    function test_audit_maxTasksRangeFields() public {
        uint32 maxTasks = market.MAX_TASKS();
        address e = executors[0];
        _ask(e, 1, 10_000);
        IJobMarket.JobParams memory p = _params(maxTasks, 1);
        p.unitsPerTask = 1;
        p.collateralPerTask = MIN_COLLATERAL;
        p.deadline = uint64(block.timestamp + 30 days);
        vm.prank(requester);
        uint256 jobId = market.postJob(p, 1);
        // executor 0 has 10,000 NTK of stake: room for 10,000 tasks at 1 NTK each.
        IJobMarket.Assignment memory a = market.getAssignment(1);
        assertEq(a.firstTask, 0);
        assertEq(a.taskCount, 10_000);
        // Let it lapse: the range reopens and the job's task counts stay exact.
        _warpPastDeadline(1);
        market.reclaim(1);
        IJobMarket.Job memory j = market.getJob(jobId);
        assertEq(j.tasksUnassigned, maxTasks);
        assertEq(j.openAssignments, 0);
        // The last task of the job can be assigned and challenged by its 24-bit index.
        _ask(executors[1], 1, 10_000);
        vm.prank(stranger);
        market.matchJob(jobId, 1);
        a = market.getAssignment(2);
        assertEq(a.firstTask, 0, "the reopened range is served first");
        assertEq(a.taskCount, 10_000);
        assertEq(a.executor, executors[1]);
        assertEq(market.getJob(jobId).tasksUnassigned, maxTasks - 10_000);
        _assertMarketOwes(jobId, _accounts());
    }

    /// Every replica of a group declines: the group ends at once, the range goes back, no
    /// collateral is lost within the free window, and cancel + finalize refund the whole escrow.
    function test_audit_replicatedAllDeclineThenCancelRefundsAll() public {
        _ask(executors[0], 10, 10);
        _ask(executors[1], 10, 10);
        _ask(executors[2], 10, 10);
        uint256 jobId = _post(_replicatedParams(2, 20, 3));
        uint256 escrow = market.getJob(jobId).escrow;
        for (uint256 id = 1; id <= 3; ++id) {
            vm.prank(market.getAssignment(id).executor);
            market.declineAssignment(id);
        }
        IJobMarket.Group memory g = market.getGroup(1);
        assertTrue(g.resolved);
        assertEq(g.declines, 3);
        IJobMarket.Job memory j = market.getJob(jobId);
        assertEq(j.openAssignments, 0);
        assertEq(j.tasksUnassigned, 6);
        for (uint256 i; i < 3; ++i) {
            assertEq(registry.stakeOf(executors[i]), EXECUTOR_STAKE, "free decline");
            assertEq(market.lockedCollateral(executors[i]), 0);
        }
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.GroupAlreadyResolved.selector, 1));
        market.resolveGroup(1);
        vm.prank(requester);
        market.cancelJob(jobId);
        market.finalizeJob(jobId);
        assertEq(market.credits(requester), escrow);
        assertEq(uint8(market.getJob(jobId).status), uint8(IJobMarket.JobStatus.Cancelled));
        _assertMarketOwes(jobId, _accounts());
        vm.prank(requester);
        market.withdraw();
        assertEq(token.balanceOf(address(market)), 0);
    }

    /// Silent verifiers lose their lock to the requester on NoQuorum; everything balances and
    /// every lock is released.
    function test_audit_noQuorumSilentVerifiersPayTheRequester() public {
        address worker = executors[0];
        _ask(worker, 10, 10);
        uint256 jobId = _post(_params(1, 20));
        _submitHonest(1);
        vm.prank(executors[4]);
        uint256 cid = market.challenge(1, TASK);
        bytes32[] memory proof = _honestProof(1, TASK);
        bytes32 shard = _shardHash(jobId, TASK);
        vm.prank(worker);
        market.proveTask(cid, shard, proof);
        _commitVerification(cid, executors[1], shard);
        _commitVerification(cid, executors[2], shard);
        assertEq(market.lockedCollateral(executors[1]), MIN_COLLATERAL);
        vm.warp(market.getChallenge(cid).revealDeadline + 1);
        market.resolveChallenge(cid);
        assertEq(uint8(market.getChallenge(cid).status), uint8(IJobMarket.ChallengeStatus.NoQuorum));
        assertEq(market.credits(requester), 2 * MIN_COLLATERAL);
        assertEq(market.credits(executors[4]), MIN_COLLATERAL - MIN_COLLATERAL / 10, "the bond less a tenth");
        assertEq(market.lockedCollateral(executors[1]), 0);
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE - MIN_COLLATERAL);
        _assertMarketOwes(jobId, _accounts());
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 1);
        market.finalizeJob(jobId);
        _assertMarketOwes(jobId, _accounts());
    }

    /// A late decline costs at most half the collateral (to fees) and never more than a lapse.
    function test_audit_lateDeclineAtTheDeadlineCostsHalf() public {
        address e = executors[0];
        _ask(e, 10, 10);
        uint256 jobId = _post(_params(4, 20));
        _warpPastDeadline(1);
        vm.warp(block.timestamp - 1); // the deadline itself
        vm.prank(e);
        market.declineAssignment(1);
        uint256 coll = 4 * MIN_COLLATERAL;
        assertEq(registry.stakeOf(e), EXECUTOR_STAKE - coll / 2);
        assertEq(market.feesOwed(), coll / 2);
        assertEq(market.lockedCollateral(e), 0);
        _assertMarketOwes(jobId, _accounts());
        market.distributeFees();
        _assertMarketOwes(jobId, _accounts());
    }

    // ================================================================ helpers

    function _accounts() internal view returns (address[] memory list) {
        list = new address[](EXECUTOR_COUNT + 3);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            list[i] = executors[i];
        }
        (list[EXECUTOR_COUNT], list[EXECUTOR_COUNT + 1], list[EXECUTOR_COUNT + 2]) = (requester, requester2, stranger);
    }
}
