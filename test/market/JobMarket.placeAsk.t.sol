// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.placeAsk} and {IJobMarket.cancelAsk}: the ask book's order (price, then
/// time), replacement, collateral backing, and asks taking resting bids.
contract JobMarketPlaceAskTest is MarketFixture {
    function test_placeAsk_listsTheAsk() public {
        vm.warp(T0 + 7);
        vm.expectEmit(address(market));
        emit IJobMarket.AskPlaced(executors[0], GENERATE, 42, 10);
        _ask(executors[0], 42, 10);
        IJobMarket.Ask memory a = market.getAsk(executors[0], GENERATE);
        assertEq(a.executor, executors[0]);
        assertEq(uint8(a.kind), uint8(GENERATE));
        assertTrue(a.active);
        assertEq(a.priceTick, 42);
        assertEq(a.capacity, 10);
        assertEq(a.inFlight, 0);
        assertEq(a.placedAt, T0 + 7);
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 1);
        assertEq(best[0].executor, executors[0]);
    }

    /// Price first, then time: cheaper asks lead, and within a level the earlier ask leads.
    function test_bestAsks_pricesThenTime() public {
        _ask(executors[0], 30, 5);
        _warpBy(1);
        _ask(executors[1], 10, 5);
        _warpBy(1);
        _ask(executors[2], 30, 5);
        _warpBy(1);
        _ask(executors[3], 20, 5);
        _warpBy(1);
        _ask(executors[4], 10, 5);
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 5);
        address[5] memory expected = [executors[1], executors[4], executors[3], executors[0], executors[2]];
        for (uint256 i; i < 5; ++i) {
            assertEq(best[i].executor, expected[i]);
        }
        assertEq(market.bestAsks(GENERATE, 2).length, 2, "bounded by max");
        assertEq(market.bestAsks(IJobMarket.JobKind.TRAIN, 10).length, 0, "books are per kind");
    }

    /// Replacing an ask (even at the same price) sends it to the back of its level.
    function test_placeAsk_replacementLosesItsPlace() public {
        _ask(executors[0], 10, 5);
        _ask(executors[1], 10, 5);
        _warpBy(5);
        _ask(executors[0], 10, 6);
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 2, "one ask per executor and kind");
        assertEq(best[0].executor, executors[1]);
        assertEq(best[1].executor, executors[0]);
        assertEq(best[1].capacity, 6);

        _ask(executors[1], 11, 5); // moved to a worse level
        best = market.bestAsks(GENERATE, 10);
        assertEq(best[0].executor, executors[0]);
        assertEq(best[1].executor, executors[1]);
        assertEq(best[1].priceTick, 11);
    }

    function test_cancelAsk_removesFromTheBook() public {
        _ask(executors[0], 10, 5);
        _ask(executors[1], 10, 5);
        _ask(executors[2], 12, 5);
        vm.expectEmit(address(market));
        emit IJobMarket.AskRemoved(executors[1], GENERATE, IJobMarket.AskRemoval.Cancelled);
        vm.prank(executors[1]);
        market.cancelAsk(GENERATE);
        assertFalse(market.getAsk(executors[1], GENERATE).active);
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 2);
        assertEq(best[0].executor, executors[0]);
        assertEq(best[1].executor, executors[2]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NoAsk.selector, executors[1], GENERATE));
        vm.prank(executors[1]);
        market.cancelAsk(GENERATE);
    }

    function test_revertsIf_cancelWithoutAsk() public {
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NoAsk.selector, executors[0], IJobMarket.JobKind.TRAIN)
        );
        vm.prank(executors[0]);
        market.cancelAsk(IJobMarket.JobKind.TRAIN);
    }

    function test_revertsIf_askByUnregistered() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotRegisteredExecutor.selector, stranger));
        vm.prank(stranger);
        market.placeAsk(GENERATE, 10, 1, 1);
    }

    function test_revertsIf_askAtZeroPrice() public {
        vm.expectRevert(IJobMarket.ZeroPrice.selector);
        vm.prank(executors[0]);
        market.placeAsk(GENERATE, 0, 1, 1);
    }

    function test_revertsIf_askCapacityOutOfRange() public {
        uint32 max = market.MAX_CAPACITY();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidCapacity.selector, 0, max));
        vm.prank(executors[0]);
        market.placeAsk(GENERATE, 10, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidCapacity.selector, max + 1, max));
        vm.prank(executors[0]);
        market.placeAsk(GENERATE, 10, max + 1, 1);
    }

    function test_revertsIf_askMatchingBoundOutOfRange() public {
        uint256 max = market.MAX_ASSIGNMENTS();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, 0, max));
        vm.prank(executors[0]);
        market.placeAsk(GENERATE, 10, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, max + 1, max));
        vm.prank(executors[0]);
        market.placeAsk(GENERATE, 10, 1, max + 1);
    }

    /// An ask needs free stake for its whole capacity at the kind's minimum collateral.
    function test_revertsIf_askUnderCollateralized() public {
        address poor = _newExecutor("poor", 3 * MIN_COLLATERAL);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.AskUnderCollateralized.selector, 3 * MIN_COLLATERAL, 4 * MIN_COLLATERAL
            )
        );
        vm.prank(poor);
        market.placeAsk(GENERATE, 10, 4, 1);
        vm.prank(poor);
        market.placeAsk(GENERATE, 10, 3, 1);
        assertTrue(market.getAsk(poor, GENERATE).active);
    }

    /// Stake locked by assignments in flight does not count again: replacing the ask only needs
    /// backing for the capacity that is still open.
    function test_placeAsk_replacementNeedsBackingOnlyForOpenCapacity() public {
        address lean = _newExecutor("lean", 4 * MIN_COLLATERAL);
        _ask(lean, 10, 4);
        _post(_params(3, 10)); // 3 tasks in flight, 3 NTK locked, 1 NTK free
        assertEq(market.getAsk(lean, GENERATE).inFlight, 3);
        assertEq(registry.freeStake(lean), MIN_COLLATERAL);
        vm.prank(lean);
        market.placeAsk(GENERATE, 12, 4, 1); // one open slot, backed by the one free NTK
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.AskUnderCollateralized.selector, MIN_COLLATERAL, 2 * MIN_COLLATERAL
            )
        );
        vm.prank(lean);
        market.placeAsk(GENERATE, 12, 5, 1);
    }

    /// An ask at full capacity stays active but leaves the book until tasks end.
    function test_placeAsk_fullAskIsNotInTheBook() public {
        _ask(executors[0], 10, 2);
        _post(_params(2, 10));
        IJobMarket.Ask memory a = market.getAsk(executors[0], GENERATE);
        assertTrue(a.active);
        assertEq(a.inFlight, 2);
        assertEq(market.bestAsks(GENERATE, 10).length, 0);
    }

    /// A full ask stays linked (hidden from the book's views) and keeps its place in the queue
    /// when its tasks end before any matching walk meets it: no unlinking and relinking per
    /// assignment.
    function test_placeAsk_fullAskFreedBeforeTheNextWalkKeepsItsPlace() public {
        _ask(executors[0], 10, 2);
        _ask(executors[1], 10, 10);
        _post(_params(2, 20)); // assignment 1: executor 0, now full
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 1, "the full ask is not offered");
        assertEq(best[0].executor, executors[1]);

        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 2);
        assertEq(best[0].executor, executors[0], "still first in its level");
        assertEq(best[1].executor, executors[1]);
        _post(_params(1, 20));
        assertEq(market.getAssignment(2).executor, executors[0]);
    }

    /// A matching walk that meets an ask still full takes it out of the book; when its tasks end
    /// it rejoins the back of its level.
    function test_placeAsk_fullAskMetByAWalkRejoinsAtTheBack() public {
        _ask(executors[0], 10, 2);
        _ask(executors[1], 10, 10);
        _post(_params(2, 20)); // assignment 1: executor 0, now full
        _post(_params(1, 20)); // its walk passes executor 0 (full) and unlinks it
        assertEq(market.getAssignment(2).executor, executors[1]);

        _submitHonest(1);
        _warpPastChallengeWindow(1);
        _settleOne(1);
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 10);
        assertEq(best.length, 2);
        assertEq(best[0].executor, executors[1]);
        assertEq(best[1].executor, executors[0], "back of its level");
        assertEq(best[1].placedAt, block.timestamp, "its time priority counts from when it rejoined");
        assertGe(best[1].placedAt, best[0].placedAt, "placedAt follows the level's order");
        _post(_params(1, 20));
        assertEq(market.getAssignment(3).executor, executors[1]);
    }

    /// A new ask takes resting bids it can serve, best max price first, at its own price.
    function test_placeAsk_takesRestingBids() public {
        uint256 cheapJob = _post(_params(3, 20));
        uint256 richJob = _postAs(requester2, _params(2, 50));
        assertEq(market.getJob(cheapJob).tasksUnassigned, 3);
        assertEq(_assignmentCount(), 0);

        vm.expectEmit(address(market));
        emit IJobMarket.TasksAssigned(
            1,
            richJob,
            executors[0],
            0,
            2,
            15,
            2 * MIN_COLLATERAL,
            uint64(block.timestamp) + 2 * SECONDS_PER_TASK,
            0
        );
        _ask(executors[0], 15, 10);
        assertEq(_assignmentCount(), 2);
        IJobMarket.Assignment memory first = market.getAssignment(1);
        IJobMarket.Assignment memory second = market.getAssignment(2);
        assertEq(first.jobId, richJob, "the higher bid is served first");
        assertEq(second.jobId, cheapJob);
        assertEq(second.taskCount, 3);
        assertEq(first.priceTick, 15, "the ask's price is paid");
        assertEq(market.getJob(cheapJob).tasksUnassigned, 0);
        assertEq(market.getAsk(executors[0], GENERATE).inFlight, 5);
    }

    /// Bids above the ask's price are not served by it.
    function test_placeAsk_skipsBidsBelowItsPrice() public {
        uint256 jobId = _post(_params(3, 20));
        _ask(executors[0], 21, 10);
        assertEq(_assignmentCount(), 0);
        assertEq(market.getJob(jobId).tasksUnassigned, 3);
        _ask(executors[1], 20, 10);
        assertEq(_assignmentCount(), 1);
        assertEq(market.getAssignment(1).executor, executors[1]);
    }

    /// Each matching call creates at most `maxAssignments` assignments; the rest waits for the
    /// next call.
    function test_placeAsk_boundedMatching() public {
        for (uint256 i; i < 3; ++i) {
            _post(_params(1, 20));
        }
        vm.prank(executors[0]);
        market.placeAsk(GENERATE, 10, 10, 2);
        assertEq(_assignmentCount(), 2);
        vm.prank(stranger);
        assertEq(market.matchJob(3, 5), 1);
        assertEq(_assignmentCount(), 3);
    }
    /// Bids the new ask cannot serve (a collateral its free stake cannot back) cost it no walk of
    /// the book: 40 such bids in front of 40 asks made one placeAsk walk the book 32 times (about
    /// 3.7M gas), and a griefer's escrows are all refundable. The bid it can serve is still taken.
    function test_placeAsk_bidsItCannotServeCostNoWalk() public {
        for (uint256 i; i < 40; ++i) {
            _ask(_newExecutor(string.concat("asker", vm.toString(i)), MIN_COLLATERAL * 2), uint24(1 + i), 1);
        }
        // Rests: no ask in the book can back 10 NTK a task.
        IJobMarket.JobParams memory p = _params(1, 100);
        p.collateralPerTask = 10 * MIN_COLLATERAL;
        uint256 real = _post(p);
        for (uint256 i; i < 40; ++i) {
            p.collateralPerTask = 1_000_000e18; // backed by no stake anywhere
            _post(p);
        }
        assertEq(_assignmentCount(), 0);
        address fresh = _newExecutor("fresh", 100e18);
        vm.prank(fresh);
        uint256 gasBefore = gasleft();
        market.placeAsk(GENERATE, 90, 10, MAX_ASSIGNMENTS);
        uint256 used = gasBefore - gasleft();
        assertLt(used, 700_000, "the dust bids were visited without a walk each");
        assertEq(_assignmentCount(), 1);
        assertEq(market.getAssignment(1).jobId, real);
        assertEq(market.getAssignment(1).executor, fresh);
    }
}
