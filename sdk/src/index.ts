// Package entry point of @neuromation/sdk: the generated contracts (ABIs, addresses by chain and
// name), typed contract actions, and the shared helpers (vouchers, phases, revert decoding).

// Typed contract actions in viem's (client, params) shape, the contract looked up by name.
export { type BuyTokensParameters, type BuyTokensReturnType, buyTokens } from './actions/buyTokens'
export { type CancelAskParameters, cancelAsk } from './actions/cancelAsk'
export { type CancelJobParameters, cancelJob } from './actions/cancelJob'
export { type ChallengeParameters, type ChallengeReturnType, challenge } from './actions/challenge'
export { type CommitResultParameters, commitResult } from './actions/commitResult'
export { type CommitVerificationParameters, commitVerification } from './actions/commitVerification'
export { type DeclineAssignmentParameters, declineAssignment } from './actions/declineAssignment'
export { type DrawVerifiersParameters, drawVerifiers } from './actions/drawVerifiers'
export { type ExecuteBurnEpochParameters, type ExecuteBurnEpochReturnType, executeBurnEpoch } from './actions/executeBurnEpoch'
export { type FinalizeJobParameters, finalizeJob } from './actions/finalizeJob'
export { type FinalizeSaleParameters, finalizeSale } from './actions/finalizeSale'
export {
  DEFAULT_MAX_ASSIGNMENTS,
  JOB_KINDS,
  type JobKindName,
  jobKind,
  VERIFICATIONS,
  type VerificationName,
  verification,
} from './actions/jobKind'
export { type MatchJobParameters, matchJob } from './actions/matchJob'
export type { NodeCapabilities } from './actions/NodeCapabilities'
export { type PlaceAskParameters, placeAsk } from './actions/placeAsk'
export { type JobParameters, type PostJobParameters, type PostJobReturnType, postJob, toJobParamsTuple } from './actions/postJob'
export { type ProveTaskParameters, proveTask } from './actions/proveTask'
export { readSaleState, type SaleState } from './actions/readSaleState'
export { type ReclaimParameters, reclaim } from './actions/reclaim'
export { type RegisterParameters, register } from './actions/register'
export { type RequestUnbondParameters, requestUnbond } from './actions/requestUnbond'
export { type ResolveChallengeParameters, resolveChallenge } from './actions/resolveChallenge'
export { type ResolveGroupParameters, resolveGroup } from './actions/resolveGroup'
export { type RevealResultParameters, revealResult } from './actions/revealResult'
export { type RevealVerificationParameters, revealVerification } from './actions/revealVerification'
export { type SettleParameters, type SettleReturnType, settle } from './actions/settle'
export { type Permit, type SignPermitParameters, signPermit } from './actions/signPermit'
export { type StakeParameters, stake } from './actions/stake'
export { type SubmitResultParameters, submitResult } from './actions/submitResult'
export { type UpdateNodeParameters, updateNode } from './actions/updateNode'
export { type WithdrawParameters, type WithdrawReturnType, withdraw } from './actions/withdraw'
export { type WithdrawSaleCreditParameters, withdrawSaleCredit } from './actions/withdrawSaleCredit'
export { type WithdrawUnbondedParameters, type WithdrawUnbondedReturnType, withdrawUnbonded } from './actions/withdrawUnbonded'
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
export {
  EXECUTOR_METADATA_FORMAT,
  type ExecutorMetadata,
  ExecutorMetadataError,
  encodeExecutorMetadata,
  executorMetadataSchema,
  MAX_EXECUTOR_METADATA_BYTES,
  parseExecutorMetadata,
} from './executorMetadata'
export {
  ASSIGNMENT_WORK_STATES,
  type AssignmentProgress,
  type AssignmentWorkState,
  EXECUTOR_STATUS_FORMAT,
  type ExecutorStatus,
  ExecutorStatusError,
  executorStatusSchema,
  MAX_EXECUTOR_STATUS_BYTES,
  parseExecutorStatus,
} from './executorStatus'
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
export { marketEnums } from './marketEnums'
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
export { nonceTaken } from './nonceTaken'
export * from './phase'
export type { ContractName, PlatformContract, PlatformContracts } from './platformContracts'
export { RAW_CID_MAX_BYTES, rawCid } from './rawCid'
export { readBodyCapped } from './readBodyCapped'
export { type RevertMessages, type RevertName, revertMessages } from './revertMessages'
export { toDeployment } from './toDeployment'
export * from './voucher'
