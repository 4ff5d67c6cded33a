// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {PlatformDeployer} from "../../script/lib/PlatformDeployer.sol";
import {NeuroToken} from "../../contracts/NeuroToken.sol";
import {NeuroVestingWallet} from "../../contracts/NeuroVestingWallet.sol";
import {TokenSale} from "../../contracts/TokenSale.sol";
import {BurnSchedule} from "../../contracts/BurnSchedule.sol";
import {NodeRegistry} from "../../contracts/NodeRegistry.sol";
import {JobMarket} from "../../contracts/JobMarket.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";
import {ITokenSale} from "../../contracts/interfaces/ITokenSale.sol";

/// @notice Deploys the whole platform with script/lib/PlatformDeployer.sol, the library
/// script/Deploy.s.sol uses, with a compliance signer whose key the tests hold so they can sign
/// vouchers.
/// The timeline is production-shaped (7-day bonus weeks) and anchored at a fixed T0 so the
/// boundary tests can name exact seconds.
abstract contract SaleFixture is Test {
    // ------------------------------------------------------------ genesis (expected values, written
    // out independently of the deploy library so a change there fails the tests)
    uint256 internal constant GENESIS_SUPPLY = 100_000_000e18;
    uint256 internal constant SALE_ALLOCATION = 60_000_000e18;
    uint256 internal constant TEAM_ALLOCATION = 12_000_000e18;
    uint256 internal constant PARTNERS_ALLOCATION = 12_000_000e18;
    uint256 internal constant LIQUIDITY_ALLOCATION = 10_000_000e18;
    uint256 internal constant RESEARCHERS_ALLOCATION = 6_000_000e18;
    bytes32 internal constant PURPOSE_SALE = "sale";
    bytes32 internal constant PURPOSE_TEAM = "team";
    bytes32 internal constant PURPOSE_PARTNERS = "partners";
    bytes32 internal constant PURPOSE_LIQUIDITY = "liquidity";
    bytes32 internal constant PURPOSE_RESEARCHERS = "researchers";

    // ------------------------------------------------------------ timeline
    uint64 internal constant T0 = 1_750_000_000;
    uint64 internal constant PRESALE_START = T0 + 1 days;
    uint64 internal constant PRESALE_END = PRESALE_START + 14 days;
    /// A 3-day gap between the windows so BetweenPhases is observable.
    uint64 internal constant SALE_START = PRESALE_END + 3 days;
    uint64 internal constant WEEK = 7 days;
    /// Five bonus weeks: 15%, 10%, 5%, then two weeks at 0%.
    uint64 internal constant SALE_END = SALE_START + 5 * WEEK;

    uint64 internal constant VESTING_START = SALE_END;
    uint64 internal constant VESTING_CLIFF = 365 days;
    uint64 internal constant VESTING_DURATION = 4 * 365 days;

    uint64 internal constant EPOCH0 = SALE_END + 30 days;
    uint64 internal constant EPOCH1 = EPOCH0 + 90 days;
    uint64 internal constant EPOCH2 = EPOCH1 + 90 days;
    uint16 internal constant RATE0 = 3_000;
    uint16 internal constant RATE1 = 2_000;
    uint16 internal constant RATE2 = 1_000;

    // ------------------------------------------------------------ secret cap
    uint256 internal constant SECRET_CAP_WEI = 20_000 ether;
    bytes32 internal constant SECRET_CAP_SALT = keccak256("neuromation-test-secret-cap-salt");

    // ------------------------------------------------------------ EIP-712 (computed independently of the sale)
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant VOUCHER_TYPEHASH =
        keccak256("Voucher(address payer,address beneficiary,uint256 limitWei,uint256 nonce,uint64 expiry)");

    // ------------------------------------------------------------ deployed system
    NeuroToken internal token;
    TokenSale internal sale;
    BurnSchedule internal burnSchedule;
    NeuroVestingWallet internal teamVesting;
    NeuroVestingWallet internal partnersVesting;
    NeuroVestingWallet internal researchersVesting;
    NodeRegistry internal nodeRegistry;
    JobMarket internal jobMarket;

    // ------------------------------------------------------------ actors
    Vm.Wallet internal signer;
    address internal guardian = makeAddr("guardian");
    address internal platform = makeAddr("platform");
    address internal liquidityReserve = makeAddr("liquidityReserve");
    address internal marketing = makeAddr("marketing");
    address internal partners = makeAddr("partners");
    address internal treasury = makeAddr("treasury");
    address internal teamBeneficiary = makeAddr("teamBeneficiary");
    address internal partnersBeneficiary = makeAddr("partnersBeneficiary");
    address internal researchersBeneficiary = makeAddr("researchersBeneficiary");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    /// Next voucher nonce handed out by the helpers; tests that need a fixed nonce pass their own.
    uint256 internal nextNonce = 1;

    function setUp() public virtual {
        vm.warp(T0);
        signer = vm.createWallet("complianceSigner");
        _deploySystem(keccak256(abi.encode(SECRET_CAP_WEI, SECRET_CAP_SALT)));
    }

    /// @dev Deploys (or redeploys) everything through the deploy script's own library, with the
    /// given secret-cap commitment.
    function _deploySystem(bytes32 capCommitment) internal {
        PlatformDeployer.Platform memory p = PlatformDeployer.deploy(_platformConfig(capCommitment), address(this));
        token = p.token;
        sale = p.sale;
        burnSchedule = p.burnSchedule;
        teamVesting = p.teamVesting;
        partnersVesting = p.partnersVesting;
        researchersVesting = p.researchersVesting;
        nodeRegistry = p.nodeRegistry;
        jobMarket = p.jobMarket;
        vm.label(address(nodeRegistry), "NodeRegistry");
        vm.label(address(jobMarket), "JobMarket");

        vm.label(address(token), "NeuroToken");
        vm.label(address(sale), "TokenSale");
        vm.label(address(burnSchedule), "BurnSchedule");
    }

    /// @dev The test platform: this timeline and these actors, the vault left unfunded.
    function _platformConfig(bytes32 capCommitment) internal view returns (PlatformDeployer.Config memory c) {
        c.schedule = _schedule();
        c.tiers = _tiers();
        c.recipients = _recipients();
        c.complianceSigner = signer.addr;
        c.guardian = guardian;
        c.secretCapCommitment = capCommitment;
        c.genesis = PlatformDeployer.Genesis({
            liquidityReserve: liquidityReserve,
            team: teamBeneficiary,
            partners: partnersBeneficiary,
            researchers: researchersBeneficiary
        });
        c.vesting = PlatformDeployer.Vesting({start: VESTING_START, cliff: VESTING_CLIFF, duration: VESTING_DURATION});
        c.burn.times = new uint64[](3);
        (c.burn.times[0], c.burn.times[1], c.burn.times[2]) = (EPOCH0, EPOCH1, EPOCH2);
        c.burn.ratesBps = new uint16[](3);
        (c.burn.ratesBps[0], c.burn.ratesBps[1], c.burn.ratesBps[2]) = (RATE0, RATE1, RATE2);
        c.burn.leftoverRecipient = treasury;
        c.market = _marketConfig();
    }

    // ------------------------------------------------------------ market (production-shaped windows)
    uint64 internal constant UNBONDING_DELAY = 14 days;
    uint32 internal constant PROOF_WINDOW = 1 days;
    uint32 internal constant VERIFY_COMMIT_WINDOW = 12 hours;
    uint32 internal constant VERIFY_REVEAL_WINDOW = 12 hours;
    uint32 internal constant REVEAL_WINDOW = 12 hours;
    uint32 internal constant MIN_CHALLENGE_WINDOW = 1 hours;
    uint32 internal constant MAX_CHALLENGE_WINDOW = 7 days;
    uint32 internal constant MIN_SECONDS_PER_TASK = 60;
    uint16 internal constant COMMISSION_BPS = 1_000;
    uint16 internal constant BURN_SHARE_BPS = 5_000;
    uint256 internal constant MIN_COLLATERAL = 1e18;
    address internal marketOwner = makeAddr("marketOwner");

    /// @dev The market as deployed in the tests: owned by `marketOwner`, fees to `treasury`, no
    /// local funding (fixtures fund their actors themselves).
    function _marketConfig() internal view returns (PlatformDeployer.Market memory m) {
        m.unbondingDelay = UNBONDING_DELAY;
        m.windows = IJobMarket.Windows({
            proofWindow: PROOF_WINDOW,
            verifyCommitWindow: VERIFY_COMMIT_WINDOW,
            verifyRevealWindow: VERIFY_REVEAL_WINDOW,
            revealWindow: REVEAL_WINDOW,
            minChallengeWindow: MIN_CHALLENGE_WINDOW,
            maxChallengeWindow: MAX_CHALLENGE_WINDOW,
            minSecondsPerTask: MIN_SECONDS_PER_TASK
        });
        m.commissionBps = COMMISSION_BPS;
        m.burnShareBps = BURN_SHARE_BPS;
        m.minCollateral = MIN_COLLATERAL;
        m.owner = marketOwner;
        m.treasury = treasury;
    }

    function _schedule() internal pure returns (ITokenSale.Schedule memory) {
        return ITokenSale.Schedule({
            presaleStart: PRESALE_START,
            presaleEnd: PRESALE_END,
            saleStart: SALE_START,
            saleEnd: SALE_END,
            weekLength: WEEK
        });
    }

    /// @dev The default tier table from DESIGN.md: >1,000 ETH +1% ... >10,000 ETH +5%.
    function _tiers() internal pure returns (ITokenSale.Tier[] memory tiers) {
        tiers = new ITokenSale.Tier[](5);
        tiers[0] = ITokenSale.Tier({minWei: 1_000 ether, bonusBps: 100});
        tiers[1] = ITokenSale.Tier({minWei: 2_000 ether, bonusBps: 200});
        tiers[2] = ITokenSale.Tier({minWei: 3_000 ether, bonusBps: 300});
        tiers[3] = ITokenSale.Tier({minWei: 5_000 ether, bonusBps: 400});
        tiers[4] = ITokenSale.Tier({minWei: 10_000 ether, bonusBps: 500});
    }

    function _recipients() internal view returns (ITokenSale.Recipients memory) {
        return ITokenSale.Recipients({
            platform: platform, liquidityReserve: liquidityReserve, marketing: marketing, partners: partners
        });
    }

    // ------------------------------------------------------------ vouchers

    function _voucher(address payer, address beneficiary, uint256 limitWei, uint256 nonce, uint64 expiry)
        internal
        pure
        returns (ITokenSale.Voucher memory)
    {
        return ITokenSale.Voucher({
            payer: payer, beneficiary: beneficiary, limitWei: limitWei, nonce: nonce, expiry: expiry
        });
    }

    /// @dev A voucher for `payer` buying for itself: no practical limit, valid to the sale's end.
    function _voucherFor(address payer) internal returns (ITokenSale.Voucher memory) {
        return _voucher(payer, payer, type(uint128).max, nextNonce++, SALE_END);
    }

    /// @dev The EIP-712 digest, built from the typehashes here rather than read from the sale, so a
    /// drift in the contract's encoding fails the tests.
    function _voucherDigest(ITokenSale.Voucher memory v, uint256 chainId, address verifyingContract)
        internal
        pure
        returns (bytes32)
    {
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("NeuroTokenSale"), keccak256("1"), chainId, verifyingContract)
        );
        bytes32 structHash =
            keccak256(abi.encode(VOUCHER_TYPEHASH, v.payer, v.beneficiary, v.limitWei, v.nonce, v.expiry));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }

    /// @dev Signs `v` for the current chain and sale with the compliance signer's key (65-byte r,s,v).
    function _sign(ITokenSale.Voucher memory v) internal view returns (bytes memory) {
        return _signWith(signer.privateKey, v, block.chainid);
    }

    function _signWith(uint256 privateKey, ITokenSale.Voucher memory v, uint256 chainId)
        internal
        view
        returns (bytes memory)
    {
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(privateKey, _voucherDigest(v, chainId, address(sale)));
        return abi.encodePacked(r, s, sv);
    }

    // ------------------------------------------------------------ buying

    /// @dev `payer` buys for itself with `value` wei (dealt to it first) and a fresh voucher.
    function _buy(address payer, uint256 value) internal returns (uint256 tokens) {
        ITokenSale.Voucher memory v = _voucherFor(payer);
        bytes memory signature = _sign(v);
        vm.deal(payer, payer.balance + value);
        vm.prank(payer);
        tokens = sale.buy{value: value}(payer, v, signature);
    }

    /// @dev Tokens a purchase of `weiAmount` earns at `bonusBps`, rounded down as the sale specifies.
    function _expectedTokens(uint256 weiAmount, uint16 bonusBps) internal pure returns (uint256) {
        uint256 base = weiAmount * 1_000;
        return base + base * bonusBps / 10_000;
    }

    // ------------------------------------------------------------ time

    function _warpToPresale() internal {
        vm.warp(PRESALE_START);
    }

    /// @dev First second of public-sale bonus week `week` (0-based).
    function _warpToWeek(uint256 week) internal {
        vm.warp(SALE_START + week * WEEK);
    }

    /// @dev Sells the whole cap in week 3 (no bonus), so 60,000 ETH buys exactly 60,000,000 NTK.
    function _sellOut(address buyer) internal {
        _warpToWeek(3);
        _buy(buyer, 60_000 ether);
    }
}
