// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {MarketFixture} from "../utils/MarketFixture.sol";

/// @notice {IJobMarket.submitResult}: an optimistic assignment's root and result CID.
contract JobMarketSubmitResultTest is MarketFixture {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        _ask(executors[0], 10, CAPACITY);
        jobId = _post(_params(4, 20)); // assignment 1: tasks 0..3 to executor 0
    }

    function test_submitResult_startsTheChallengeWindow() public {
        bytes32 root = _honestRoot(1);
        _warpBy(30);
        uint64 challengeEnd = uint64(block.timestamp) + CHALLENGE_WINDOW;
        vm.expectEmit(address(market));
        emit IJobMarket.ResultSubmitted(1, root, RESULT_CID, challengeEnd);
        vm.prank(executors[0]);
        market.submitResult(1, root, RESULT_CID);
        IJobMarket.Assignment memory a = market.getAssignment(1);
        assertEq(uint8(a.status), uint8(IJobMarket.AssignmentStatus.Submitted));
        assertEq(a.root, root);
        assertEq(a.challengeEnd, challengeEnd);
    }

    /// The deadline second itself is still in time.
    function test_submitResult_atTheDeadline() public {
        vm.warp(market.getAssignment(1).deadline);
        _submitHonest(1);
        assertEq(uint8(market.getAssignment(1).status), uint8(IJobMarket.AssignmentStatus.Submitted));
    }

    function test_revertsIf_submitAfterTheDeadline() public {
        uint64 deadline = market.getAssignment(1).deadline;
        _warpPastDeadline(1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.AssignmentExpired.selector, 1, deadline));
        vm.prank(executors[0]);
        market.submitResult(1, bytes32(uint256(1)), RESULT_CID);
    }

    function test_revertsIf_submitByOther() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotAssignee.selector, 1, executors[1]));
        vm.prank(executors[1]);
        market.submitResult(1, bytes32(uint256(1)), RESULT_CID);
    }

    function test_revertsIf_submitTwice() public {
        _submitHonest(1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongAssignmentStatus.selector, 1, IJobMarket.AssignmentStatus.Submitted
            )
        );
        vm.prank(executors[0]);
        market.submitResult(1, bytes32(uint256(1)), RESULT_CID);
    }

    function test_revertsIf_submitZeroRoot() public {
        vm.expectRevert(IJobMarket.ZeroRoot.selector);
        vm.prank(executors[0]);
        market.submitResult(1, bytes32(0), RESULT_CID);
    }

    function test_revertsIf_submitBadResultCid() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidResultCid.selector, 0));
        vm.prank(executors[0]);
        market.submitResult(1, bytes32(uint256(1)), "");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidResultCid.selector, 129));
        vm.prank(executors[0]);
        market.submitResult(1, bytes32(uint256(1)), string(new bytes(129)));
    }

    function test_revertsIf_submitUnknownAssignment() public {
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownAssignment.selector, 9));
        vm.prank(executors[0]);
        market.submitResult(9, bytes32(uint256(1)), RESULT_CID);
    }

    /// Replicated assignments commit and reveal; they cannot submit in the clear.
    function test_revertsIf_submitForReplicatedJob() public {
        _ask(executors[1], 10, CAPACITY);
        _ask(executors[2], 10, CAPACITY);
        uint256 replicated = _post(_replicatedParams(1, 20, 3));
        uint256 id = _assignmentCount();
        IJobMarket.Assignment memory a = market.getAssignment(id);
        assertEq(a.jobId, replicated);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WrongVerification.selector, replicated, REPLICATED));
        vm.prank(a.executor);
        market.submitResult(id, bytes32(uint256(1)), RESULT_CID);
    }
}
