// Codegen leaves a generated file alone when its text would not change: `npm start`'s dApp dev
// server reloads the page on every write of a module it serves, and the test suites run codegen
// again and again beside it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, runCommand } from '@neuromation/devkit'
import { describe, expect, it } from 'vitest'

const generated = join(repoRoot, 'sdk', 'src', 'generated')

function snapshot(): Map<string, { text: string; mtimeMs: number }> {
  const files = new Map<string, { text: string; mtimeMs: number }>()
  for (const name of readdirSync(generated).filter((n) => n.endsWith('.ts'))) {
    const path = join(generated, name)
    files.set(name, { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs })
  }
  return files
}

describe('codegen', () => {
  it('does not rewrite a generated file whose text is unchanged', async () => {
    const { code, output } = await runCommand(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    expect(code, output).toBe(0)
    const before = snapshot()
    const again = await runCommand(process.execPath, ['--import', 'tsx', 'script/codegen.ts'], { cwd: repoRoot })
    expect(again.code, again.output).toBe(0)
    const after = snapshot()
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    let unchanged = 0
    for (const [name, file] of after) {
      // A suite deploying beside this test may add a chain in between: only equal text must keep its file.
      if (file.text !== before.get(name)?.text) continue
      expect(file.mtimeMs, name).toBe(before.get(name)?.mtimeMs)
      unchanged++
    }
    expect(unchanged).toBeGreaterThan(0)
  })
})
