// The import rules of DESIGN.md ("Layout and boundaries"), checked in `npm test` (npm run lint:deps).
// Apps are deployable programs; packages are libraries they share. Apps import packages by
// name (@neuromation/sdk, @neuromation/runtime, ...), so a package's inside can change without
// breaking its users, and never reach into another app's or package's files by relative path.
// A workspace package imported by name resolves through its node_modules link, which
// dependency-cruiser reports as an "aliased-workspace" dependency; a relative path is "local".

const apps = ['signer', 'indexer', 'dapp', 'devkit', 'executor', 'script', 'bench']
const packages = ['sdk', 'runtime', 'content', 'engine', 'generators/sdk']
const anyOf = (dirs) => `^(${dirs.join('|')})/`
// The indexer's public schema (exported as @neuromation/indexer/schema), which typed clients import.
const indexerSchema = '^indexer/(ponder\\.schema\\.ts$|schema/)'
// An import by name through a workspace link carries one of these types besides 'local' (which one
// depends on the manifest dependency-cruiser finds); a relative import is 'local' alone.
const byName = ['aliased', 'aliased-workspace', 'npm', 'undetermined']
// Test code (files *.test.ts and everything under a test/ folder).
const testFiles = '(\\.test\\.tsx?$|/test/)'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and the modules inseparable: extract what both need into a third module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'app-imports-by-name-only',
      severity: 'error',
      comment:
        "An app uses a package only through its name (e.g. import { x } from '@neuromation/sdk'), never by a relative " +
        "path into the package's files: export what you need from the package's entry point instead.",
      from: { path: `^(${apps.join('|')})/` },
      to: {
        path: [anyOf([...packages, 'devkit']), indexerSchema],
        pathNot: '^$1/',
        dependencyTypes: ['local'],
        dependencyTypesNot: byName,
      },
    },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      comment:
        "Apps are independent programs: never import another app's files (by path or by name); what two apps share " +
        'belongs in a package (sdk, runtime, ...), and tests start the platform through @neuromation/devkit. Allowed: ' +
        "the indexer's schema (@neuromation/indexer/schema), the public contract its typed clients are derived from.",
      // Benches measure apps, so they may use an app's public entry (next rule: by name only).
      from: { path: `^(${apps.filter((app) => app !== 'bench').join('|')})/` },
      to: {
        path: anyOf(apps.filter((app) => app !== 'devkit')),
        pathNot: ['^$1/', indexerSchema],
      },
    },
    {
      name: 'bench-imports-apps-by-name-only',
      severity: 'error',
      comment:
        "A bench measures an app through its package entry (e.g. import { AskStrategy } from '@neuromation/executor'), " +
        "never by a relative path into the app's files.",
      from: { path: '^bench/' },
      to: {
        path: anyOf(apps.filter((app) => app !== 'bench')),
        dependencyTypes: ['local'],
        dependencyTypesNot: byName,
      },
    },
    {
      name: 'devkit-only-in-tests-and-tools',
      severity: 'error',
      comment:
        'The devkit starts a local platform (anvil, databases, services): production code of an app must not depend on it.',
      from: { path: `^(${apps.filter((app) => !['devkit', 'script', 'bench'].includes(app)).join('|')})/`, pathNot: testFiles },
      to: { path: '^devkit/' },
    },
    {
      name: 'package-imports-no-app',
      severity: 'error',
      comment:
        'Packages are libraries under the apps: a package importing an app inverts the layering (and drags the app in). ' +
        "A package's tests may start a local platform through @neuromation/devkit (by name).",
      from: { path: anyOf(packages) },
      to: { path: anyOf(apps), pathNot: '^devkit/' },
    },
    {
      name: 'package-code-imports-no-devkit',
      severity: 'error',
      comment: "The devkit starts local platforms for tests and tools; a package's own code never depends on it.",
      from: { path: anyOf(packages), pathNot: testFiles },
      to: { path: '^devkit/' },
    },
    {
      name: 'package-tests-use-devkit-by-name-only',
      severity: 'error',
      comment: "A package's tests use the devkit only through its name (import { startAnvil } from '@neuromation/devkit').",
      from: { path: `${anyOf(packages)}.*${testFiles}` },
      to: { path: '^devkit/', dependencyTypes: ['local'], dependencyTypesNot: byName },
    },
    {
      name: 'package-imports-packages-by-name',
      severity: 'error',
      comment: 'A package uses another package through its name and public exports, not by a relative path into its files.',
      from: { path: `^(${packages.join('|')})/` },
      to: { path: anyOf(packages), pathNot: '^$1/', dependencyTypes: ['local'] },
    },
    {
      name: 'sdk-is-browser-safe',
      severity: 'error',
      comment: 'The sdk runs in the dApp (browser): no node: builtins, and not the Node-only runtime package.',
      from: { path: '^sdk/', pathNot: testFiles },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sdk-imports-no-runtime',
      severity: 'error',
      comment: 'The sdk runs in the browser; @neuromation/runtime is Node-only.',
      from: { path: '^sdk/' },
      to: { path: '^runtime/' },
    },
    {
      name: 'dapp-imports-no-runtime',
      severity: 'error',
      comment:
        '@neuromation/runtime is Node-only (process, signals, fs); the dApp runs in the browser. Use the sdk, or browser code in dapp/.',
      from: { path: '^dapp/' },
      to: { path: '^runtime/' },
    },
    {
      name: 'generators-import-only-their-sdk',
      severity: 'error',
      comment:
        'A generator runs sandboxed and must be deterministic: it imports nothing but @neuromation/generator-sdk ' +
        '(no npm packages, no node: builtins, no other generator).',
      from: { path: '^generators/(?!sdk/)([^/]+)/', pathNot: testFiles },
      to: { pathNot: ['^generators/$1/', '^generators/sdk/'] },
    },
    {
      name: 'generator-tests-import-packages-by-name',
      severity: 'error',
      comment:
        "A generator's tests run in Node and may use the engine, but through the package's name " +
        "(import { createSandboxPool } from '@neuromation/engine'), not a relative path into its files.",
      from: { path: `^generators/(?!sdk/)[^/]+/.*${testFiles}` },
      to: { path: anyOf(packages), dependencyTypes: ['local'], dependencyTypesNot: byName },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import does not resolve: a typo, a missing dependency in package.json, or a file that was moved.',
      from: {},
      // ponder:registry, ponder:schema and ponder:api are virtual modules Ponder provides at run time.
      to: { couldNotResolve: true, pathNot: '^ponder:' },
    },
  ],
  options: {
    // Generated, built and cached files: not source, never checked. (node_modules is not excluded,
    // only not followed: the generators rule must see npm imports.)
    exclude: {
      path: ['(^|/)out/', '(^|/)dist/', '(^|/)\\.ponder/', '^sdk/src/generated/', '^indexer/generated/', '(^|/)\\.data/'],
    },
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: they couple modules just as much.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
