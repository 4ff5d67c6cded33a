/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_CHAIN_ID?: string
  readonly VITE_RPC_URL?: string
  readonly VITE_INDEXER_URL?: string
  readonly VITE_SIGNER_URL?: string
  readonly VITE_GATEWAY_URL?: string
  readonly VITE_GENERATORS?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
