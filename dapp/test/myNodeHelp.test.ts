// The Executors page's "My node" form tells an operator which neuro-executor command measures the
// node: every command it names must be one the executor's CLI has (`neuro-executor --help`).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')

describe('My node help text', () => {
  it('names only commands neuro-executor has', () => {
    const help = execFileSync(process.execPath, [join(root, 'executor/bin/neuro-executor.mjs'), '--help'], { encoding: 'utf8' })
    const commands = new Set([...help.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]))
    expect(commands.has('init')).toBe(true)
    const source = readFileSync(join(root, 'dapp/src/routes/executors/MyNodeCard.tsx'), 'utf8')
    const named = [...source.matchAll(/<code>(?:neuro-executor )?([a-z-]+)[^<]*<\/code>/g)].map((m) => m[1])
    expect(named.length).toBeGreaterThan(0)
    for (const command of named) expect(commands, `"${command}" is not a neuro-executor command`).toContain(command)
  })
})
