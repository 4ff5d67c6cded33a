// `npm start` on a fresh clone: the launcher imports the devkit's main entry before its plan has
// built the contracts and generated sdk/src/generated, so nothing that entry loads may need those
// files. (The checkouts tests run in always have them, so only this check can notice.)
import { describe, expect, it } from 'vitest'
import { runCommand } from './runCommand'

// A module resolution hook that fails any import of a generated sdk file, naming who asked.
const hook = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  if (resolved.url.includes('/sdk/src/generated/')) throw new Error('loads ' + resolved.url + ' (imported from ' + context.parentURL + ')')
  return resolved
}`
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)})`

describe("the launcher's imports", () => {
  it('load without the generated sdk files a fresh clone does not have yet', { timeout: 60_000 }, async () => {
    const { code, output } = await runCommand(process.execPath, [
      '--import',
      'tsx',
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      '--input-type=module',
      '-e',
      "await import('@neuromation/devkit'); await import('@neuromation/runtime'); console.log('loaded')",
    ])
    expect(output.trim().split('\n').at(-1), output).toBe('loaded')
    expect(code).toBe(0)
  })
})
