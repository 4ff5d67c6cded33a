// @neuromation/content: the content layer (IPFS). One ContentStore interface; an embedded Helia
// node with an HTTP gateway by default, a Kubo node when IPFS_RPC_URL is set. Node-only. The
// package entry point is its only barrel.
export { buildDag, checkEntries } from './buildDag'
export { CHUNK_SIZE, importerOptions, kuboAddOptions } from './cidOptions'
export type { AddOptions, ContentStore, DirectoryEntry, DirectoryInput, FetchOptions, GetOptions } from './ContentStore'
export { ContentError, type ContentErrorCode, isContentError } from './ContentError'
export { type HeliaStore, type HeliaStoreOptions, createHeliaStore } from './createHeliaStore'
export { type Gateway, type GatewayOptions, createGateway } from './createGateway'
export { gatewayUrlOf } from './gatewayUrlOf'
export { parseCid } from './parseCid'
