// solc adapter for forge: forge cannot download solc offline, so foundry.toml points it at
// bin/solc, which runs this file. It answers `--version` like the native compiler and compiles
// `--standard-json` input (stdin in, JSON out) with solc-js from node_modules.
//
// solc-js is single-threaded wasm, and forge hands it every source in one job (a fresh clone's
// build is ~40 s of one core). So a job with many files is split: each worker thread gets all the
// sources (every worker parses and type-checks everything, which is cheap) but code generation,
// the expensive part, only for its share of the files. Source ids are assigned from the full
// source list, so they agree between workers, and each contract is reported by exactly one
// worker: the merged output is what one solc run would have produced. SOLC_JOBS=1 turns it off.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads')

const solcPath = path.join(__dirname, '..', 'node_modules', 'solc')

/** solc's import callback: resolve an import against forge's --base-path/--include-path roots. */
function importResolver(roots) {
  return (importPath) => {
    for (const root of roots) {
      const candidate = path.resolve(root, importPath)
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') }
    }
    return { error: `File not found: ${importPath} (searched ${roots.join(', ')})` }
  }
}

// Below this many files one solc is quicker than starting several (each loads the 9 MB wasm).
const MIN_FILES_TO_SPLIT = 8

/** How many workers: SOLC_JOBS when set, else one per core (at most 4: past that the repeated parsing outweighs the split). */
function jobCount(fileCount) {
  const requested = Number.parseInt(process.env.SOLC_JOBS ?? '', 10)
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  const jobs = Number.isInteger(requested) && requested > 0 ? requested : Math.min(cores, 4)
  return fileCount < MIN_FILES_TO_SPLIT ? 1 : Math.min(jobs, fileCount)
}

/**
 * The files whose contracts get code generated, split into `jobs` shares of about equal source
 * length (largest first, each to the lightest share): a rough but stable proxy for compile cost.
 * Returns undefined when the job cannot be split safely (a wildcard selection, or sources given as
 * URLs solc would have to load itself).
 */
function splitSelection(input, jobs) {
  const selection = input.settings?.outputSelection
  if (!selection || selection['*'] || jobs < 2) return undefined
  const files = Object.keys(selection)
  const size = (file) => input.sources[file]?.content?.length
  if (files.some((file) => size(file) === undefined)) return undefined
  const shares = Array.from({ length: jobs }, () => ({ files: [], size: 0 }))
  for (const file of [...files].sort((a, b) => size(b) - size(a) || a.localeCompare(b))) {
    const lightest = shares.reduce((min, share) => (share.size < min.size ? share : min))
    lightest.files.push(file)
    lightest.size += size(file)
  }
  return shares.filter((share) => share.files.length > 0).map((share) => share.files)
}

/** One solc output from several: contracts are disjoint, sources agree, errors are deduplicated. */
function mergeOutputs(outputs) {
  const merged = { contracts: {}, sources: {} }
  const errors = []
  const seen = new Set()
  for (const output of outputs) {
    for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
      merged.contracts[file] = { ...merged.contracts[file], ...contracts }
    }
    for (const [file, source] of Object.entries(output.sources ?? {})) merged.sources[file] ??= source
    // Parser and type-checker diagnostics come from every worker; report each once.
    for (const error of output.errors ?? []) {
      const key = JSON.stringify([error.severity, error.errorCode, error.formattedMessage ?? error.message, error.sourceLocation])
      if (seen.has(key)) continue
      seen.add(key)
      errors.push(error)
    }
  }
  // Keys and files in solc's own order (files by name), as one solc run prints them.
  const byName = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return {
    contracts: byName(merged.contracts),
    ...(errors.length > 0 ? { errors } : {}),
    sources: byName(merged.sources),
  }
}

function compileInWorker(input, roots) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { input, roots } })
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`solc worker exited with code ${code}`))
    })
  })
}

async function compile(text, roots) {
  const input = JSON.parse(text)
  const shares = splitSelection(input, jobCount(Object.keys(input.settings?.outputSelection ?? {}).length))
  if (!shares || shares.length < 2) {
    return require(solcPath).compile(text, { import: importResolver(roots) })
  }
  const selection = input.settings.outputSelection
  const texts = await Promise.all(
    shares.map((files) =>
      compileInWorker(
        JSON.stringify({
          ...input,
          settings: { ...input.settings, outputSelection: Object.fromEntries(files.map((file) => [file, selection[file]])) },
        }),
        roots,
      ),
    ),
  )
  // A broken source fails every worker with the same errors: the merge reports them once.
  return JSON.stringify(mergeOutputs(texts.map((t) => JSON.parse(t))))
}

/** The command line forge calls: `--version`, or `--standard-json` with the input on stdin. */
function main(args) {
  if (args.includes('--version')) {
    // forge parses "Version: X.Y.Z+commit.<hash>" from the native compiler's output.
    const [semver, commit] = require(solcPath).version().split('.Emscripten')[0].split('+')
    process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${semver}+${commit}.Linux.g++\n`)
    return
  }
  if (!args.includes('--standard-json')) {
    process.stderr.write('bin/solc is an adapter for forge: it supports only --version and --standard-json\n')
    process.exitCode = 2
    return
  }
  const valuesOf = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []))
  const roots = [...valuesOf('--base-path'), ...valuesOf('--include-path'), process.cwd()]
  const chunks = []
  process.stdin.on('data', (chunk) => chunks.push(chunk))
  process.stdin.on('end', () => {
    compile(Buffer.concat(chunks).toString('utf8'), roots).then(
      (output) => process.stdout.write(output),
      (error) => {
        process.stderr.write(`bin/solc: ${error.stack ?? error}\n`)
        process.exitCode = 1
      },
    )
  })
}

if (isMainThread) main(process.argv.slice(2))
else {
  // A worker: compile the input it was given and hand back solc's JSON text.
  const { input, roots } = workerData
  parentPort.postMessage(require(solcPath).compile(input, { import: importResolver(roots) }))
}
