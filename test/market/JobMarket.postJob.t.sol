// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.postJob} and {IJobMarket.postJobWithPermit}: escrow, validation of every
/// parameter with its custom error, immediate matching at price-time priority, the resting bid.
contract JobMarketPostJobTest is MarketFixture {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    function test_postJob_escrowsAndRestsWithoutAsks() public {
        IJobMarket.JobParams memory p = _params(10, 25);
        uint256 escrow = _escrowOf(p);
        // 10 tasks x 1,000 units x 25 ticks x 1e9 x 1.1
        assertEq(escrow, 275_000e9);
        assertEq(market.escrowFor(p), escrow);

        vm.expectEmit(address(market));
        emit IJobMarket.JobPosted(
            1,
            requester,
            GENERATE,
            OPTIMISTIC,
            1,
            10,
            UNITS,
            25,
            MIN_COLLATERAL,
            SECONDS_PER_TASK,
            CHALLENGE_WINDOW,
            p.deadline,
            escrow,
            COMMISSION_BPS,
            SPEC_CID
        );
        vm.expectEmit(address(market));
        emit IJobMarket.BidRested(1, GENERATE, 25, 10);
        uint256 jobId = _post(p);

        assertEq(jobId, 1);
        assertEq(token.balanceOf(address(market)), escrow);
        assertEq(token.balanceOf(requester), REQUESTER_FUNDS - escrow);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.requester, requester);
        assertEq(uint8(job.status), uint8(IJobMarket.JobStatus.Open));
        assertEq(job.commissionBps, COMMISSION_BPS);
        assertEq(job.maxPriceTick, 25);
        assertEq(job.taskCount, 10);
        assertEq(job.tasksUnassigned, 10);
        assertEq(job.tasksAccepted, 0);
        assertEq(job.openAssignments, 0);
        assertEq(job.unitsPerTask, UNITS);
        assertEq(job.postedAt, block.timestamp);
        assertEq(job.deadline, p.deadline);
        assertEq(job.escrow, escrow);
        assertEq(job.specCid, SPEC_CID);
        (uint256 jobs,,,) = market.counts();
        assertEq(jobs, 1);
    }

    /// Matched at once against the cheapest asks: price first, FIFO in a level, each assignment at
    /// its ask's price, up to the ask's capacity, collateral locked, deadline per task.
    function test_postJob_matchesCheapestFirst() public {
        _ask(executors[0], 30, 4);
        _warpBy(1);
        _ask(executors[1], 10, 3);
        _warpBy(1);
        _ask(executors[2], 10, 2);
        _warpBy(1);
        _ask(executors[3], 40, 10); // above the job's max price

        uint64 deadline3 = uint64(block.timestamp) + 3 * SECONDS_PER_TASK;
        vm.expectEmit(address(market));
        emit IJobMarket.TasksAssigned(1, 1, executors[1], 0, 3, 10, 3 * MIN_COLLATERAL, deadline3, 0);
        uint256 jobId = _post(_params(8, 30));

        assertEq(_assignmentCount(), 3);
        _assertAssignment(1, executors[1], 0, 3, 10);
        _assertAssignment(2, executors[2], 3, 2, 10);
        _assertAssignment(3, executors[0], 5, 3, 30);
        IJobMarket.Job memory job = market.getJob(jobId);
        assertEq(job.tasksUnassigned, 0);
        assertEq(job.openAssignments, 3);
        assertEq(market.lockedCollateral(executors[1]), 3 * MIN_COLLATERAL);
        assertEq(registry.freeStake(executors[1]), EXECUTOR_STAKE - 3 * MIN_COLLATERAL);
        assertEq(market.getAsk(executors[0], GENERATE).inFlight, 3);
        assertEq(market.getAsk(executors[3], GENERATE).inFlight, 0);
        // No token moved for the assignments: collateral is bookkeeping.
        assertEq(registry.stakeOf(executors[1]), EXECUTOR_STAKE);
    }

    /// Tasks the book cannot take rest as a bid.
    /// An assignment is one storage slot with 40-bit times: a deadline beyond them (a huge
    /// secondsPerTask x tasks) is kept as the largest one, which means never all the same, and
    /// the event says the same as the view.
    function test_postJob_assignmentDeadlineBeyond40BitsIsCapped() public {
        _ask(executors[0], 10, 300);
        IJobMarket.JobParams memory p = _params(300, 20);
        p.secondsPerTask = type(uint32).max; // 300 x (2^32 - 1) s is past 2^40 s
        vm.expectEmit(address(market));
        emit IJobMarket.TasksAssigned(1, 1, executors[0], 0, 300, 10, 300 * MIN_COLLATERAL, type(uint40).max, 0);
        _post(p);
        IJobMarket.Assignment memory a = market.getAssignment(1);
        assertEq(a.deadline, type(uint40).max);
        assertEq(a.executor, executors[0]);
        assertEq(a.taskCount, 300);
    }

    function test_postJob_partialMatchRestsTheRest() public {
        _ask(executors[0], 10, 4);
        vm.expectEmit(address(market));
        emit IJobMarket.BidRested(1, GENERATE, 20, 6);
        uint256 jobId = _post(_params(10, 20));
        assertEq(market.getJob(jobId).tasksUnassigned, 6);
        assertEq(_assignmentCount(), 1);
    }

    /// The live quote agrees with what posting then does: same tasks, same executors, same cost.
    function test_quote_predictsTheMatch() public {
        _ask(executors[0], 10, 3);
        _ask(executors[1], 12, 10);
        _ask(executors[2], 25, 10); // above the max price
        IJobMarket.Quote memory q = market.quote(GENERATE, 5, UNITS, 1, 20);
        uint256 cost3 = _cost(3, UNITS, 10);
        uint256 cost2 = _cost(2, UNITS, 12);
        assertEq(q.tasksMatchable, 5);
        assertEq(q.executors, 2);
        assertEq(q.cost, cost3 + _fee(cost3) + cost2 + _fee(cost2));
        // 3,000 units at 10,000 units/s: one second, rounded up.
        assertEq(q.expectedSeconds, 1);

        uint256 jobId = _post(_params(5, 20));
        assertEq(market.getJob(jobId).tasksUnassigned, 0);
        assertEq(_assignmentCount(), 2);
        IJobMarket.Quote memory none = market.quote(GENERATE, 5, UNITS, 1, 9);
        assertEq(none.tasksMatchable, 0, "nothing at or under a max price of 9");
        assertEq(none.cost, 0);
    }

    /// @dev A permit from `key`'s address to the market for `amount`, valid until `deadline`.
    function _signPermit(uint256 key, address payer, uint256 amount, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, payer, address(market), amount, token.nonces(payer), deadline)
        );
        (v, r, s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }

    function test_postJobWithPermit_paysInOneCall() public {
        (address payer, uint256 key) = makeAddrAndKey("permitRequester");
        _fund(payer, 1_000e18);
        IJobMarket.JobParams memory p = _params(4, 10);
        uint256 escrow = market.escrowFor(p);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, payer, escrow, deadline);
        vm.prank(payer);
        uint256 jobId = market.postJobWithPermit(p, MAX_ASSIGNMENTS, deadline, v, r, s);
        assertEq(market.getJob(jobId).requester, payer);
        assertEq(token.balanceOf(payer), 1_000e18 - escrow);
        assertEq(token.allowance(payer, address(market)), 0);
    }

    /// A permit front-run by someone else (submitted to the token first, which spends its nonce)
    /// must not block the post: the allowance exists anyway.
    function test_postJobWithPermit_survivesAFrontRunPermit() public {
        (address payer, uint256 key) = makeAddrAndKey("permitRequester");
        _fund(payer, 1_000e18);
        IJobMarket.JobParams memory p = _params(4, 10);
        uint256 escrow = market.escrowFor(p);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(key, payer, escrow, deadline);
        vm.prank(stranger);
        token.permit(payer, address(market), escrow, deadline, v, r, s);
        vm.prank(payer);
        uint256 jobId = market.postJobWithPermit(p, MAX_ASSIGNMENTS, deadline, v, r, s);
        assertEq(market.getJob(jobId).requester, payer);
        assertEq(token.balanceOf(payer), 1_000e18 - escrow);
    }

    function test_revertsIf_postWithoutFunds() public {
        IJobMarket.JobParams memory p = _params(4, 10);
        uint256 escrow = market.escrowFor(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(market), 0, escrow
            )
        );
        vm.prank(stranger);
        market.postJob(p, MAX_ASSIGNMENTS);
    }

    // ------------------------------------------------------------ bad parameters, one error each

    function test_revertsIf_kindNotSupported() public {
        for (uint8 k = 1; k <= 3; ++k) {
            IJobMarket.JobParams memory p = _params(1, 10);
            p.kind = IJobMarket.JobKind(k);
            _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.KindNotSupported.selector, p.kind));
        }
    }

    function test_revertsIf_taskCountOutOfRange() public {
        uint32 max = market.MAX_TASKS();
        IJobMarket.JobParams memory p = _params(0, 10);
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.InvalidTaskCount.selector, 0, max));
        p.taskCount = max + 1;
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.InvalidTaskCount.selector, max + 1, max));
    }

    function test_revertsIf_zeroUnits() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.unitsPerTask = 0;
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.ZeroUnitsPerTask.selector));
    }

    function test_revertsIf_zeroMaxPrice() public {
        _expectPostRevert(_params(1, 0), abi.encodeWithSelector(IJobMarket.ZeroPrice.selector));
    }

    function test_revertsIf_optimisticReplicationNotOne() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.replication = 3;
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.InvalidReplication.selector, OPTIMISTIC, 3));
        p.replication = 0;
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.InvalidReplication.selector, OPTIMISTIC, 0));
    }

    function test_revertsIf_replicatedReplicationInvalid() public {
        uint8 max = market.MAX_REPLICATION();
        uint8[4] memory bad = [1, 2, 4, max + 1];
        for (uint256 i; i < bad.length; ++i) {
            IJobMarket.JobParams memory p = _replicatedParams(1, 10, bad[i]);
            _expectPostRevert(
                p, abi.encodeWithSelector(IJobMarket.InvalidReplication.selector, REPLICATED, bad[i])
            );
        }
    }

    function test_revertsIf_challengeWindowOutOfBounds() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.challengeWindow = MIN_CHALLENGE_WINDOW - 1;
        _expectPostRevert(
            p,
            abi.encodeWithSelector(
                IJobMarket.ChallengeWindowOutOfBounds.selector,
                MIN_CHALLENGE_WINDOW - 1,
                MIN_CHALLENGE_WINDOW,
                MAX_CHALLENGE_WINDOW
            )
        );
        p.challengeWindow = MAX_CHALLENGE_WINDOW + 1;
        _expectPostRevert(
            p,
            abi.encodeWithSelector(
                IJobMarket.ChallengeWindowOutOfBounds.selector,
                MAX_CHALLENGE_WINDOW + 1,
                MIN_CHALLENGE_WINDOW,
                MAX_CHALLENGE_WINDOW
            )
        );
    }

    function test_revertsIf_secondsPerTaskUnderTheFloor() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        for (uint32 given = 0; given < MIN_SECONDS_PER_TASK; given += MIN_SECONDS_PER_TASK - 1) {
            p.secondsPerTask = given;
            _expectPostRevert(
                p, abi.encodeWithSelector(IJobMarket.SecondsPerTaskTooShort.selector, given, MIN_SECONDS_PER_TASK)
            );
        }
        p.secondsPerTask = MIN_SECONDS_PER_TASK;
        _post(p);
    }

    function test_revertsIf_deadlineNotAhead() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.deadline = uint64(block.timestamp);
        _expectPostRevert(
            p, abi.encodeWithSelector(IJobMarket.InvalidDeadline.selector, p.deadline, block.timestamp)
        );
        p.deadline = uint64(block.timestamp) + market.MAX_JOB_DURATION() + 1;
        _expectPostRevert(
            p, abi.encodeWithSelector(IJobMarket.InvalidDeadline.selector, p.deadline, block.timestamp)
        );
    }

    function test_revertsIf_collateralBelowMinimum() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.collateralPerTask = MIN_COLLATERAL - 1;
        _expectPostRevert(
            p,
            abi.encodeWithSelector(IJobMarket.CollateralTooLow.selector, MIN_COLLATERAL - 1, MIN_COLLATERAL)
        );
    }

    function test_revertsIf_specCidEmptyOrTooLong() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.specCid = "";
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.InvalidSpecCid.selector, 0));
        p.specCid = string(new bytes(129));
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.InvalidSpecCid.selector, 129));
    }

    function test_revertsIf_escrowOverflows() public {
        IJobMarket.JobParams memory p = _params(market.MAX_TASKS(), type(uint24).max);
        p.unitsPerTask = type(uint64).max;
        _expectPostRevert(p, abi.encodeWithSelector(IJobMarket.EscrowOverflow.selector));
    }

    function test_revertsIf_postMatchingBoundOutOfRange() public {
        uint256 max = market.MAX_ASSIGNMENTS();
        IJobMarket.JobParams memory p = _params(1, 10);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, 0, max));
        vm.prank(requester);
        market.postJob(p, 0);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidBound.selector, max + 1, max));
        vm.prank(requester);
        market.postJob(p, max + 1);
    }

    /// escrowFor refuses bad parameters with the same errors, so a UI can check before sending.
    function test_escrowFor_refusesBadParameters() public {
        IJobMarket.JobParams memory p = _params(1, 10);
        p.unitsPerTask = 0;
        vm.expectRevert(IJobMarket.ZeroUnitsPerTask.selector);
        market.escrowFor(p);
    }

    // ------------------------------------------------------------ helpers

    function _expectPostRevert(IJobMarket.JobParams memory p, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(requester);
        market.postJob(p, MAX_ASSIGNMENTS);
    }

    function _assertAssignment(uint256 id, address executor, uint32 firstTask, uint32 taskCount, uint24 tick)
        internal
        view
    {
        IJobMarket.Assignment memory a = market.getAssignment(id);
        assertEq(a.executor, executor, "executor");
        assertEq(a.firstTask, firstTask, "firstTask");
        assertEq(a.taskCount, taskCount, "taskCount");
        assertEq(a.priceTick, tick, "priceTick");
        assertEq(uint8(a.status), uint8(IJobMarket.AssignmentStatus.Assigned));
        assertEq(a.collateral, taskCount * MIN_COLLATERAL);
        assertEq(a.deadline, block.timestamp + uint256(taskCount) * SECONDS_PER_TASK);
    }
}
