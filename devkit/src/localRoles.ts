// The sdk's localChain subpath, not its entry point: the devkit deploys before codegen has generated the ABIs.
import { anvilAccounts } from '@neuromation/sdk/localChain'
import { localExecutors } from './services/executorService'

/**
 * Roles of the anvil accounts in script/config/local.json. `buyers` are the accounts funded for
 * the sale scenarios; under `npm start` the first three of them also run the local executors
 * (`executors`), so a wallet should buy or post jobs with #5.
 */
export const localRoles = {
  deployer: anvilAccounts[0],
  complianceSigner: anvilAccounts[1],
  buyers: anvilAccounts.slice(2, 6),
  executors: localExecutors.map((e) => anvilAccounts[e.account]),
  requester: anvilAccounts[5],
} as const
