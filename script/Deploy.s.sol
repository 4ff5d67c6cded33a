// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Script} from "forge-std/Script.sol";
// A script reports to its operator on the console.
// solhint-disable-next-line no-console
import {console} from "forge-std/console.sol";
import {VmSafe} from "forge-std/Vm.sol";
import {stdJson} from "forge-std/StdJson.sol";
import {PlatformDeployer} from "./lib/PlatformDeployer.sol";

/// @notice Deploys the platform (script/lib/PlatformDeployer.sol) from a deploy config and writes
/// every contract it recorded to `deployments/<chainId>.json` (or DEPLOYMENT_FILE):
///   { chainId, startBlock, anchor, complianceSigner,
///     contracts: { <Name>: { address, artifact, startBlock } } }
/// This writer knows no contract by name: a contract joins the file by being recorded in the library.
/// Local:  bin/forge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --broadcast \
///           --private-key <anvil key #0>
/// Public: DEPLOY_CONFIG=script/config/<network>.json bin/forge script script/Deploy.s.sol \
///           --rpc-url $RPC_URL --account <keystore name> --sender <address> --broadcast --verify
/// Manifest: a dry run (no --broadcast, no --rpc-url) with DEPLOY_MANIFEST=<path> writes the same
/// JSON with simulated addresses; script/codegen.ts reads the contract names and artifacts from it.
contract Deploy is Script {
    using stdJson for string;

    function run() external {
        string memory json = vm.readFile(vm.envOr("DEPLOY_CONFIG", string("script/config/local.json")));
        uint256 startBlock = block.number;
        uint64 anchor = uint64(json.readUint(".schedule.anchor"));
        if (anchor == 0) anchor = uint64(block.timestamp);
        PlatformDeployer.Config memory config = PlatformDeployer.fromJson(json, anchor);

        vm.startBroadcast();
        (, address deployer,) = vm.readCallers();
        PlatformDeployer.Platform memory platform = PlatformDeployer.deploy(config, deployer);
        vm.stopBroadcast();

        // A dry run deploys nothing, so it must not leave an addresses file behind; it writes only
        // the manifest codegen asked for.
        if (vm.isContext(VmSafe.ForgeContext.ScriptDryRun)) {
            string memory manifest = vm.envOr("DEPLOY_MANIFEST", string(""));
            if (bytes(manifest).length != 0) {
                _write(platform, startBlock, anchor, config.complianceSigner, manifest);
            } else {
                // solhint-disable-next-line no-console
                console.log("Dry run: deployments file not written (add --broadcast to deploy).");
            }
            return;
        }
        string memory path = vm.envOr(
            "DEPLOYMENT_FILE", string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json")
        );
        _write(platform, startBlock, anchor, config.complianceSigner, path);
    }

    /// @dev Every recorded contract gets the run's start block: the scripted transactions land in
    /// that block or later, so indexing from it misses none of their events.
    function _write(
        PlatformDeployer.Platform memory platform,
        uint256 startBlock,
        uint64 anchor,
        address complianceSigner,
        string memory path
    ) internal {
        string memory contracts = "{}";
        for (uint256 i; i < platform.contracts.length; ++i) {
            PlatformDeployer.Deployed memory d = platform.contracts[i];
            string memory key = string.concat("contract.", d.name);
            vm.serializeAddress(key, "address", d.addr);
            vm.serializeString(key, "artifact", d.artifact);
            string memory entry = vm.serializeUint(key, "startBlock", startBlock);
            contracts = vm.serializeString("contracts", d.name, entry);
        }

        string memory o = "deployment";
        vm.serializeUint(o, "chainId", block.chainid);
        vm.serializeUint(o, "startBlock", startBlock);
        vm.serializeUint(o, "anchor", anchor);
        vm.serializeAddress(o, "complianceSigner", complianceSigner);
        vm.writeJson(vm.serializeString(o, "contracts", contracts), path);
    }
}
