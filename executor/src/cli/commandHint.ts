import { resolve } from 'node:path'
import { defaultConfigPath } from '../config'
import { shellQuote } from './shellQuote'

/** `neuro-executor <command> [args]` as the operator must type it for this node: `hint('stake', '<NTK>')`. */
export type CommandHint = (command: string, args?: string) => string

/**
 * The formatter of every "run this next" hint (init's next steps, start's refusals, status,
 * unstake). Commands find their config where the environment points (EXECUTOR_CONFIG, else
 * <EXECUTOR_DATA_DIR or ~/.neuro-executor>/config.json): a hint for a node whose config is
 * elsewhere (given with --config, or written there by init) carries `--config <path>`, or the
 * command the operator copies would read another node's config, or none.
 */
export function commandHint(configPath: string, givenEnv: NodeJS.ProcessEnv): CommandHint {
  const path = resolve(configPath)
  return withFlag(defaultConfigPath(givenEnv) === path ? '' : ` --config ${shellQuote(path)}`)
}

/** The hint for a node whose config is where commands look by default. */
export const plainCommandHint: CommandHint = withFlag('')

function withFlag(flag: string): CommandHint {
  return (command, args) => `neuro-executor ${command}${flag}${args ? ` ${args}` : ''}`
}
