// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {INeuroToken} from "./interfaces/INeuroToken.sol";
import {ITokenSale} from "./interfaces/ITokenSale.sol";

/// @title TokenSale
/// @notice See {ITokenSale}.
contract TokenSale is ITokenSale, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc ITokenSale
    uint256 public constant TOKENS_PER_ETH = 1_000;
    /// @inheritdoc ITokenSale
    uint256 public constant HARD_CAP_TOKENS = 60_000_000e18;
    /// @notice After the secret cap is revealed the sale runs at most this much longer.
    uint64 public constant CAP_REVEAL_GRACE = 7 days;

    uint16 private constant BPS = 10_000;
    /// Raised-ETH split in basis points: platform, liquidity reserve, marketing, partners.
    uint16 private constant PLATFORM_BPS = 4_000;
    uint16 private constant LIQUIDITY_BPS = 4_000;
    uint16 private constant MARKETING_BPS = 1_000;
    uint16 private constant PARTNERS_BPS = 1_000;

    bytes32 public constant VOUCHER_TYPEHASH = keccak256(
        "Voucher(address payer,address beneficiary,uint256 limitWei,uint256 nonce,uint64 expiry)"
    );

    INeuroToken private immutable _token;
    bytes32 private immutable _secretCapCommitment;
    uint64 private immutable _presaleStart;
    uint64 private immutable _presaleEnd;
    uint64 private immutable _saleStart;
    uint64 private immutable _saleEnd;
    uint64 private immutable _weekLength;
    address private immutable _platform;
    address private immutable _liquidityReserve;
    address private immutable _marketing;
    address private immutable _partners;

    /// @dev The outcome of filling one purchase against the hard cap.
    struct Fill {
        uint256 weiAccepted;
        uint256 tokens;
        uint256 bonusTokens;
        uint16 bonusBps;
    }

    Tier[] private _tiers;
    address private _guardian;
    // Storage, not immutable, so a compromised compliance key can be rotated mid-sale.
    address private _complianceSigner;

    // Hot counters packed into two slots: a purchase writes both, so each costs one SSTORE.
    // uint128 holds 3.4e38, far above any reachable wei or token-unit total.
    uint128 private _tokensSold;
    uint128 private _bonusTokensGiven;
    uint128 private _weiRaised;
    uint64 private _revealedEnd; // 0 until the secret cap is revealed
    bool private _paused;
    bool private _finalized;

    uint256 private _revealedCapWei;
    mapping(address beneficiary => uint256 weiContributed) private _contributions;
    mapping(address beneficiary => mapping(uint256 nonce => bool used)) private _usedVouchers;
    mapping(address account => uint256 weiOwed) private _withdrawable;
    /// Sum of _withdrawable: what the balance must cover; anything above it can be swept.
    uint256 private _totalWithdrawable;

    modifier onlyGuardian() {
        if (msg.sender != _guardian) revert NotGuardian(msg.sender);
        _;
    }

    /// @param token_ The NTK token; this contract must hold the sale allocation before the presale.
    /// @param schedule_ Sale windows; week length of the public-sale time bonus.
    /// @param tiers_ Presale volume tiers, strictly ascending in threshold and bonus.
    /// @param recipients_ Receivers of the raised ETH.
    /// @param complianceSigner_ Signer of eligibility vouchers.
    /// @param guardian_ May pause purchases.
    /// @param secretCapCommitment_ keccak256(abi.encode(capWei, salt)), or zero for no secret cap.
    constructor(
        address token_,
        Schedule memory schedule_,
        Tier[] memory tiers_,
        Recipients memory recipients_,
        address complianceSigner_,
        address guardian_,
        bytes32 secretCapCommitment_
    ) EIP712("NeuroTokenSale", "1") {
        if (
            token_ == address(0) || complianceSigner_ == address(0) || guardian_ == address(0)
                || recipients_.platform == address(0) || recipients_.liquidityReserve == address(0)
                || recipients_.marketing == address(0) || recipients_.partners == address(0)
        ) revert ZeroAddress();
        if (
            schedule_.presaleStart >= schedule_.presaleEnd || schedule_.presaleEnd > schedule_.saleStart
                || schedule_.saleStart >= schedule_.saleEnd
        ) {
            revert InvalidSchedule(
                schedule_.presaleStart, schedule_.presaleEnd, schedule_.saleStart, schedule_.saleEnd
            );
        }
        if (schedule_.weekLength == 0) revert InvalidWeekLength();
        for (uint256 i; i < tiers_.length; ++i) {
            Tier memory tier = tiers_[i];
            bool ascending = i == 0 || (tier.minWei > tiers_[i - 1].minWei && tier.bonusBps > tiers_[i - 1].bonusBps);
            if (!ascending || tier.bonusBps == 0 || tier.bonusBps > BPS) {
                revert InvalidTier(i, tier.minWei, tier.bonusBps);
            }
            _tiers.push(tier);
        }

        _token = INeuroToken(token_);
        _complianceSigner = complianceSigner_;
        _secretCapCommitment = secretCapCommitment_;
        _presaleStart = schedule_.presaleStart;
        _presaleEnd = schedule_.presaleEnd;
        _saleStart = schedule_.saleStart;
        _saleEnd = schedule_.saleEnd;
        _weekLength = schedule_.weekLength;
        _platform = recipients_.platform;
        _liquidityReserve = recipients_.liquidityReserve;
        _marketing = recipients_.marketing;
        _partners = recipients_.partners;
        _guardian = guardian_;
        emit GuardianTransferred(address(0), guardian_);
        emit ComplianceSignerChanged(address(0), complianceSigner_);
    }

    // ------------------------------------------------------------------ actions

    /// @inheritdoc ITokenSale
    function buy(address beneficiary, Voucher calldata voucher, bytes calldata signature)
        external
        payable
        nonReentrant
        returns (uint256 tokens)
    {
        Phase current = phase();
        if (current != Phase.Presale && current != Phase.Sale) revert SaleNotActive(current);
        if (_paused) revert PurchasesPaused();
        if (msg.value == 0) revert ZeroPurchase();
        _checkVoucher(beneficiary, voucher, signature);

        Fill memory fill = _fillPurchase(current, msg.value);
        uint256 refundWei = _record(beneficiary, current, fill, voucher.nonce, voucher.limitWei);

        IERC20(address(_token)).safeTransfer(beneficiary, fill.tokens);
        if (refundWei != 0) {
            (bool ok,) = msg.sender.call{value: refundWei}("");
            if (!ok) revert RefundFailed(msg.sender, refundWei);
        }
        return fill.tokens;
    }

    /// @inheritdoc ITokenSale
    function revealCap(uint256 capWei, bytes32 salt) external {
        if (_secretCapCommitment == bytes32(0)) revert NoSecretCap();
        if (_finalized) revert AlreadyFinalized();
        if (_revealedEnd != 0) revert CapAlreadyRevealed();
        bytes32 computed = keccak256(abi.encode(capWei, salt));
        if (computed != _secretCapCommitment) revert CapCommitmentMismatch(computed, _secretCapCommitment);
        if (_weiRaised < capWei) revert CapNotReached(_weiRaised, capWei);

        uint64 graceEnd = uint64(block.timestamp) + CAP_REVEAL_GRACE;
        uint64 newEnd = graceEnd < _saleEnd ? graceEnd : _saleEnd;
        _revealedEnd = newEnd;
        _revealedCapWei = capWei;
        emit SecretCapRevealed(capWei, _weiRaised, newEnd, msg.sender);
    }

    /// @inheritdoc ITokenSale
    function finalize() external nonReentrant {
        if (_finalized) revert AlreadyFinalized();
        if (phase() != Phase.Ended) revert SaleNotEnded(endTime());
        _finalized = true;

        // The whole balance is split, not just weiRaised, so ETH force-sent to this contract
        // (selfdestruct, coinbase) is distributed rather than stuck.
        uint256 balance = address(this).balance;
        uint256 toLiquidity = balance * LIQUIDITY_BPS / BPS;
        uint256 toMarketing = balance * MARKETING_BPS / BPS;
        uint256 toPartners = balance * PARTNERS_BPS / BPS;
        // Each share rounds down; the platform takes its 40% plus the rounding dust (< 3 wei).
        uint256 toPlatform = balance - toLiquidity - toMarketing - toPartners;
        _credit(_platform, toPlatform);
        _credit(_liquidityReserve, toLiquidity);
        _credit(_marketing, toMarketing);
        _credit(_partners, toPartners);

        // Exactly the unsold allocation, not the balance: NTK sent here by mistake is not burned
        // (sweepTokens returns it). Capped by the balance in case the sale was under-funded at genesis.
        uint256 unsold = HARD_CAP_TOKENS - _tokensSold;
        uint256 held = _token.balanceOf(address(this));
        if (unsold > held) unsold = held;
        emit Finalized(_weiRaised, _tokensSold, unsold, msg.sender);
        if (unsold != 0) _token.burn(unsold);
    }

    /// @inheritdoc ITokenSale
    function sweepTokens() external nonReentrant {
        if (!_finalized) revert NotFinalized();
        uint256 stray = _token.balanceOf(address(this));
        if (stray == 0) revert NoStrayTokens();
        emit StrayTokensSwept(_platform, stray, msg.sender);
        IERC20(address(_token)).safeTransfer(_platform, stray);
    }

    /// @inheritdoc ITokenSale
    function withdraw() external nonReentrant {
        _withdraw(payable(msg.sender));
    }

    /// @inheritdoc ITokenSale
    function withdrawTo(address payable to) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        _withdraw(to);
    }

    /// @inheritdoc ITokenSale
    function sweep() external nonReentrant {
        if (!_finalized) revert NotFinalized();
        uint256 excess = address(this).balance - _totalWithdrawable;
        if (excess == 0) revert NothingToSweep();
        _credit(_platform, excess);
    }

    /// @inheritdoc ITokenSale
    function setPaused(bool paused_) external onlyGuardian {
        _paused = paused_;
        emit PauseChanged(paused_, msg.sender);
    }

    /// @inheritdoc ITokenSale
    function setComplianceSigner(address newSigner) external onlyGuardian {
        if (newSigner == address(0)) revert ZeroAddress();
        emit ComplianceSignerChanged(_complianceSigner, newSigner);
        _complianceSigner = newSigner;
    }

    /// @inheritdoc ITokenSale
    function transferGuardian(address newGuardian) external onlyGuardian {
        if (newGuardian == address(0)) revert ZeroAddress();
        emit GuardianTransferred(_guardian, newGuardian);
        _guardian = newGuardian;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ITokenSale
    function phase() public view returns (Phase) {
        if (_finalized) return Phase.Finalized;
        if (_tokensSold == HARD_CAP_TOKENS || block.timestamp >= endTime()) return Phase.Ended;
        if (block.timestamp < _presaleStart) return Phase.BeforePresale;
        if (block.timestamp < _presaleEnd) return Phase.Presale;
        if (block.timestamp < _saleStart) return Phase.BetweenPhases;
        return Phase.Sale;
    }

    /// @inheritdoc ITokenSale
    function currentBonusBps(uint256 weiAmount) external view returns (uint16) {
        return _bonusBps(phase(), weiAmount);
    }

    /// @inheritdoc ITokenSale
    function quote(uint256 weiAmount)
        external
        view
        returns (uint256 weiAccepted, uint256 refundWei, uint256 tokens, uint256 bonusTokens)
    {
        Phase current = phase();
        if (current != Phase.Presale && current != Phase.Sale) revert SaleNotActive(current);
        Fill memory fill = _fillPurchase(current, weiAmount);
        return (fill.weiAccepted, weiAmount - fill.weiAccepted, fill.tokens, fill.bonusTokens);
    }

    /// @inheritdoc ITokenSale
    function endTime() public view returns (uint64) {
        return _revealedEnd == 0 ? _saleEnd : _revealedEnd;
    }

    /// @inheritdoc ITokenSale
    function weiRaised() external view returns (uint256) {
        return _weiRaised;
    }

    /// @inheritdoc ITokenSale
    function tokensSold() external view returns (uint256) {
        return _tokensSold;
    }

    /// @inheritdoc ITokenSale
    function bonusTokensGiven() external view returns (uint256) {
        return _bonusTokensGiven;
    }

    /// @inheritdoc ITokenSale
    function contributionOf(address beneficiary) external view returns (uint256) {
        return _contributions[beneficiary];
    }

    /// @inheritdoc ITokenSale
    function voucherUsed(address beneficiary, uint256 nonce) external view returns (bool) {
        return _usedVouchers[beneficiary][nonce];
    }

    /// @inheritdoc ITokenSale
    function withdrawableOf(address account) external view returns (uint256) {
        return _withdrawable[account];
    }

    /// @inheritdoc ITokenSale
    function voucherDigest(Voucher calldata voucher) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    VOUCHER_TYPEHASH, voucher.payer, voucher.beneficiary, voucher.limitWei, voucher.nonce, voucher.expiry
                )
            )
        );
    }

    /// @inheritdoc ITokenSale
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc ITokenSale
    function schedule() external view returns (Schedule memory) {
        return Schedule(_presaleStart, _presaleEnd, _saleStart, _saleEnd, _weekLength);
    }

    /// @inheritdoc ITokenSale
    function presaleTiers() external view returns (Tier[] memory) {
        return _tiers;
    }

    /// @inheritdoc ITokenSale
    function recipients() external view returns (Recipients memory) {
        return Recipients(_platform, _liquidityReserve, _marketing, _partners);
    }

    /// @inheritdoc ITokenSale
    function complianceSigner() external view returns (address) {
        return _complianceSigner;
    }

    /// @inheritdoc ITokenSale
    function guardian() external view returns (address) {
        return _guardian;
    }

    /// @inheritdoc ITokenSale
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @inheritdoc ITokenSale
    function finalized() external view returns (bool) {
        return _finalized;
    }

    /// @inheritdoc ITokenSale
    function secretCapCommitment() external view returns (bytes32) {
        return _secretCapCommitment;
    }

    /// @inheritdoc ITokenSale
    function revealedCapWei() external view returns (uint256) {
        return _revealedCapWei;
    }

    // ------------------------------------------------------------------ internals

    function _checkVoucher(address beneficiary, Voucher calldata voucher, bytes calldata signature) private view {
        if (block.timestamp > voucher.expiry) revert VoucherExpired(voucher.expiry, block.timestamp);
        if (voucher.payer != msg.sender) revert VoucherPayerMismatch(voucher.payer, msg.sender);
        if (voucher.beneficiary != beneficiary) revert VoucherBeneficiaryMismatch(voucher.beneficiary, beneficiary);
        // tryRecover so a malformed signature reports as a wrong signer instead of a bare revert.
        (address recovered,,) = ECDSA.tryRecover(voucherDigest(voucher), signature);
        if (recovered != _complianceSigner) revert InvalidVoucherSignature(recovered, _complianceSigner);
        if (_usedVouchers[beneficiary][voucher.nonce]) revert VoucherAlreadyUsed(beneficiary, voucher.nonce);
    }

    /// @dev Presale: the highest tier whose threshold the purchase strictly exceeds. Public sale:
    /// +15% in week 0, +10% in week 1, +5% in week 2, nothing after. Weeks count from saleStart.
    function _bonusBps(Phase current, uint256 weiAmount) private view returns (uint16) {
        if (current == Phase.Presale) {
            for (uint256 i = _tiers.length; i != 0; --i) {
                Tier storage tier = _tiers[i - 1];
                if (weiAmount > tier.minWei) return tier.bonusBps;
            }
            return 0;
        }
        if (current == Phase.Sale) {
            uint256 week = (block.timestamp - _saleStart) / _weekLength;
            if (week == 0) return 1_500;
            if (week == 1) return 1_000;
            if (week == 2) return 500;
        }
        return 0;
    }

    /// @dev Fills a purchase with the bonus the ACCEPTED wei earns. In the public sale the bonus
    /// depends only on the week. In the presale, a purchase cut by the hard cap would otherwise get
    /// the tier of everything it sent (10,000 ETH + 1 wei buying the last 95 ETH at +5%); instead the
    /// tiers are tried from the one `weiAmount` reaches downwards and the first whose threshold the
    /// accepted wei (at that tier's rate) exceeds applies. Only the cap-crossing purchase loops.
    function _fillPurchase(Phase current, uint256 weiAmount) private view returns (Fill memory fill) {
        fill = _fill(weiAmount, _bonusBps(current, weiAmount));
        if (current != Phase.Presale || fill.weiAccepted == weiAmount || fill.bonusBps == 0) return fill;
        for (uint256 i = _tiers.length; i != 0; --i) {
            Tier storage tier = _tiers[i - 1];
            if (tier.bonusBps > fill.bonusBps) continue; // above the tier the sent amount reaches
            Fill memory candidate = _fill(weiAmount, tier.bonusBps);
            if (candidate.weiAccepted > tier.minWei) return candidate;
        }
        return _fill(weiAmount, 0);
    }

    /// @dev Fills a purchase of `weiAmount` at `bonusBps` against the tokens left under the hard cap.
    /// Bonus tokens round down (against the buyer). When the cap cuts the purchase, the buyer pays
    /// the least wei whose tokens cover what is left (rounded up, so the sale never gives tokens
    /// for free) and receives exactly what is left; the rest of `weiAmount` is refunded.
    function _fill(uint256 weiAmount, uint16 bonusBps) private view returns (Fill memory fill) {
        fill.bonusBps = bonusBps;
        uint256 left = HARD_CAP_TOKENS - _tokensSold;
        uint256 baseTokens = weiAmount * TOKENS_PER_ETH;
        fill.bonusTokens = baseTokens * bonusBps / BPS;
        fill.tokens = baseTokens + fill.bonusTokens;
        fill.weiAccepted = weiAmount;
        if (fill.tokens <= left) return fill;

        uint256 ratePerWei = TOKENS_PER_ETH * (BPS + bonusBps); // token units per wei, scaled by BPS
        fill.weiAccepted = (left * BPS + ratePerWei - 1) / ratePerWei;
        fill.tokens = left;
        baseTokens = fill.weiAccepted * TOKENS_PER_ETH;
        // With a bonus the rounded-up wei can buy more base tokens than are left; then no bonus remains.
        fill.bonusTokens = baseTokens >= left ? 0 : left - baseTokens;
    }

    /// @dev Books a filled purchase: voucher use, contribution limit, counters and the event.
    function _record(address beneficiary, Phase current, Fill memory fill, uint256 nonce, uint256 limitWei)
        private
        returns (uint256 refundWei)
    {
        uint256 contributedBefore = _contributions[beneficiary];
        if (contributedBefore + fill.weiAccepted > limitWei) {
            revert ContributionLimitExceeded(
                fill.weiAccepted, limitWei > contributedBefore ? limitWei - contributedBefore : 0
            );
        }
        _usedVouchers[beneficiary][nonce] = true;
        _contributions[beneficiary] = contributedBefore + fill.weiAccepted;
        // Casts are safe: tokens are bounded by HARD_CAP_TOKENS and wei by the ETH supply.
        _tokensSold += uint128(fill.tokens);
        _bonusTokensGiven += uint128(fill.bonusTokens);
        _weiRaised += uint128(fill.weiAccepted);

        refundWei = msg.value - fill.weiAccepted;
        emit Purchased(
            msg.sender,
            beneficiary,
            current,
            fill.weiAccepted,
            refundWei,
            fill.tokens,
            fill.bonusTokens,
            fill.bonusBps,
            nonce
        );
    }

    /// @dev Pays the caller's whole credit to `to`; the state is cleared before the call.
    function _withdraw(address payable to) private {
        uint256 amount = _withdrawable[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _withdrawable[msg.sender] = 0;
        _totalWithdrawable -= amount;
        emit Withdrawn(msg.sender, to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert WithdrawFailed(to, amount);
    }

    function _credit(address account, uint256 amount) private {
        _withdrawable[account] += amount;
        _totalWithdrawable += amount;
        emit WithdrawalCredited(account, amount);
    }
}
