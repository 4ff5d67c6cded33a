// Package entry point of @neuromation/sdk: the generated contracts (ABIs, addresses by chain and
// name), typed contract actions, and the shared helpers (vouchers, phases, revert decoding).

// Typed contract actions in viem's (client, params) shape, the contract looked up by name.
export { type BuyTokensParameters, type BuyTokensReturnType, buyTokens } from './actions/buyTokens'
export { type ExecuteBurnEpochParameters, type ExecuteBurnEpochReturnType, executeBurnEpoch } from './actions/executeBurnEpoch'
export { type FinalizeSaleParameters, finalizeSale } from './actions/finalizeSale'
export { readSaleState, type SaleState } from './actions/readSaleState'
export { type WithdrawSaleCreditParameters, withdrawSaleCredit } from './actions/withdrawSaleCredit'
export { ContractsNotDeployedError } from './ContractsNotDeployedError'
export {
  COMMIT_SECRET_MESSAGE,
  deriveCommitSecret,
  deriveSalt,
  type MessageSigner,
  resultCommitment,
  type SaltPurpose,
  verificationCommitment,
} from './commitment'
export { type Country, countries, countryCodes, countryName, isCountryCode } from './countries'
export type { Deployment, DeploymentFile } from './deployment'
export { deployments } from './deployments'
export { decodeRevert, describeError } from './describeError'
export * from './generated/abis'
export { contractAbis, contractArtifacts, contracts, deploymentInfo } from './generated/contracts'
export { getContract } from './getContract'
export { getContracts } from './getContracts'
export { getDeployment } from './getDeployment'
export {
  encodeJobSpec,
  JOB_SPEC_VERSION,
  type JobSpec,
  JobSpecError,
  type JsonValue,
  jobSpecSchema,
  MAX_SAMPLES_PER_TASK,
  parseJobSpec,
  taskSamples,
  unitsPerTask,
} from './jobSpec'
export { anvilAccounts, isLocalChain, localChainIds } from './localChain'
export {
  hashPair,
  merkleLeaf,
  merkleLeaves,
  merkleProof,
  merkleRoot,
  processProof,
  type TaskResult,
  verifyMerkleProof,
} from './merkle'
export * from './phase'
export type { ContractName, PlatformContract, PlatformContracts } from './platformContracts'
export { type RevertMessages, type RevertName, revertMessages } from './revertMessages'
export { toDeployment } from './toDeployment'
export * from './voucher'
