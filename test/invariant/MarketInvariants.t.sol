// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @notice The market's books hold after any sequence of asks, jobs, honest and cheating results,
/// challenge games, replicated votes, settlements, reclaims, finalizations, withdrawals, fees,
/// unbonding and time steps: every token is accounted for, nothing is paid twice or without an
/// accepted result, the ask book stays ordered, and after all deadlines permissionless calls make
/// every job terminal with its escrow credited.
contract MarketInvariants is MarketFixture {
    MarketHandler internal handler;
    address[] internal accounts; // everyone who can hold market credits

    function setUp() public override {
        super.setUp();
        address[] memory execs = new address[](EXECUTOR_COUNT);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            execs[i] = executors[i];
            accounts.push(executors[i]);
        }
        address[] memory reqs = new address[](2);
        (reqs[0], reqs[1]) = (requester, requester2);
        accounts.push(requester);
        accounts.push(requester2);
        handler = new MarketHandler(token, market, registry, execs, reqs);

        bytes4[] memory selectors = new bytes4[](19);
        selectors[0] = MarketHandler.placeAsk.selector;
        selectors[1] = MarketHandler.cancelAsk.selector;
        selectors[2] = MarketHandler.postJob.selector;
        selectors[3] = MarketHandler.matchJob.selector;
        selectors[4] = MarketHandler.cancelJob.selector;
        selectors[5] = MarketHandler.submit.selector;
        selectors[6] = MarketHandler.commit.selector;
        selectors[7] = MarketHandler.reveal.selector;
        selectors[8] = MarketHandler.resolveGroup.selector;
        selectors[9] = MarketHandler.dispute.selector;
        selectors[10] = MarketHandler.settle.selector;
        selectors[11] = MarketHandler.reclaim.selector;
        selectors[12] = MarketHandler.finalize.selector;
        selectors[13] = MarketHandler.withdraw.selector;
        selectors[14] = MarketHandler.distributeFees.selector;
        selectors[15] = MarketHandler.unbond.selector;
        selectors[16] = MarketHandler.withdrawUnbonded.selector;
        selectors[17] = MarketHandler.restake.selector;
        selectors[18] = MarketHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        targetContract(address(handler));
    }

    function invariant_noUnexpectedOutcome() public view {
        assertEq(handler.ghostUnexpected(), "");
    }

    function invariant_totalSupplyNeverRises() public view {
        assertFalse(handler.ghostSupplyRose(), "supply rose during an action");
    }

    /// The books, in one walk over jobs and assignments (one invariant, not four, keeps the suite
    /// fast on two cores):
    /// - market NTK == job escrows + open challenge bonds + unpaid credits + fees owed;
    /// - registry NTK == sum of stake + sum of unbonding, and no lock exceeds its stake;
    /// - each executor's lock is exactly the collateral of its open assignments (verifier locks are
    ///   released within the handler's challenge games);
    /// - each job's counters agree with its assignments, and a terminal job holds nothing.
    function invariant_booksBalance() public view {
        assertEq(
            token.balanceOf(address(market)),
            _owedByMarket(),
            "market NTK == escrows + bonds + credits + fees"
        );

        uint256 staked;
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            staked += registry.stakeOf(executors[i]) + registry.getNode(executors[i]).unbonding;
            assertLe(market.lockedCollateral(executors[i]), registry.stakeOf(executors[i]), "lock <= stake");
        }
        assertEq(token.balanceOf(address(registry)), staked, "registry NTK == stake + unbonding");

        (uint256 jobs, uint256 assignments,,) = market.counts();
        uint256[EXECUTOR_COUNT] memory locks;
        uint256[] memory open = new uint256[](jobs + 1);
        for (uint256 id = 1; id <= assignments; ++id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            if (!_isOpen(a.status)) continue;
            locks[_index(a.executor)] += a.collateral;
            open[a.jobId]++;
        }
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            assertEq(market.lockedCollateral(executors[i]), locks[i], "lock == open collateral");
        }
        for (uint256 j = 1; j <= jobs; ++j) {
            IJobMarket.Job memory job = market.getJob(j);
            assertEq(job.openAssignments, open[j], "openAssignments");
            assertLe(job.tasksAccepted, job.taskCount, "tasksAccepted <= taskCount");
            assertLe(job.tasksUnassigned, uint256(job.taskCount) * job.replication);
            if (job.status != IJobMarket.JobStatus.Open) {
                assertEq(job.escrow, 0, "a terminal job holds nothing");
            }
        }
    }

    function invariant_noTaskPaidTwice() public view {
        assertFalse(handler.ghostTaskPaidTwice(), "a task was paid twice");
    }

    function invariant_noPaymentWithoutAcceptedResult() public view {
        assertFalse(handler.ghostPaidWithoutAcceptedResult(), "paid without an accepted result");
    }

    /// Walking bestAsks: prices never decrease; within a level asks are in the order they joined;
    /// only active asks with free capacity are listed.
    function invariant_bookOrderHolds() public view {
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 64);
        for (uint256 i; i < best.length; ++i) {
            assertTrue(best[i].active, "only active asks");
            assertLt(best[i].inFlight, best[i].capacity, "only asks with room");
            if (i == 0) continue;
            assertGe(best[i].priceTick, best[i - 1].priceTick, "prices never decrease");
            if (best[i].priceTick == best[i - 1].priceTick) {
                assertGe(best[i].placedAt, best[i - 1].placedAt, "FIFO within a level");
            }
        }
    }

    /// After every deadline, permissionless calls make every job terminal, credit all escrow, and
    /// then every token can leave the market.
    function afterInvariant() public {
        handler.driveHome();
        (uint256 jobs, uint256 assignments,,) = market.counts();
        for (uint256 j = 1; j <= jobs; ++j) {
            IJobMarket.Job memory job = market.getJob(j);
            assertTrue(job.status != IJobMarket.JobStatus.Open, "every job terminal");
            assertEq(job.escrow, 0, "all escrow credited");
            assertEq(job.openAssignments, 0);
        }
        for (uint256 id = 1; id <= assignments; ++id) {
            assertFalse(_isOpen(market.getAssignment(id).status), "no assignment in flight");
        }
        assertFalse(handler.ghostTaskPaidTwice(), "a task was paid twice");
        assertFalse(handler.ghostPaidWithoutAcceptedResult(), "paid without an accepted result");
        assertEq(token.balanceOf(address(market)), _owedByMarket(), "market NTK == credits + fees");
        for (uint256 i; i < accounts.length; ++i) {
            if (market.credits(accounts[i]) == 0) continue;
            vm.prank(accounts[i]);
            market.withdraw();
        }
        if (market.feesOwed() != 0) market.distributeFees();
        assertEq(token.balanceOf(address(market)), 0, "every token reached its owner");
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            assertEq(market.lockedCollateral(executors[i]), 0, "no collateral left locked");
        }
    }

    // ------------------------------------------------------------ helpers

    function _owedByMarket() internal view returns (uint256 owed) {
        (uint256 jobs,,, uint256 challenges) = market.counts();
        for (uint256 j = 1; j <= jobs; ++j) {
            owed += market.getJob(j).escrow;
        }
        for (uint256 c = 1; c <= challenges; ++c) {
            IJobMarket.Challenge memory ch = market.getChallenge(c);
            if (
                ch.status == IJobMarket.ChallengeStatus.AwaitingProof
                    || ch.status == IJobMarket.ChallengeStatus.Verifying
            ) owed += ch.bond;
        }
        for (uint256 i; i < accounts.length; ++i) {
            owed += market.credits(accounts[i]);
        }
        owed += market.feesOwed();
    }

    function _isOpen(IJobMarket.AssignmentStatus s) internal pure returns (bool) {
        return s == IJobMarket.AssignmentStatus.Assigned || s == IJobMarket.AssignmentStatus.Committed
            || s == IJobMarket.AssignmentStatus.Submitted || s == IJobMarket.AssignmentStatus.Revealed
            || s == IJobMarket.AssignmentStatus.Challenged || s == IJobMarket.AssignmentStatus.Accepted;
    }

    function _index(address e) internal view returns (uint256) {
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            if (executors[i] == e) return i;
        }
        revert("not an executor");
    }
}
