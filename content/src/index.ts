// @neuromation/content: the content layer (IPFS). One ContentStore interface; an embedded Helia
// node with an HTTP gateway by default, a Kubo node when IPFS_RPC_URL is set. Node-only. The
// package entry point is its only barrel.
// First: Helia and libp2p need Promise.withResolvers on Node 20 when their modules load.
import './installPolyfills'

export { buildDag, checkEntries } from './buildDag'
export { ContentError, type ContentErrorCode, isContentError } from './ContentError'
export type { AddOptions, ContentStore, DirectoryEntry, DirectoryInput, FetchOptions, GetOptions } from './ContentStore'
export { CHUNK_SIZE, importerOptions, kuboAddOptions } from './cidOptions'
export { createContentStore } from './createContentStore'
export { createGateway, type Gateway, type GatewayOptions } from './createGateway'
export { createHeliaStore, type HeliaStore, type HeliaStoreOptions } from './createHeliaStore'
export { createKuboStore, type KuboStore, type KuboStoreOptions } from './createKuboStore'
export { gatewayUrlOf } from './gatewayUrlOf'
export type { UploadLimits } from './handleUpload'
export { type ContentConfig, loadContentConfig } from './loadContentConfig'
export { parseCid } from './parseCid'
