// solc adapter for forge: forge cannot download solc offline, so foundry.toml points it at
// bin/solc, which runs this file. It answers `--version` like the native compiler and compiles
// `--standard-json` input (stdin in, JSON out) with solc-js from node_modules.
const fs = require('node:fs')
const path = require('node:path')
const solc = require(path.join(__dirname, '..', 'node_modules', 'solc'))

const args = process.argv.slice(2)
if (args.includes('--version')) {
  // forge parses "Version: X.Y.Z+commit.<hash>" from the native compiler's output.
  const [semver, commit] = solc.version().split('.Emscripten')[0].split('+')
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${semver}+${commit}.Linux.g++\n`)
  process.exit(0)
}
if (!args.includes('--standard-json')) {
  process.stderr.write('bin/solc is an adapter for forge: it supports only --version and --standard-json\n')
  process.exit(2)
}

const valueOf = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []))
const roots = [...valueOf('--base-path'), ...valueOf('--include-path'), process.cwd()]

function findImports(importPath) {
  for (const root of roots) {
    const candidate = path.resolve(root, importPath)
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') }
  }
  return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` }
}

const chunks = []
process.stdin.on('data', (chunk) => chunks.push(chunk))
process.stdin.on('end', () => {
  process.stdout.write(solc.compile(Buffer.concat(chunks).toString('utf8'), { import: findImports }))
})
