// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title TokenSale
/// @notice The NTK crowdsale: a presale window with volume bonuses and a public sale window with
/// weekly time bonuses, at a fixed price of 0.001 ETH per NTK. Tokens (including bonuses) are
/// delivered at purchase, up to a hard cap of 60,000,000 NTK; the purchase that crosses the cap is
/// filled in part and the excess ETH is refunded in the same transaction. A secret cap on raised
/// ETH, committed at deployment, may be revealed once reached and then ends the sale at most 7
/// days later. Every purchase needs an EIP-712 voucher from the compliance signer. After the end
/// (or sell-out) anyone may finalize: the unsold allocation is burned and the raised ETH becomes
/// withdrawable by the four recipients (pull payments). The guardian may pause purchases only.
interface ITokenSale {
    /// @notice Where the sale stands, derived from the clock, the cap and finalization.
    enum Phase {
        BeforePresale,
        Presale,
        BetweenPhases,
        Sale,
        Ended,
        Finalized
    }

    /// @notice A presale volume tier: purchases strictly above `minWei` earn `bonusBps`.
    struct Tier {
        uint256 minWei;
        uint16 bonusBps;
    }

    /// @notice Sale windows and timing (unix seconds).
    struct Schedule {
        uint64 presaleStart;
        uint64 presaleEnd;
        uint64 saleStart;
        uint64 saleEnd;
        /// Length of a bonus "week" of the public sale; 7 days in production, shorter for demos.
        uint64 weekLength;
    }

    /// @notice Receivers of the raised ETH, in the order of the 40/40/10/10 split.
    struct Recipients {
        address platform;
        address liquidityReserve;
        address marketing;
        address partners;
    }

    /// @notice Eligibility voucher signed by the compliance signer (EIP-712 typed data).
    /// @param payer The only account that may pay with this voucher.
    /// @param beneficiary The only account that may receive the tokens; its limit is cumulative.
    /// @param limitWei The most ETH the beneficiary may contribute in total over the sale.
    /// @param nonce Unique per voucher; each voucher is used once.
    /// @param expiry Last second (inclusive) at which the voucher is accepted.
    struct Voucher {
        address payer;
        address beneficiary;
        uint256 limitWei;
        uint256 nonce;
        uint64 expiry;
    }

    // ---------------------------------------------------------------- deployment errors
    /// @notice The windows are not ordered presaleStart < presaleEnd <= saleStart < saleEnd.
    error InvalidSchedule(uint64 presaleStart, uint64 presaleEnd, uint64 saleStart, uint64 saleEnd);
    /// @notice The bonus week length is zero.
    error InvalidWeekLength();
    /// @notice Tiers must have strictly increasing thresholds and bonuses, each at most 100%.
    error InvalidTier(uint256 index, uint256 minWei, uint16 bonusBps);
    /// @notice A required address (token, signer, guardian, recipient) is zero.
    error ZeroAddress();

    // ---------------------------------------------------------------- purchase errors
    /// @notice Purchases are only accepted during the presale and sale windows.
    error SaleNotActive(Phase phase);
    /// @notice The guardian has paused purchases; finalize and withdrawals still work.
    error PurchasesPaused();
    /// @notice A purchase must send ETH.
    error ZeroPurchase();
    /// @notice The voucher's expiry is before the current block time.
    error VoucherExpired(uint64 expiry, uint256 nowTimestamp);
    /// @notice The voucher was not signed by the compliance signer for this chain and contract.
    error InvalidVoucherSignature(address recovered, address expected);
    /// @notice The voucher binds a different payer than the caller.
    error VoucherPayerMismatch(address payer, address caller);
    /// @notice The voucher binds a different beneficiary than the one given.
    error VoucherBeneficiaryMismatch(address voucherBeneficiary, address beneficiary);
    /// @notice This voucher has already been used.
    error VoucherAlreadyUsed(address beneficiary, uint256 nonce);
    /// @notice The purchase would take the beneficiary's contributions above the voucher limit.
    error ContributionLimitExceeded(uint256 requestedWei, uint256 remainingWei);
    /// @notice Sending the ETH refund to the payer failed; nothing was bought.
    error RefundFailed(address payer, uint256 amount);

    // ---------------------------------------------------------------- cap and lifecycle errors
    /// @notice No secret cap was committed at deployment.
    error NoSecretCap();
    /// @notice The secret cap has already been revealed.
    error CapAlreadyRevealed();
    /// @notice `keccak256(abi.encode(capWei, salt))` does not match the commitment.
    error CapCommitmentMismatch(bytes32 computed, bytes32 committed);
    /// @notice The secret cap may only be revealed once raised ETH has reached it.
    error CapNotReached(uint256 raisedWei, uint256 capWei);
    /// @notice Finalize needs the sale to have ended or sold out.
    error SaleNotEnded(uint256 endTimestamp);
    /// @notice The sale is already finalized.
    error AlreadyFinalized();
    /// @notice Sweep needs a finalized sale.
    error NotFinalized();
    /// @notice No ETH beyond the recipients' credits is held.
    error NothingToSweep();
    /// @notice The caller has no ETH to withdraw.
    error NothingToWithdraw(address account);
    /// @notice The ETH transfer to `to` failed; the amount stays owed (try {withdrawTo} another address).
    error WithdrawFailed(address to, uint256 amount);
    /// @notice After finalization the sale holds no NTK (nothing was sent to it by mistake).
    error NoStrayTokens();
    /// @notice Only the guardian may pause, unpause or hand over the role.
    error NotGuardian(address caller);

    // ---------------------------------------------------------------- events
    /// @notice Tokens were bought. `refundWei` is the ETH above the hard cap returned to the payer.
    event Purchased(
        address indexed payer,
        address indexed beneficiary,
        Phase indexed phase,
        uint256 weiAccepted,
        uint256 refundWei,
        uint256 tokens,
        uint256 bonusTokens,
        uint16 bonusBps,
        uint256 voucherNonce
    );
    /// @notice The secret cap was revealed; the sale now ends at `newEnd`.
    event SecretCapRevealed(uint256 capWei, uint256 raisedWei, uint64 newEnd, address revealer);
    /// @notice The sale was finalized: `tokensBurned` (exactly the unsold allocation, HARD_CAP_TOKENS -
    /// tokensSold) burned, raised ETH split among recipients.
    event Finalized(uint256 raisedWei, uint256 tokensSold, uint256 tokensBurned, address caller);
    /// @notice `amount` wei became withdrawable by `account` at finalization.
    event WithdrawalCredited(address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` wei of its credit, sent to `to` (itself for {withdraw}).
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
    /// @notice NTK sent to the sale by mistake (not part of its allocation) went to the platform.
    event StrayTokensSwept(address indexed to, uint256 amount, address caller);
    /// @notice Purchases were paused or resumed by the guardian.
    event PauseChanged(bool paused, address guardian);
    /// @notice Vouchers are now verified against `newSigner`; those signed by the previous key stop working.
    event ComplianceSignerChanged(address indexed previousSigner, address indexed newSigner);
    /// @notice The guardian role moved to `newGuardian`.
    event GuardianTransferred(address indexed previousGuardian, address indexed newGuardian);

    // ---------------------------------------------------------------- actions
    /// @notice Buys NTK for `beneficiary` with `msg.value`, authorized by a compliance voucher.
    /// Any ETH beyond what the hard cap allows is refunded to the caller in the same transaction.
    /// The public-sale bonus is set by the week. The presale tier is set by the ETH accepted, not
    /// sent: when the cap cuts the purchase, the highest tier whose threshold the accepted part
    /// exceeds (at that tier's rate) applies, so sending more than the cap takes earns no tier.
    /// @return tokens The NTK delivered, bonus included.
    function buy(address beneficiary, Voucher calldata voucher, bytes calldata signature)
        external
        payable
        returns (uint256 tokens);

    /// @notice Reveals the secret cap once reached; the sale then ends at min(saleEnd, now + 7 days).
    function revealCap(uint256 capWei, bytes32 salt) external;

    /// @notice Ends the sale after its end or sell-out: burns exactly the unsold allocation
    /// (HARD_CAP_TOKENS - tokensSold; NTK sent here by mistake is not burned, see {sweepTokens}) and
    /// credits the raised ETH to the recipients 40/40/10/10 (rounding dust to the platform).
    /// Callable by anyone, once.
    function finalize() external;

    /// @notice After finalization, sends any NTK the sale still holds (sent to it by mistake: the
    /// allocation is sold or burned by then) to the platform recipient. Anyone may call.
    function sweepTokens() external;

    /// @notice Credits ETH that arrived after finalization without a purchase (force-sent by
    /// selfdestruct or as a block reward) to the platform, so no ETH is ever stuck. Anyone may call.
    function sweep() external;

    /// @notice Sends the caller's credited ETH to the caller. Never paused.
    function withdraw() external;

    /// @notice Sends the caller's credited ETH to `to`, for a recipient that cannot receive ETH
    /// itself (a contract without a payable receive). Never paused.
    function withdrawTo(address payable to) external;

    /// @notice Pauses (true) or resumes (false) purchases. Guardian only.
    function setPaused(bool paused) external;

    /// @notice Rotates the compliance signer key (e.g. after a compromise): vouchers signed by the
    /// previous key are rejected from this call on. Guardian only.
    function setComplianceSigner(address newSigner) external;

    /// @notice Hands the guardian role to `newGuardian`. Guardian only.
    function transferGuardian(address newGuardian) external;

    // ---------------------------------------------------------------- views
    /// @notice NTK per ETH at the base price: 1,000 (0.001 ETH per NTK).
    function TOKENS_PER_ETH() external view returns (uint256);
    /// @notice Tokens for sale, bonuses included: 60,000,000 NTK.
    function HARD_CAP_TOKENS() external view returns (uint256);
    /// @notice The current phase.
    function phase() external view returns (Phase);
    /// @notice The bonus (basis points) a purchase of `weiAmount` would get now.
    function currentBonusBps(uint256 weiAmount) external view returns (uint16);
    /// @notice Quote for a purchase now: wei accepted, wei refunded, tokens and bonus tokens.
    function quote(uint256 weiAmount)
        external
        view
        returns (uint256 weiAccepted, uint256 refundWei, uint256 tokens, uint256 bonusTokens);
    /// @notice The effective end: saleEnd, or earlier once the secret cap has been revealed.
    function endTime() external view returns (uint64);
    /// @notice Total ETH accepted.
    function weiRaised() external view returns (uint256);
    /// @notice Total NTK delivered, bonuses included.
    function tokensSold() external view returns (uint256);
    /// @notice Total bonus NTK delivered.
    function bonusTokensGiven() external view returns (uint256);
    /// @notice ETH contributed so far for `beneficiary`.
    function contributionOf(address beneficiary) external view returns (uint256);
    /// @notice Whether the voucher (beneficiary, nonce) has been used.
    function voucherUsed(address beneficiary, uint256 nonce) external view returns (bool);
    /// @notice ETH withdrawable by `account` (credited at finalization, not yet withdrawn).
    function withdrawableOf(address account) external view returns (uint256);
    /// @notice The EIP-712 digest the compliance signer signs for `voucher`.
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32);
    /// @notice The token sold.
    function token() external view returns (address);
    /// @notice The sale windows and bonus week length.
    function schedule() external view returns (Schedule memory);
    /// @notice The presale volume tiers, ascending.
    function presaleTiers() external view returns (Tier[] memory);
    /// @notice The receivers of the raised ETH.
    function recipients() external view returns (Recipients memory);
    /// @notice The address whose signature makes a voucher valid.
    function complianceSigner() external view returns (address);
    /// @notice The account that may pause purchases.
    function guardian() external view returns (address);
    /// @notice Whether purchases are paused.
    function paused() external view returns (bool);
    /// @notice Whether the sale has been finalized.
    function finalized() external view returns (bool);
    /// @notice keccak256(abi.encode(capWei, salt)) committed at deployment; zero if none.
    function secretCapCommitment() external view returns (bytes32);
    /// @notice The revealed secret cap in wei; zero until revealed.
    function revealedCapWei() external view returns (uint256);
}
