// Transitional: these helpers now live in @neuromation/devkit. Kept only so branches written
// against the old path still build while they are merged; import from '@neuromation/devkit'
// (and anvilAccounts from '@neuromation/sdk') instead, then delete this file.
export { anvilAccounts } from '@neuromation/sdk/localChain'
export {
  binPath,
  deploy,
  localRoles,
  repoRoot,
  rpcAnswers,
  rpcChainId,
  runCommand as run,
  sleep,
  startAnvil,
  stopProcess,
  type Anvil,
} from '@neuromation/devkit'
