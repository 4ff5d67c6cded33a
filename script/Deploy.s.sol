// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";
import {console} from "forge-std/console.sol";
import {VmSafe} from "forge-std/Vm.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {NeuroToken} from "../contracts/NeuroToken.sol";
import {NeuroVestingWallet} from "../contracts/NeuroVestingWallet.sol";
import {TokenSale} from "../contracts/TokenSale.sol";
import {BurnSchedule} from "../contracts/BurnSchedule.sol";
import {ITokenSale} from "../contracts/interfaces/ITokenSale.sol";

/// @notice Deploys the token, vesting wallets, sale and burn schedule from a deploy config and
/// writes the addresses to `deployments/<chainId>.json` (or DEPLOYMENT_FILE).
/// Local:  bin/forge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --broadcast \
///           --private-key <anvil key #0>
/// Public: DEPLOY_CONFIG=script/config/<network>.json bin/forge script script/Deploy.s.sol \
///           --rpc-url $RPC_URL --account <keystore name> --sender <address> --broadcast --verify
contract Deploy is Script {
    using stdJson for string;

    /// The genesis split of NeuroToken.GENESIS_SUPPLY (100M NTK): 60/12/12/10/6 percent.
    uint256 internal constant SALE_ALLOCATION = 60_000_000e18;
    uint256 internal constant TEAM_ALLOCATION = 12_000_000e18;
    uint256 internal constant PARTNERS_ALLOCATION = 12_000_000e18;
    uint256 internal constant LIQUIDITY_ALLOCATION = 10_000_000e18;
    uint256 internal constant RESEARCHERS_ALLOCATION = 6_000_000e18;

    error SaleAddressMispredicted(address predicted, address actual);

    struct Deployment {
        NeuroToken token;
        TokenSale sale;
        BurnSchedule burnSchedule;
        NeuroVestingWallet teamVesting;
        NeuroVestingWallet partnersVesting;
        NeuroVestingWallet researchersVesting;
    }

    function run() external returns (Deployment memory d) {
        string memory json = vm.readFile(vm.envOr("DEPLOY_CONFIG", string("script/config/local.json")));
        uint256 startBlock = block.number;
        uint64 anchor = uint64(json.readUint(".schedule.anchor"));
        if (anchor == 0) anchor = uint64(block.timestamp);

        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        d = _deploy(json, anchor, deployer);
        _fundBurnVault(json, d, deployer);
        vm.stopBroadcast();

        // A dry run (no --broadcast) deploys nothing, so it must not leave an addresses file behind.
        if (vm.isContext(VmSafe.ForgeContext.ScriptDryRun)) {
            console.log("Dry run: deployments file not written (add --broadcast to deploy).");
            return d;
        }
        _write(d, startBlock, anchor, json.readAddress(".complianceSigner"));
    }

    function _deploy(string memory json, uint64 anchor, address deployer) internal returns (Deployment memory d) {
        uint64 vestingStart = anchor + uint64(json.readUint(".vesting.startOffset"));
        uint64 cliff = uint64(json.readUint(".vesting.cliff"));
        uint64 duration = uint64(json.readUint(".vesting.duration"));
        d.teamVesting = new NeuroVestingWallet(json.readAddress(".genesis.team"), vestingStart, duration, cliff);
        d.partnersVesting = new NeuroVestingWallet(json.readAddress(".genesis.partners"), vestingStart, duration, cliff);
        d.researchersVesting =
            new NeuroVestingWallet(json.readAddress(".genesis.researchers"), vestingStart, duration, cliff);

        // The token mints to the sale at construction and the sale needs the token's address, so
        // the sale's address is predicted from the deployer's nonce (it is the next CREATE).
        address predictedSale = vm.computeCreateAddress(deployer, vm.getNonce(deployer) + 1);
        d.token = _deployToken(json, d, predictedSale);
        d.sale = _deploySale(json, address(d.token), anchor);
        if (address(d.sale) != predictedSale) revert SaleAddressMispredicted(predictedSale, address(d.sale));

        uint256[] memory offsets = json.readUintArray(".burn.epochOffsets");
        uint256[] memory rates = json.readUintArray(".burn.ratesBps");
        uint64[] memory times = new uint64[](offsets.length);
        uint16[] memory ratesBps = new uint16[](rates.length);
        for (uint256 i; i < offsets.length; ++i) times[i] = anchor + uint64(offsets[i]);
        for (uint256 i; i < rates.length; ++i) ratesBps[i] = uint16(rates[i]);
        d.burnSchedule = new BurnSchedule(address(d.token), times, ratesBps);
    }

    function _deployToken(string memory json, Deployment memory d, address sale) internal returns (NeuroToken) {
        address[] memory to = new address[](5);
        uint256[] memory amounts = new uint256[](5);
        bytes32[] memory purposes = new bytes32[](5);
        (to[0], amounts[0], purposes[0]) = (sale, SALE_ALLOCATION, "sale");
        (to[1], amounts[1], purposes[1]) = (address(d.teamVesting), TEAM_ALLOCATION, "team");
        (to[2], amounts[2], purposes[2]) = (address(d.partnersVesting), PARTNERS_ALLOCATION, "partners");
        (to[3], amounts[3], purposes[3]) =
            (json.readAddress(".genesis.liquidityReserve"), LIQUIDITY_ALLOCATION, "liquidity");
        (to[4], amounts[4], purposes[4]) = (address(d.researchersVesting), RESEARCHERS_ALLOCATION, "researchers");
        return new NeuroToken(to, amounts, purposes);
    }

    function _deploySale(string memory json, address token, uint64 anchor) internal returns (TokenSale) {
        return new TokenSale(
            token,
            _readSchedule(json, anchor),
            _readTiers(json),
            _readRecipients(json),
            json.readAddress(".complianceSigner"),
            json.readAddress(".guardian"),
            json.readBytes32(".secretCapCommitment")
        );
    }

    function _readSchedule(string memory json, uint64 anchor) internal pure returns (ITokenSale.Schedule memory) {
        uint64 presaleStart = anchor + uint64(json.readUint(".schedule.presaleOffset"));
        uint64 saleStart = anchor + uint64(json.readUint(".schedule.saleOffset"));
        return ITokenSale.Schedule({
            presaleStart: presaleStart,
            presaleEnd: presaleStart + uint64(json.readUint(".schedule.presaleDuration")),
            saleStart: saleStart,
            saleEnd: saleStart + uint64(json.readUint(".schedule.saleDuration")),
            weekLength: uint64(json.readUint(".schedule.weekLength"))
        });
    }

    function _readTiers(string memory json) internal pure returns (ITokenSale.Tier[] memory tiers) {
        uint256[] memory minWei = json.readUintArray(".presaleTiers.minWei");
        uint256[] memory bonusBps = json.readUintArray(".presaleTiers.bonusBps");
        tiers = new ITokenSale.Tier[](minWei.length);
        for (uint256 i; i < minWei.length; ++i) {
            tiers[i] = ITokenSale.Tier({minWei: minWei[i], bonusBps: uint16(bonusBps[i])});
        }
    }

    function _readRecipients(string memory json) internal pure returns (ITokenSale.Recipients memory) {
        return ITokenSale.Recipients({
            platform: json.readAddress(".recipients.platform"),
            liquidityReserve: json.readAddress(".recipients.liquidityReserve"),
            marketing: json.readAddress(".recipients.marketing"),
            partners: json.readAddress(".recipients.partners")
        });
    }

    /// Seeds the buy-back-and-burn vault from the deployer's reserve, when the config asks for it
    /// and the deployer holds the reserve (true locally; on public chains the treasury funds it).
    function _fundBurnVault(string memory json, Deployment memory d, address deployer) internal {
        uint256 amount = json.readUintOr(".burn.vaultFunding", 0);
        if (amount == 0 || d.token.balanceOf(deployer) < amount) return;
        d.token.approve(address(d.burnSchedule), amount);
        d.burnSchedule.fund(amount);
    }

    function _write(Deployment memory d, uint256 startBlock, uint64 anchor, address signer) internal {
        string memory c = "contracts";
        vm.serializeAddress(c, "NeuroToken", address(d.token));
        vm.serializeAddress(c, "TokenSale", address(d.sale));
        vm.serializeAddress(c, "BurnSchedule", address(d.burnSchedule));
        vm.serializeAddress(c, "TeamVesting", address(d.teamVesting));
        vm.serializeAddress(c, "PartnersVesting", address(d.partnersVesting));
        string memory contracts = vm.serializeAddress(c, "ResearchersVesting", address(d.researchersVesting));

        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeUint(o, "startBlock", startBlock);
        vm.serializeUint(o, "anchor", anchor);
        vm.serializeAddress(o, "complianceSigner", signer);
        string memory out = vm.serializeString(o, "contracts", contracts);

        string memory path = vm.envOr(
            "DEPLOYMENT_FILE", string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(out, path);
    }
}
