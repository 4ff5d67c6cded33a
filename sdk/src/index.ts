// Package entry point of @neuromation/sdk: generated ABIs and addresses plus shared helpers.
export * from './generated/abis'
export { deployments } from './generated/deployments'
export type { Deployment } from './deployment'
export { getDeployment } from './getDeployment'
export * from './voucher'
export * from './phase'
export { allAbis, decodeRevert, describeError } from './describeError'
export { anvilAccounts, isLocalChain, localChainIds } from './localChain'
