// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @notice The market's invariant suites share this: the deployed platform, the handler and its
/// accounts (executors, verifier-only identities, requesters), the checks, and the drive home
/// after each run. {MarketInvariants} runs each check as its own invariant over every handler
/// action; test/invariant/VerifierDrawInvariants.t.sol runs them all as one over the challenge
/// game's actions.
abstract contract MarketInvariantsBase is MarketFixture {
    /// Verifier-only identities: eight staked at 1 to 8 bonds (sybils at the bare bond among
    /// them), six heavy stakers; with the five executors other than an assignee they can fill a
    /// candidate list (VERIFIER_CANDIDATES = 16) and push its lightest out.
    uint256 internal constant EXTRA_VERIFIERS = 14;

    MarketHandler internal handler;
    address[] internal accounts; // everyone who can hold market credits
    address[] internal stakers; // everyone staked in the registry: the executors, then the verifiers

    function setUp() public virtual override {
        super.setUp();
        address[] memory execs = new address[](EXECUTOR_COUNT);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            execs[i] = executors[i];
            accounts.push(executors[i]);
            stakers.push(executors[i]);
        }
        address[] memory verifiers = new address[](EXTRA_VERIFIERS);
        for (uint256 i; i < EXTRA_VERIFIERS; ++i) {
            uint256 amount = i < 8 ? (i + 1) * MIN_COLLATERAL : (i - 7) * 2_000e18;
            verifiers[i] = _newExecutor(string.concat("verifier", vm.toString(i)), amount);
            accounts.push(verifiers[i]);
            stakers.push(verifiers[i]);
        }
        address[] memory reqs = new address[](2);
        (reqs[0], reqs[1]) = (requester, requester2);
        accounts.push(requester);
        accounts.push(requester2);
        handler = new MarketHandler(token, market, registry, execs, reqs, verifiers);

        targetSelector(FuzzSelector({addr: address(handler), selectors: _selectors()}));
        targetContract(address(handler));
    }

    /// The handler actions the fuzzer calls.
    function _selectors() internal pure virtual returns (bytes4[] memory selectors) {
        selectors = new bytes4[](26);
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
        selectors[19] = MarketHandler.openChallenge.selector;
        selectors[20] = MarketHandler.commitCandidate.selector;
        selectors[21] = MarketHandler.drawVerifiers.selector;
        selectors[22] = MarketHandler.revealVerifier.selector;
        selectors[23] = MarketHandler.resolveChallenge.selector;
        selectors[24] = MarketHandler.roll.selector;
        selectors[25] = MarketHandler.decline.selector;
        // No warpLong here: 13-hour steps would change what the other actions meet (most
        // deadlines missed); VerifierDrawInvariants, which needs commit windows to close, has it.
    }

    function _assertNoUnexpectedOutcome() internal view {
        assertEq(handler.ghostUnexpected(), "");
    }

    function _assertTotalSupplyNeverRises() internal view {
        assertFalse(handler.ghostSupplyRose(), "supply rose during an action");
    }

    /// The books, in one walk over jobs and assignments (one invariant, not four, keeps the suite
    /// fast on two cores):
    /// - market NTK == job escrows + open challenge bonds + unpaid credits + fees owed;
    /// - registry NTK == sum of stake + sum of unbonding, and no lock exceeds its stake;
    /// - each account's lock is exactly the collateral of its open assignments plus one bond per
    ///   open challenge that lists it ({IJobMarket.getVerifiers}: a candidate until the draw, a
    ///   seat after), so every verifier lock is released exactly once: by an eviction, by the
    ///   draw for those not seated, or by the resolution;
    /// - each job's counters agree with its assignments, and a terminal job holds nothing.
    function _assertBooksBalance() internal view {
        assertEq(
            token.balanceOf(address(market)),
            _owedByMarket(),
            "market NTK == escrows + bonds + credits + fees"
        );

        uint256 staked;
        for (uint256 i; i < stakers.length; ++i) {
            uint256 stake = registry.stakeOf(stakers[i]);
            // Only executors unbond (the handler's unbond picks them): getNode is the costly view.
            staked += stake + (i < EXECUTOR_COUNT ? registry.getNode(stakers[i]).unbonding : 0);
            assertLe(market.lockedCollateral(stakers[i]), stake, "lock <= stake");
        }
        assertEq(token.balanceOf(address(registry)), staked, "registry NTK == stake + unbonding");

        (uint256 jobs, uint256 assignments,, uint256 challenges) = market.counts();
        uint256[] memory locks = new uint256[](stakers.length);
        uint256[] memory open = new uint256[](jobs + 1);
        for (uint256 id = 1; id <= assignments; ++id) {
            IJobMarket.Assignment memory a = market.getAssignment(id);
            if (!_isOpen(a.status)) continue;
            locks[_index(a.executor)] += a.collateral;
            open[a.jobId]++;
        }
        for (uint256 id = 1; id <= challenges; ++id) {
            IJobMarket.Challenge memory c = market.getChallenge(id);
            if (c.status != IJobMarket.ChallengeStatus.Verifying) continue;
            address[] memory listed = market.getVerifiers(id);
            assertEq(listed.length, c.commits, "one listed verifier per commit");
            assertLe(c.commits, c.drawn ? 3 : market.VERIFIER_CANDIDATES(), "seats and candidates bounded");
            for (uint256 k; k < listed.length; ++k) {
                locks[_index(listed[k])] += c.bond;
            }
        }
        for (uint256 i; i < stakers.length; ++i) {
            assertEq(
                market.lockedCollateral(stakers[i]), locks[i], "lock == open collateral + candidate bonds"
            );
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

    function _assertNoTaskPaidTwice() internal view {
        assertFalse(handler.ghostTaskPaidTwice(), "a task was paid twice");
    }

    function _assertNoPaymentWithoutAcceptedResult() internal view {
        assertFalse(handler.ghostPaidWithoutAcceptedResult(), "paid without an accepted result");
    }

    /// Walking bestAsks: prices never decrease; within a level asks are in the order they joined;
    /// only active asks with free capacity are listed.
    function _assertBookOrderHolds() internal view {
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
        for (uint256 i; i < stakers.length; ++i) {
            assertEq(market.lockedCollateral(stakers[i]), 0, "no collateral or verifier bond left locked");
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
        for (uint256 i; i < stakers.length; ++i) {
            if (stakers[i] == e) return i;
        }
        revert("not a staker");
    }
}
