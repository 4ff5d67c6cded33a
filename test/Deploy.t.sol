// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {Deploy} from "../script/Deploy.s.sol";
import {PlatformDeployer} from "../script/lib/PlatformDeployer.sol";
import {TokenSale} from "../contracts/TokenSale.sol";
import {BurnSchedule} from "../contracts/BurnSchedule.sol";

/// @notice The deploy script itself, run in-process: it writes every contract the deploy library
/// records (and nothing hand-listed) and refuses to deploy with a vault it cannot fund.
contract DeployTest is Test {
    using stdJson for string;

    /// One test, not two: the script reads its config from the environment, which tests running in
    /// parallel would share.
    /// First the review's finding: the script silently skipped vault funding when the deployer
    /// lacked the balance; now the whole deployment reverts, naming the funder (DEFAULT_SENDER,
    /// forge's broadcaster without a key, holds no NTK), its balance and the amount. Then, with a
    /// config that funds nothing, the file lists every recorded contract generically.
    function test_run_refusesAnUnfundableVault_thenWritesEveryRecordedContract() public {
        vm.setEnv("DEPLOY_CONFIG", "script/config/local.json"); // asks for 5M NTK in the vault
        Deploy script = new Deploy();
        vm.expectRevert(
            abi.encodeWithSelector(
                PlatformDeployer.VaultFundingUnaffordable.selector, DEFAULT_SENDER, 0, 5_000_000e18
            )
        );
        script.run();
        vm.stopBroadcast(); // the reverted run could not close its broadcast

        string memory config = vm.replace(
            vm.readFile("script/config/local.json"), '"vaultFunding": "5000000000000000000000000"', '"vaultFunding": "0"'
        );
        // DEFAULT_SENDER holds no NTK for the local market accounts either.
        config = vm.replace(config, '"amount": "10000000000000000000000"', '"amount": "0"');
        string memory configPath = string.concat(vm.projectRoot(), "/.data/test/deploy-test-config.json");
        string memory outPath = string.concat(vm.projectRoot(), "/.data/test/deploy-test-output.json");
        vm.createDir(string.concat(vm.projectRoot(), "/.data/test"), true);
        vm.writeFile(configPath, config);
        vm.setEnv("DEPLOY_CONFIG", configPath);
        vm.setEnv("DEPLOYMENT_FILE", outPath);
        new Deploy().run();

        string memory json = vm.readFile(outPath);
        assertEq(json.readUint(".chainId"), block.chainid);
        assertEq(json.readAddress(".complianceSigner"), 0x70997970C51812dc3A010C7d01b50e0d17dc79C8);
        string[] memory names = vm.parseJsonKeys(json, ".contracts");
        assertEq(names.length, 8, "every recorded contract");
        for (uint256 i; i < names.length; ++i) {
            string memory key = string.concat(".contracts.", names[i]);
            assertGt(json.readAddress(string.concat(key, ".address")).code.length, 0, names[i]);
            assertEq(json.readUint(string.concat(key, ".startBlock")), json.readUint(".startBlock"));
        }
        assertEq(json.readString(".contracts.TeamVesting.artifact"), "NeuroVestingWallet");
        assertEq(json.readString(".contracts.TokenSale.artifact"), "TokenSale");
        TokenSale sale = TokenSale(payable(json.readAddress(".contracts.TokenSale.address")));
        assertEq(sale.token(), json.readAddress(".contracts.NeuroToken.address"));
        BurnSchedule schedule = BurnSchedule(json.readAddress(".contracts.BurnSchedule.address"));
        assertEq(schedule.token(), sale.token());
        assertEq(schedule.leftoverRecipient(), 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266);
        assertEq(schedule.vaultBalance(), 0);
    }
}
