// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITokenSale} from "../../contracts/interfaces/ITokenSale.sol";

/// @notice Sends ETH to a contract without calling it, the way no contract can refuse: a throwaway
/// contract whose init code is `PUSH20 target; SELFDESTRUCT`. Under EIP-6780 a selfdestruct in the
/// creating transaction still moves the balance. Raw init code instead of a Solidity `selfdestruct`
/// keeps the deprecation warning out of every build.
library ForceSend {
    error ForceSendFailed(address target, uint256 amount);

    function forceSend(address target, uint256 amount) internal {
        bytes memory initCode = abi.encodePacked(hex"73", target, hex"ff");
        address created;
        assembly ("memory-safe") {
            created := create(amount, add(initCode, 0x20), mload(initCode))
        }
        if (created == address(0)) revert ForceSendFailed(target, amount);
    }
}

/// @notice A payer contract: buys through the sale with vouchers issued to itself, and optionally
/// rejects ETH (a refund then fails) or tries to re-enter the sale from its receive hook.
contract PayerContract {
    enum OnReceive {
        Accept,
        Reject,
        ReenterBuy,
        ReenterFinalize,
        ReenterWithdraw
    }

    ITokenSale public immutable sale;
    OnReceive public mode;
    /// Revert data of the re-entrant call, recorded (not rethrown) so the test can inspect it.
    bytes public reentryRevertData;
    bool public reentrySucceeded;
    uint256 public received;

    ITokenSale.Voucher private _reentryVoucher;
    bytes private _reentrySignature;

    constructor(ITokenSale sale_) {
        sale = sale_;
    }

    function setMode(OnReceive mode_) external {
        mode = mode_;
    }

    function setReentryVoucher(ITokenSale.Voucher calldata voucher, bytes calldata signature) external {
        _reentryVoucher = voucher;
        _reentrySignature = signature;
    }

    function buy(address beneficiary, ITokenSale.Voucher calldata voucher, bytes calldata signature)
        external
        payable
        returns (uint256)
    {
        return sale.buy{value: msg.value}(beneficiary, voucher, signature);
    }

    function withdraw() external {
        sale.withdraw();
    }

    receive() external payable {
        if (mode == OnReceive.Reject) revert("PayerContract: rejects ETH");
        received += msg.value;
        if (mode == OnReceive.Accept) return;
        bool ok;
        bytes memory data;
        if (mode == OnReceive.ReenterBuy) {
            (ok, data) = address(sale).call{value: msg.value}(
                abi.encodeCall(ITokenSale.buy, (address(this), _reentryVoucher, _reentrySignature))
            );
        } else if (mode == OnReceive.ReenterFinalize) {
            (ok, data) = address(sale).call(abi.encodeCall(ITokenSale.finalize, ()));
        } else {
            (ok, data) = address(sale).call(abi.encodeCall(ITokenSale.withdraw, ()));
        }
        reentrySucceeded = ok;
        reentryRevertData = data;
    }
}

/// @notice Runtime code that reverts on any call, etched over an EOA recipient to make it refuse ETH.
contract EthRejecter {
    fallback() external payable {
        revert("EthRejecter: no ETH");
    }
}
