import { existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { PlatformError } from './PlatformError'
import { repoRoot } from './repoRoot'

/**
 * The command of a workspace's package.json script, run the way `npm run` runs it (sh -c in the
 * package directory, node_modules/.bin on PATH) but without an npm process in between: the
 * package stays the owner of how it starts, and a test platform saves npm's start-up per service.
 */
export function packageScript(
  workspace: string,
  script: string,
  env: NodeJS.ProcessEnv,
): { command: string; args: string[]; cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = join(repoRoot, workspace)
  const file = join(cwd, 'package.json')
  const scripts = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}) : {}
  const line = scripts[script]
  if (!line) {
    throw new PlatformError(`${workspace}/package.json has no "${script}" script, which the platform runs to start ${workspace}.`, {
      service: workspace,
      metaMessages: [`Add it back, or leave the service out with LAUNCH_SKIP=${workspace}.`],
    })
  }
  const bins = [join(cwd, 'node_modules', '.bin'), join(repoRoot, 'node_modules', '.bin')]
  return { command: 'sh', args: ['-c', line], cwd, env: { ...env, PATH: [...bins, env.PATH ?? process.env.PATH].join(delimiter) } }
}
