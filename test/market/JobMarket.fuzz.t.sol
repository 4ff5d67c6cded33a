// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice Property tests of the book and the money: price-time priority against a model of the
/// book, escrow and rounding with no dust left behind, and the book's order after random inserts,
/// replacements and removals at any depth.
contract JobMarketFuzzTest is MarketFixture {
    uint256 internal constant BOOK = 12; // executors in the book tests
    address[BOOK] internal makers;

    function setUp() public override {
        super.setUp();
        for (uint256 i; i < BOOK; ++i) {
            makers[i] = _newExecutor(string.concat("maker", vm.toString(i)), 1_000e18);
        }
    }

    // ------------------------------------------------------------ price-time priority

    /// Random asks, then a job: assignments go cheapest first, FIFO within a price level, each at
    /// its ask's price and up to its capacity; the requester gets back exactly the difference.
    function testFuzz_postJob_priceTimePriority(uint256 seed, uint32 taskCount, uint24 maxTick) public {
        taskCount = uint32(bound(taskCount, 1, 80));
        maxTick = uint24(bound(maxTick, 1, 40));
        uint256 n = bound(seed, 1, BOOK);
        uint24[BOOK] memory price;
        uint32[BOOK] memory capacity;
        for (uint256 i; i < n; ++i) {
            price[i] = uint24(bound(uint256(keccak256(abi.encode(seed, "price", i))), 1, 40));
            capacity[i] = uint32(bound(uint256(keccak256(abi.encode(seed, "cap", i))), 1, 12));
            _ask(makers[i], price[i], capacity[i]);
            _warpBy(1);
        }
        uint256 jobId = _post(_params(taskCount, maxTick));

        // Model: stable sort by price (placement order breaks ties), take up to capacity each.
        uint256[BOOK] memory order;
        for (uint256 i; i < n; ++i) {
            order[i] = i;
        }
        for (uint256 i = 1; i < n; ++i) {
            for (uint256 k = i; k > 0 && price[order[k]] < price[order[k - 1]]; --k) {
                (order[k], order[k - 1]) = (order[k - 1], order[k]);
            }
        }
        uint32 next;
        uint256 id;
        uint256 spent;
        for (uint256 i; i < n && next < taskCount && id < MAX_ASSIGNMENTS; ++i) {
            uint256 m = order[i];
            if (price[m] > maxTick) break;
            uint32 take = capacity[m] < taskCount - next ? capacity[m] : taskCount - next;
            IJobMarket.Assignment memory a = market.getAssignment(++id);
            assertEq(a.executor, makers[m], "price-time order");
            assertEq(a.firstTask, next, "contiguous ranges");
            assertEq(a.taskCount, take, "up to the ask's capacity");
            assertEq(a.priceTick, price[m], "the ask's price");
            uint256 cost = _cost(take, UNITS, price[m]);
            spent += cost + _fee(cost);
            next += take;
        }
        assertEq(_assignmentCount(), id, "no other assignment");
        assertEq(market.getJob(jobId).tasksUnassigned, taskCount - next);

        // Drive it home: every assignment submits and settles, the job expires, nothing is stuck.
        for (uint256 a = 1; a <= id; ++a) {
            _submitHonest(a);
        }
        _warpBy(uint256(CHALLENGE_WINDOW) + 1);
        uint256[] memory all = new uint256[](id == 0 ? 1 : id);
        for (uint256 a; a < id; ++a) {
            all[a] = a + 1;
        }
        if (id != 0) assertEq(market.settle(all), id);
        _warpPastJobDeadline(jobId);
        market.finalizeJob(jobId);
        IJobMarket.JobParams memory p = _params(taskCount, maxTick);
        assertEq(market.credits(requester), _escrowOf(p) - spent, "refund = escrow - paid - fees");
        _assertNoDust();
    }

    // ------------------------------------------------------------ escrow and rounding

    /// Any commission in bounds, any prices and sizes: escrow is the documented formula, and after
    /// settlement and finalization the market holds exactly the credits and fees (no dust).
    function testFuzz_escrow_noDust(
        uint16 bps,
        uint32 taskCount,
        uint64 units,
        uint24 maxTick,
        uint24 askTick
    ) public {
        bps = uint16(bound(bps, 500, 1_500));
        taskCount = uint32(bound(taskCount, 1, 50));
        units = uint64(bound(units, 1, 1e6)); // the reserve funds escrows up to ~7M NTK
        maxTick = uint24(bound(maxTick, 1, type(uint24).max));
        askTick = uint24(bound(askTick, 1, maxTick));
        vm.prank(marketOwner);
        market.setCommission(GENERATE, bps);
        IJobMarket.JobParams memory p = _params(taskCount, maxTick);
        p.unitsPerTask = units;
        // Long enough for the fixture's executors (10,000 units/s) to compute a task (matching
        // passes over an ask whose declared throughput cannot), and at least the market's floor.
        p.secondsPerTask = uint32(units / 10_000 + MIN_SECONDS_PER_TASK);
        uint256 escrow = _escrow(taskCount, 1, units, maxTick, bps);
        assertEq(market.escrowFor(p), escrow);
        _fund(requester, escrow);

        _ask(executors[0], askTick, CAPACITY);
        uint256 jobId = _post(p);
        _submitHonest(1);
        _warpPastChallengeWindow(1);
        assertEq(_settleOne(1), 1);
        market.finalizeJob(jobId);

        uint256 payment = uint256(taskCount) * units * askTick * PRICE_TICK;
        uint256 fee = payment * bps / 10_000;
        assertEq(market.credits(executors[0]), payment);
        assertEq(market.feesOwed(), fee);
        assertEq(market.credits(requester), escrow - payment - fee);
        assertEq(market.getJob(jobId).escrow, 0);
        _assertNoDust();

        // And every token can leave.
        vm.prank(executors[0]);
        market.withdraw();
        if (market.credits(requester) != 0) {
            vm.prank(requester);
            market.withdraw();
        }
        if (fee != 0) market.distributeFees();
        assertEq(token.balanceOf(address(market)), 0);
    }

    // ------------------------------------------------------------ the book at random depths

    /// Random places, replacements and cancels by twelve makers: bestAsks always lists the active
    /// asks by price, then by the time they joined their level (a model kept here).
    function testFuzz_book_orderAfterRandomOps(uint256 seed) public {
        uint256[BOOK] memory joined; // sequence number of the ask's current place, 0 if none
        uint24[BOOK] memory price;
        uint256 sequence;
        for (uint256 step; step < 40; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 m = r % BOOK;
            if ((r >> 8) % 4 == 0 && joined[m] != 0) {
                vm.prank(makers[m]);
                market.cancelAsk(GENERATE);
                joined[m] = 0;
            } else {
                // Few levels so queues within a level get deep.
                price[m] = uint24(1 + (r >> 16) % 5);
                _ask(makers[m], price[m], 1 + uint32((r >> 32) % 20));
                joined[m] = ++sequence;
            }
            _checkBook(joined, price);
        }
    }

    function _checkBook(uint256[BOOK] memory joined, uint24[BOOK] memory price) internal view {
        IJobMarket.Ask[] memory best = market.bestAsks(GENERATE, 64);
        uint256 active;
        for (uint256 i; i < BOOK; ++i) {
            if (joined[i] != 0) ++active;
        }
        assertEq(best.length, active, "every active ask is listed once");
        uint256 lastPrice;
        uint256 lastJoined;
        for (uint256 i; i < best.length; ++i) {
            uint256 m = _makerIndex(best[i].executor);
            assertTrue(joined[m] != 0, "only active asks");
            assertEq(best[i].priceTick, price[m]);
            assertGe(best[i].priceTick, lastPrice, "prices never decrease");
            if (best[i].priceTick == lastPrice) assertGt(joined[m], lastJoined, "FIFO within a level");
            lastPrice = best[i].priceTick;
            lastJoined = joined[m];
        }
    }

    function _makerIndex(address who) internal view returns (uint256) {
        for (uint256 i; i < BOOK; ++i) {
            if (makers[i] == who) return i;
        }
        revert("not a maker");
    }

    /// The market holds exactly the credits it owes plus fees (all jobs here are final).
    function _assertNoDust() internal view {
        uint256 owed = market.feesOwed() + market.credits(requester);
        for (uint256 i; i < EXECUTOR_COUNT; ++i) {
            owed += market.credits(executors[i]);
        }
        for (uint256 i; i < BOOK; ++i) {
            owed += market.credits(makers[i]);
        }
        assertEq(token.balanceOf(address(market)), owed, "market balance == credits + fees");
    }
}
