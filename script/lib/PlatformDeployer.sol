// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {NeuroToken} from "../../contracts/NeuroToken.sol";
import {NeuroVestingWallet} from "../../contracts/NeuroVestingWallet.sol";
import {TokenSale} from "../../contracts/TokenSale.sol";
import {BurnSchedule} from "../../contracts/BurnSchedule.sol";
import {NodeRegistry} from "../../contracts/NodeRegistry.sol";
import {JobMarket} from "../../contracts/JobMarket.sol";
import {ITokenSale} from "../../contracts/interfaces/ITokenSale.sol";
import {IJobMarket} from "../../contracts/interfaces/IJobMarket.sol";

/// @title PlatformDeployer
/// @notice The one assembly of the platform's contracts, called by `script/Deploy.s.sol` (real
/// chains) and by the forge test fixtures (test/utils/SaleFixture.sol), so the tests exercise
/// exactly what gets deployed. Every deployed contract is recorded in `Platform.contracts` (name,
/// Solidity artifact, address); the deploy script writes `deployments/<chainId>.json` from that
/// list and `script/codegen.ts` turns it into the sdk's typed `contracts` object. Adding a contract
/// to the platform is a change here (deploy it and `_record` it) and nowhere else in this layer.
library PlatformDeployer {
    using stdJson for string;

    /// forge's cheatcode address; the library's internal functions run in the caller's context.
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// The genesis split of NeuroToken.GENESIS_SUPPLY (100M NTK): 60/12/12/10/6 percent.
    uint256 internal constant SALE_ALLOCATION = 60_000_000e18;
    uint256 internal constant TEAM_ALLOCATION = 12_000_000e18;
    uint256 internal constant PARTNERS_ALLOCATION = 12_000_000e18;
    uint256 internal constant LIQUIDITY_ALLOCATION = 10_000_000e18;
    uint256 internal constant RESEARCHERS_ALLOCATION = 6_000_000e18;

    /// @notice The token mints to the sale at construction, so the sale's address is predicted from
    /// the deployer's nonce; a different address means another transaction slipped in between.
    error SaleAddressMispredicted(address predicted, address actual);
    /// @notice The config asks the deployer to fund the burn vault with more NTK than it holds.
    /// Lower `burn.vaultFunding` (0 = the treasury funds it later) or deploy from the reserve holder.
    error VaultFundingUnaffordable(address funder, uint256 balance, uint256 amount);
    /// @notice The config asks the deployer to fund local market accounts with more NTK than it
    /// holds. Lower `market.localFunding.amount` (0 = none) or deploy from the reserve holder.
    error MarketFundingUnaffordable(address funder, uint256 balance, uint256 amount);

    /// @notice Beneficiaries of the genesis allocations that do not go to the sale.
    struct Genesis {
        address liquidityReserve;
        address team;
        address partners;
        address researchers;
    }

    /// @notice Vesting of the team, partners and researchers allocations (unix seconds).
    struct Vesting {
        uint64 start;
        uint64 cliff;
        uint64 duration;
    }

    /// @notice The burn schedule's epochs and where its leftover goes.
    struct Burn {
        uint64[] times;
        uint16[] ratesBps;
        address leftoverRecipient;
        /// NTK the deployer moves into the vault right after deployment (0 = none).
        uint256 vaultFunding;
    }

    /// @notice The compute market: NodeRegistry and JobMarket parameters (GENERATE's terms; the
    /// other kinds start with the same and are closed for jobs) and, on a local chain only, the
    /// accounts the deployer funds so they can stake or post jobs at once (`fundingAmount` NTK
    /// each; 0 or no recipients = none).
    struct Market {
        uint64 unbondingDelay;
        IJobMarket.Windows windows;
        uint16 commissionBps;
        uint16 burnShareBps;
        uint256 minCollateral;
        address owner;
        address treasury;
        address[] funded;
        uint256 fundingAmount;
    }

    /// @notice Everything the platform's constructors need.
    struct Config {
        ITokenSale.Schedule schedule;
        ITokenSale.Tier[] tiers;
        ITokenSale.Recipients recipients;
        address complianceSigner;
        address guardian;
        bytes32 secretCapCommitment;
        Genesis genesis;
        Vesting vesting;
        Burn burn;
        Market market;
    }

    /// @notice One deployed contract: its name in the platform (several may share an artifact,
    /// e.g. TeamVesting and PartnersVesting are both NeuroVestingWallet) and its address.
    struct Deployed {
        string name;
        string artifact;
        address addr;
    }

    /// @notice The deployed platform, typed for Solidity callers and listed for generic writers.
    struct Platform {
        NeuroToken token;
        TokenSale sale;
        BurnSchedule burnSchedule;
        NeuroVestingWallet teamVesting;
        NeuroVestingWallet partnersVesting;
        NeuroVestingWallet researchersVesting;
        NodeRegistry nodeRegistry;
        JobMarket jobMarket;
        Deployed[] contracts;
    }

    /// @notice Deploys the whole platform from `deployer` (the broadcaster in a script, the test
    /// contract in a fixture), then funds the burn vault when `c.burn.vaultFunding` is set.
    function deploy(Config memory c, address deployer) internal returns (Platform memory p) {
        p.teamVesting =
            new NeuroVestingWallet(c.genesis.team, c.vesting.start, c.vesting.duration, c.vesting.cliff);
        _record(p, "TeamVesting", type(NeuroVestingWallet).name, address(p.teamVesting));
        p.partnersVesting =
            new NeuroVestingWallet(c.genesis.partners, c.vesting.start, c.vesting.duration, c.vesting.cliff);
        _record(p, "PartnersVesting", type(NeuroVestingWallet).name, address(p.partnersVesting));
        p.researchersVesting = new NeuroVestingWallet(
            c.genesis.researchers, c.vesting.start, c.vesting.duration, c.vesting.cliff
        );
        _record(p, "ResearchersVesting", type(NeuroVestingWallet).name, address(p.researchersVesting));

        // The sale is the CREATE right after the token's.
        address predictedSale = VM.computeCreateAddress(deployer, VM.getNonce(deployer) + 1);
        p.token =
            new NeuroToken(_genesisRecipients(c, p, predictedSale), _genesisAmounts(), _genesisPurposes());
        _record(p, "NeuroToken", type(NeuroToken).name, address(p.token));
        p.sale = new TokenSale(
            address(p.token),
            c.schedule,
            c.tiers,
            c.recipients,
            c.complianceSigner,
            c.guardian,
            c.secretCapCommitment
        );
        if (address(p.sale) != predictedSale) revert SaleAddressMispredicted(predictedSale, address(p.sale));
        _record(p, "TokenSale", type(TokenSale).name, address(p.sale));

        p.burnSchedule =
            new BurnSchedule(address(p.token), c.burn.times, c.burn.ratesBps, c.burn.leftoverRecipient);
        _record(p, "BurnSchedule", type(BurnSchedule).name, address(p.burnSchedule));

        if (c.burn.vaultFunding != 0) _fundBurnVault(p, c.burn.vaultFunding, deployer);

        _deployMarket(c.market, p, deployer);
        if (c.market.fundingAmount != 0 && c.market.funded.length != 0) {
            _fundMarketAccounts(c.market, p, deployer);
        }
    }

    /// @dev The registry is owned by the deployer until the market is set (once), then handed to
    /// the configured owner (who accepts: Ownable2Step).
    function _deployMarket(Market memory m, Platform memory p, address deployer) private {
        p.nodeRegistry = new NodeRegistry(address(p.token), deployer, m.unbondingDelay);
        _record(p, "NodeRegistry", type(NodeRegistry).name, address(p.nodeRegistry));
        p.jobMarket = new JobMarket(
            address(p.token),
            address(p.nodeRegistry),
            address(p.burnSchedule),
            m.treasury,
            m.owner,
            m.windows,
            m.commissionBps,
            m.burnShareBps,
            m.minCollateral
        );
        _record(p, "JobMarket", type(JobMarket).name, address(p.jobMarket));
        p.nodeRegistry.setMarket(address(p.jobMarket));
        if (m.owner != deployer) p.nodeRegistry.transferOwnership(m.owner);
    }

    /// @dev Local chains only (the public config lists nobody): executors and a demo requester
    /// get NTK from the deployer's reserve. Fails loudly like the vault funding.
    function _fundMarketAccounts(Market memory m, Platform memory p, address funder) private {
        uint256 total = m.fundingAmount * m.funded.length;
        uint256 balance = p.token.balanceOf(funder);
        if (balance < total) revert MarketFundingUnaffordable(funder, balance, total);
        for (uint256 i; i < m.funded.length; ++i) {
            p.token.transfer(m.funded[i], m.fundingAmount);
        }
    }

    /// @notice Reads a deploy config (script/config/*.json); offsets are seconds after `anchor`.
    function fromJson(string memory json, uint64 anchor) internal view returns (Config memory c) {
        uint64 presaleStart = anchor + uint64(json.readUint(".schedule.presaleOffset"));
        uint64 saleStart = anchor + uint64(json.readUint(".schedule.saleOffset"));
        c.schedule = ITokenSale.Schedule({
            presaleStart: presaleStart,
            presaleEnd: presaleStart + uint64(json.readUint(".schedule.presaleDuration")),
            saleStart: saleStart,
            saleEnd: saleStart + uint64(json.readUint(".schedule.saleDuration")),
            weekLength: uint64(json.readUint(".schedule.weekLength"))
        });

        uint256[] memory minWei = json.readUintArray(".presaleTiers.minWei");
        uint256[] memory bonusBps = json.readUintArray(".presaleTiers.bonusBps");
        c.tiers = new ITokenSale.Tier[](minWei.length);
        for (uint256 i; i < minWei.length; ++i) {
            c.tiers[i] = ITokenSale.Tier({minWei: minWei[i], bonusBps: uint16(bonusBps[i])});
        }

        c.recipients = ITokenSale.Recipients({
            platform: json.readAddress(".recipients.platform"),
            liquidityReserve: json.readAddress(".recipients.liquidityReserve"),
            marketing: json.readAddress(".recipients.marketing"),
            partners: json.readAddress(".recipients.partners")
        });
        c.complianceSigner = json.readAddress(".complianceSigner");
        c.guardian = json.readAddress(".guardian");
        c.secretCapCommitment = json.readBytes32(".secretCapCommitment");
        c.genesis = Genesis({
            liquidityReserve: json.readAddress(".genesis.liquidityReserve"),
            team: json.readAddress(".genesis.team"),
            partners: json.readAddress(".genesis.partners"),
            researchers: json.readAddress(".genesis.researchers")
        });
        c.vesting = Vesting({
            start: anchor + uint64(json.readUint(".vesting.startOffset")),
            cliff: uint64(json.readUint(".vesting.cliff")),
            duration: uint64(json.readUint(".vesting.duration"))
        });

        c.burn = _burnFromJson(json, anchor);
        c.market = marketFromJson(json);
    }

    /// @dev The `burn` section; epoch offsets are seconds after `anchor`.
    function _burnFromJson(string memory json, uint64 anchor) private view returns (Burn memory b) {
        uint256[] memory offsets = json.readUintArray(".burn.epochOffsets");
        uint256[] memory rates = json.readUintArray(".burn.ratesBps");
        b.times = new uint64[](offsets.length);
        b.ratesBps = new uint16[](rates.length);
        for (uint256 i; i < offsets.length; ++i) {
            b.times[i] = anchor + uint64(offsets[i]);
        }
        for (uint256 i; i < rates.length; ++i) {
            b.ratesBps[i] = uint16(rates[i]);
        }
        b.leftoverRecipient = json.readAddress(".burn.leftoverRecipient");
        b.vaultFunding = json.readUintOr(".burn.vaultFunding", 0);
    }

    /// @notice Reads the `market` section of a deploy config.
    function marketFromJson(string memory json) internal view returns (Market memory m) {
        m.unbondingDelay = uint64(json.readUint(".market.unbondingDelay"));
        m.windows = IJobMarket.Windows({
            proofWindow: uint32(json.readUint(".market.windows.proofWindow")),
            verifyCommitWindow: uint32(json.readUint(".market.windows.verifyCommitWindow")),
            verifyRevealWindow: uint32(json.readUint(".market.windows.verifyRevealWindow")),
            revealWindow: uint32(json.readUint(".market.windows.revealWindow")),
            minChallengeWindow: uint32(json.readUint(".market.windows.minChallengeWindow")),
            maxChallengeWindow: uint32(json.readUint(".market.windows.maxChallengeWindow")),
            minSecondsPerTask: uint32(json.readUint(".market.windows.minSecondsPerTask"))
        });
        m.commissionBps = uint16(json.readUint(".market.commissionBps"));
        m.burnShareBps = uint16(json.readUint(".market.burnShareBps"));
        m.minCollateral = json.readUint(".market.minCollateral");
        m.owner = json.readAddress(".market.owner");
        m.treasury = json.readAddress(".market.treasury");
        m.funded = json.readAddressArrayOr(".market.localFunding.recipients", new address[](0));
        m.fundingAmount = json.readUintOr(".market.localFunding.amount", 0);
    }

    /// @dev Seeds the vault from the deployer's reserve. Fails loudly rather than skipping: a
    /// deployment whose config promises a funded vault must not come up with an empty one.
    function _fundBurnVault(Platform memory p, uint256 amount, address funder) private {
        uint256 balance = p.token.balanceOf(funder);
        if (balance < amount) revert VaultFundingUnaffordable(funder, balance, amount);
        p.token.approve(address(p.burnSchedule), amount);
        p.burnSchedule.fund(amount);
    }

    /// @dev Appends to the list of deployed contracts (memory arrays cannot grow in place).
    function _record(Platform memory p, string memory name, string memory artifact, address addr)
        private
        pure
    {
        Deployed[] memory grown = new Deployed[](p.contracts.length + 1);
        for (uint256 i; i < p.contracts.length; ++i) {
            grown[i] = p.contracts[i];
        }
        grown[p.contracts.length] = Deployed({name: name, artifact: artifact, addr: addr});
        p.contracts = grown;
    }

    function _genesisRecipients(Config memory c, Platform memory p, address sale)
        private
        pure
        returns (address[] memory to)
    {
        to = new address[](5);
        (to[0], to[1], to[2], to[3], to[4]) =
        (
            sale,
            address(p.teamVesting),
            address(p.partnersVesting),
            c.genesis.liquidityReserve,
            address(p.researchersVesting)
        );
    }

    function _genesisAmounts() private pure returns (uint256[] memory amounts) {
        amounts = new uint256[](5);
        (amounts[0], amounts[1], amounts[2], amounts[3], amounts[4]) =
        (SALE_ALLOCATION, TEAM_ALLOCATION, PARTNERS_ALLOCATION, LIQUIDITY_ALLOCATION, RESEARCHERS_ALLOCATION);
    }

    function _genesisPurposes() private pure returns (bytes32[] memory purposes) {
        purposes = new bytes32[](5);
        (purposes[0], purposes[1], purposes[2], purposes[3], purposes[4]) =
        (bytes32("sale"), bytes32("team"), bytes32("partners"), bytes32("liquidity"), bytes32("researchers"));
    }
}
