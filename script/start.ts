// `npm start`: the whole local platform (anvil, contracts, compliance signer, indexer, dApp) in
// one command, with a compact status board, a summary of where everything is, and a clean stop
// on Ctrl-C / SIGTERM. Configuration: environment variables, see .env.example at the repo root.
import { createStatusBoard } from './lib/launcher/createStatusBoard'
import { loadLauncherConfig } from './lib/launcher/launcherConfig'
import { LauncherError } from './lib/launcher/LauncherError'
import { renderSummary } from './lib/launcher/renderSummary'
import { startPlatform } from './lib/launcher/startPlatform'

const tty = Boolean(process.stdout.isTTY)
const color = tty && !process.env.NO_COLOR
const write = (text: string) => process.stdout.write(text)
const red = (text: string) => (color ? `\x1b[31m${text}\x1b[0m` : text)
const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[0m` : text)

function report(error: unknown) {
  if (error instanceof LauncherError) {
    const { service, logTail, logFile } = error.details
    process.stderr.write(`\n${red(`✖ ${service ? `${service}: ` : ''}${error.message}`)}\n`)
    if (logTail?.length) {
      process.stderr.write(dim(`--- last lines${logFile ? ` of ${logFile}` : ''} ---\n`))
      process.stderr.write(`${logTail.join('\n')}\n`)
      process.stderr.write(dim('---\n'))
    }
  } else {
    process.stderr.write(`\n${red('✖ launcher crashed:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  }
}

async function main(): Promise<number> {
  const config = loadLauncherConfig()
  const controller = new AbortController()
  let stopRequested: NodeJS.Signals | undefined
  let stopRequestedAt = 0
  let platformStop: (() => Promise<void>) | undefined
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopRequested) {
        // A terminal's Ctrl-C reaches npm, tsx and this process at once; only a later repeat is news.
        if (Date.now() - stopRequestedAt > 1_000) write(dim(`(${signal} again: still stopping, at most the grace period per service)\n`))
        return
      }
      stopRequested = signal
      stopRequestedAt = Date.now()
      controller.abort()
      resolve(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })

  const board = createStatusBoard({ write, tty, color })
  board.note(`Starting the Neuromation local platform${config.externalRpcUrl ? ` against ${config.externalRpcUrl}` : ''}…`)
  try {
    const platform = await startPlatform(config, { board, signal: controller.signal })
    platformStop = platform.stop
    write(renderSummary({ ...platform.summary, color }))
    const outcome = await Promise.race([stopped.then((signal) => ({ signal })), platform.crashed])
    write(`\n${outcome.signal} received: stopping services, then anvil…\n`)
    await platform.stop()
    write('Stopped.\n')
    return 0
  } catch (error) {
    await platformStop?.()
    if (stopRequested) {
      write(`\n${stopRequested} received during startup: stopped.\n`)
      return 0
    }
    report(error)
    return 1
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    report(error)
    process.exit(1)
  },
)
