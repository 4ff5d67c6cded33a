import { join } from 'node:path'
import { repoRoot, run } from '../../script/lib/foundry'

export const viteBin = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js')

/** `vite build` of the dApp into `outDir` with the given VITE_* (and DAPP_PORT) environment. */
export async function buildDapp(outDir: string, env: Record<string, string>): Promise<void> {
  const build = await run(process.execPath, [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: join(repoRoot, 'dapp'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  })
  if (build.code !== 0) throw new Error(`vite build failed:\n${build.output}`)
}
