// A service's one reader of the environment: parse it with a zod schema whose keys are the
// variable names (built from `env.*`), and fail with ONE ConfigError listing every problem as
// `NAME="value" <what is wrong>; <the fix>.` Secrets are never echoed and URLs show only their
// origin, so the error can go to logs as is.
import { existsSync, readFileSync } from 'node:fs'
import { parseEnv } from 'node:util'
import type { z } from 'zod'
import { ConfigError } from './ConfigError'
import type { EnvDisplay, EnvIssueParams } from './env'
import { redactUrl } from './redactUrl'

export type LoadConfigOptions = {
  /**
   * A dotenv file (`NAME=value` lines) read before `env`; variables set in `env` win. A missing
   * file is skipped, so `.env` can be optional.
   */
  envFile?: string
  /** Heads the list of problems, e.g. "Invalid signer configuration (see signer/.env.example)". */
  title?: string
}

type Env = Record<string, string | undefined>

// Variables handled by plain zod schemas (not env.*) still must not leak: judge them by name.
const secretName = /KEY|SECRET|PASSWORD|PASSPHRASE|TOKEN|MNEMONIC|CREDENTIAL/i
const urlName = /URL|URI|ENDPOINT|DSN/i

export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env, options: LoadConfigOptions = {}): z.output<S> {
  const merged: Env = { ...readEnvFile(options.envFile), ...env }
  const parsed = schema.safeParse(merged)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => describeIssue(issue, merged))
  throw new ConfigError(lines, { title: options.title ?? 'Invalid configuration' })
}

function readEnvFile(path: string | undefined): Env {
  if (!path || !existsSync(path)) return {}
  try {
    return parseEnv(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ConfigError(`Cannot read the env file ${path}: ${(error as Error).message}; fix its permissions or remove it.`, {
      cause: error,
    })
  }
}

function show(name: string, raw: string | undefined, display: EnvDisplay): string {
  if (raw === undefined || raw.trim() === '') return name
  if (display === 'hidden') return `${name} (value hidden)`
  return `${name}=${JSON.stringify(display === 'url' ? redactUrl(raw.trim()) : raw)}`
}

function describeIssue(issue: z.core.$ZodIssue, env: Env): string {
  const name = issue.path.length > 0 ? String(issue.path[0]) : undefined
  // A rule over several variables (a refine on the whole object) speaks for itself.
  if (name === undefined) return issue.message
  const raw = env[name]
  const params = (issue as { params?: Partial<EnvIssueParams> }).params
  if (params?.envProblem && params.envFix) {
    const display = params.envDisplay ?? 'plain'
    return `${show(name, raw, display)} ${params.envProblem}; ${params.envFix.replaceAll('{name}', name)}.`
  }
  const display: EnvDisplay = secretName.test(name) ? 'hidden' : urlName.test(name) ? 'url' : 'plain'
  if ((raw === undefined || raw.trim() === '') && issue.code === 'invalid_type') {
    return `${name} is not set; set it (see the .env.example of this service).`
  }
  return `${show(name, raw, display)}: ${issue.message}`
}
