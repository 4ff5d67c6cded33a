// The sdk's localChain subpath, not its entry point: the devkit deploys before codegen has generated the ABIs.
import { anvilAccounts } from '@neuromation/sdk/localChain'

/** Roles of the anvil accounts in script/config/local.json. */
export const localRoles = {
  deployer: anvilAccounts[0],
  complianceSigner: anvilAccounts[1],
  buyers: anvilAccounts.slice(2, 6),
} as const
