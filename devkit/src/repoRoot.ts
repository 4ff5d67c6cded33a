import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: services run from here (forge resolves bin/solc and remappings from it). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The native Foundry binaries behind bin/ (the npm wrappers always exit 0, so they are never used). */
export const binPath = (tool: 'forge' | 'anvil' | 'cast') => join(repoRoot, 'bin', tool)
