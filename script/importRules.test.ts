// The import rules of .dependency-cruiser.cjs (DESIGN.md "Layout and boundaries") against a
// miniature repository of deliberate violations: each rule must fire where it should, and
// the allowed shapes (an app's own files, a package's own files, a generator using its SDK)
// must stay quiet. Guards the rules' regular expressions against edits that disarm them.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as IConfiguration

const files: Record<string, string> = {
  // Allowed: own files, and a generator using its SDK.
  'signer/src/main.ts': "import { ok } from './ok'\nexport const main = ok",
  'signer/src/ok.ts': 'export const ok = 1',
  'sdk/src/index.ts': "import { a } from './a'\nexport const sdk = a",
  'sdk/src/a.ts': 'export const a = 1',
  'generators/sdk/index.ts': 'export const rng = () => 4',
  'generators/digits/index.ts': "import { rng } from '../sdk/index'\nexport default rng",
  'devkit/src/startPlatform.ts': 'export const startPlatform = () => 1',
  'dapp/test/stackOk.test.ts': "import { startPlatform } from '../../devkit/src/startPlatform'\nexport const s = startPlatform",
  // Violations, one per rule.
  'runtime/src/cycleA.ts': "import { b } from './cycleB'\nexport const a = () => b",
  'runtime/src/cycleB.ts': "import { a } from './cycleA'\nexport const b = () => a",
  'runtime/src/intoApp.ts': "import { ok } from '../../signer/src/ok'\nexport const x = ok",
  'runtime/src/intoPackage.ts': "import { a } from '../../sdk/src/a'\nexport const x = a",
  'sdk/src/usesNode.ts': "import { readFileSync } from 'node:fs'\nexport const x = readFileSync",
  'sdk/src/usesRuntime.ts': "import { x } from '../../runtime/src/intoPackage'\nexport const y = x",
  'dapp/src/usesRuntime.ts': "import { x } from '../../runtime/src/intoPackage'\nexport const y = x",
  'indexer/test/intoOtherApp.ts': "import { ok } from '../../signer/src/ok'\nexport const x = ok",
  'signer/src/usesDevkit.ts': "import { startPlatform } from '../../devkit/src/startPlatform'\nexport const x = startPlatform",
  'generators/shapes/index.ts':
    "import { readFileSync } from 'node:fs'\nimport { a } from '../../sdk/src/a'\nexport default { readFileSync, a }",
  'bench/unresolved.ts': "import { x } from './doesNotExist'\nexport const y = x",
  'bench/intoAppFiles.ts': "import { indexer } from '../indexer/src/main'\nexport const x = indexer",
  'generators/shapes/src/shapes.test.ts':
    "import { a } from '../../../sdk/src/a'\nimport { rng } from '../../sdk/index'\nexport const t = [a, rng]",
  // By name through workspace links, as in the repository: allowed for packages, not for apps.
  'package.json': JSON.stringify({ name: 'mini', private: true, workspaces: ['sdk', 'runtime', 'signer', 'indexer', 'dapp'] }),
  'sdk/package.json': JSON.stringify({ name: '@neuromation/sdk', exports: { '.': './src/index.ts' } }),
  'runtime/package.json': JSON.stringify({ name: '@neuromation/runtime', exports: { '.': './src/index.ts' } }),
  'runtime/src/index.ts': 'export const runtime = 1',
  'indexer/package.json': JSON.stringify({
    name: '@neuromation/indexer',
    exports: { '.': './src/main.ts', './schema': './ponder.schema.ts' },
  }),
  'indexer/src/main.ts': 'export const indexer = 1',
  'indexer/ponder.schema.ts': 'export const schema = 1',
  'signer/src/byName.ts':
    "import { sdk } from '@neuromation/sdk'\nimport { runtime } from '@neuromation/runtime'\nexport const x = [sdk, runtime]",
  'signer/src/appByName.ts': "import { indexer } from '@neuromation/indexer'\nexport const x = indexer",
  'dapp/src/schemaByName.ts': "import { schema } from '@neuromation/indexer/schema'\nexport const x = schema",
  'dapp/src/runtimeByName.ts': "import { runtime } from '@neuromation/runtime'\nexport const x = runtime",
  // A bench measures an app through its entry, by name.
  'bench/appByName.ts': "import { indexer } from '@neuromation/indexer'\nexport const x = indexer",
}
const links = { sdk: 'sdk', runtime: 'runtime', indexer: 'indexer' }

let dir: string
let violations: { rule: string; from: string; to: string }[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'import-rules-'))
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), `${source}\n`)
  }
  mkdirSync(join(dir, 'node_modules', '@neuromation'), { recursive: true })
  for (const [name, target] of Object.entries(links))
    symlinkSync(join('..', '..', target), join(dir, 'node_modules', '@neuromation', name))
  const { tsConfig: _tsConfig, ...options } = config.options ?? {}
  const result = await cruise(
    Object.keys(files).filter((path) => path.endsWith('.ts')),
    {
      ...options,
      baseDir: dir,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
    },
  )
  violations = (result.output as ICruiseResult).summary.violations.map((violation) => ({
    rule: violation.rule.name,
    from: violation.from,
    to: violation.to,
  }))
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const fired = (rule: string) =>
  violations.filter((violation) => violation.rule === rule).map(({ from, to }) => `${from} -> ${to}`)

describe('.dependency-cruiser.cjs import rules', () => {
  it('find cycles', () => {
    expect(fired('no-circular')).toEqual(expect.arrayContaining(['runtime/src/cycleA.ts -> runtime/src/cycleB.ts']))
  })

  it('keep packages off apps and off each other’s files', () => {
    expect(fired('package-imports-no-app')).toEqual(['runtime/src/intoApp.ts -> signer/src/ok.ts'])
    expect(fired('package-imports-packages-by-name')).toEqual(
      expect.arrayContaining([
        'runtime/src/intoPackage.ts -> sdk/src/a.ts',
        'sdk/src/usesRuntime.ts -> runtime/src/intoPackage.ts',
      ]),
    )
  })

  it('keep the sdk browser-safe and the dApp off the Node runtime', () => {
    expect(fired('sdk-is-browser-safe')).toEqual(['sdk/src/usesNode.ts -> fs'])
    expect(fired('sdk-imports-no-runtime')).toEqual(['sdk/src/usesRuntime.ts -> runtime/src/intoPackage.ts'])
    expect(fired('dapp-imports-no-runtime').sort()).toEqual([
      'dapp/src/runtimeByName.ts -> runtime/src/index.ts',
      'dapp/src/usesRuntime.ts -> runtime/src/intoPackage.ts',
    ])
  })

  it('make apps use packages by name, never another app’s files, and the devkit only in tests', () => {
    expect(fired('app-imports-by-name-only').sort()).toEqual([
      'dapp/src/usesRuntime.ts -> runtime/src/intoPackage.ts',
      'dapp/test/stackOk.test.ts -> devkit/src/startPlatform.ts',
      'signer/src/usesDevkit.ts -> devkit/src/startPlatform.ts',
    ])
    expect(fired('no-app-imports-another-app').sort()).toEqual([
      'indexer/test/intoOtherApp.ts -> signer/src/ok.ts',
      'signer/src/appByName.ts -> indexer/src/main.ts',
    ])
    expect(fired('devkit-only-in-tests-and-tools')).toEqual(['signer/src/usesDevkit.ts -> devkit/src/startPlatform.ts'])
    expect(fired('bench-imports-apps-by-name-only')).toEqual(['bench/intoAppFiles.ts -> indexer/src/main.ts'])
  })

  it('let generators import nothing but their SDK, and their tests use packages by name', () => {
    expect(fired('generators-import-only-their-sdk').sort()).toEqual([
      'generators/shapes/index.ts -> fs',
      'generators/shapes/index.ts -> sdk/src/a.ts',
    ])
    expect(fired('generator-tests-import-packages-by-name').sort()).toEqual([
      'generators/shapes/src/shapes.test.ts -> generators/sdk/index.ts',
      'generators/shapes/src/shapes.test.ts -> sdk/src/a.ts',
    ])
  })

  it('report imports that do not resolve', () => {
    expect(fired('not-to-unresolvable')).toEqual(['bench/unresolved.ts -> ./doesNotExist'])
  })

  it('leave allowed imports alone', () => {
    const allowed = [
      'signer/src/main.ts',
      'sdk/src/index.ts',
      'generators/digits/index.ts',
      'signer/src/byName.ts',
      'dapp/src/schemaByName.ts',
      'bench/appByName.ts',
    ]
    expect(violations.filter((violation) => allowed.includes(violation.from))).toEqual([])
    // A test of an app may use the devkit, by name only.
    expect(violations.filter((violation) => violation.from === 'dapp/test/stackOk.test.ts').map((v) => v.rule)).toEqual([
      'app-imports-by-name-only',
    ])
  })
})
