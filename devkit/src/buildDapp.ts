import { join } from 'node:path'
import { PlatformError } from './PlatformError'
import { repoRoot } from './repoRoot'
import { runCommand } from './runCommand'

export const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js')

/** `vite build` of the dApp into `outDir` with the given VITE_* (and DAPP_PORT) environment. */
export async function buildDapp(outDir: string, env: Record<string, string>): Promise<void> {
  const build = await runCommand(process.execPath, [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: join(repoRoot, 'dapp'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  })
  if (build.code !== 0) {
    throw new PlatformError(`vite build of the dApp failed (exit ${build.code}).`, { service: 'dapp', logTail: build.output.trim().split('\n').slice(-25) })
  }
}
