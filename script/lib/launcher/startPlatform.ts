// Brings up the local platform step by step (build, anvil, deploy, codegen, signer, indexer,
// dApp), waiting for each to be ready, and returns a handle that stops everything in reverse
// order: services first (whole process groups, bounded grace, then SIGKILL), anvil last.
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { DeploymentFile } from '../../../sdk/src/deployment'
import { toDeployment } from '../../../sdk/src/toDeployment'
import { binPath, deploy, repoRoot, rpcAnswers, rpcChainId, run, startAnvil, type Anvil } from '../foundry'
import type { StatusBoard } from './createStatusBoard'
import type { LauncherConfig, LauncherService } from './launcherConfig'
import { LauncherError } from './LauncherError'
import { portInUse } from './portInUse'
import type { LocalDeployConfig, SummaryInput } from './renderSummary'
import { spawnService, type ServiceProcess } from './spawnService'
import { waitForHttp } from './waitForHttp'

export type Platform = {
  summary: Omit<SummaryInput, 'color'>
  /** Rejects with a LauncherError when a service exits while the platform is up. */
  crashed: Promise<never>
  /** Stops every service, then anvil. Idempotent. */
  stop: () => Promise<void>
}

const workspaces: Record<LauncherService, { dir: string; pkg: string; script: string }> = {
  signer: { dir: 'signer', pkg: '@neuromation/signer', script: 'start' },
  indexer: { dir: 'indexer', pkg: '@neuromation/indexer', script: 'start' },
  dapp: { dir: 'dapp', pkg: '@neuromation/dapp', script: 'dev' },
}

const portEnv = { anvil: 'ANVIL_PORT', signer: 'SIGNER_PORT', indexer: 'PONDER_PORT', dapp: 'DAPP_PORT' } as const

function missingScript(service: LauncherService): string | undefined {
  const { dir, script } = workspaces[service]
  const file = join(repoRoot, dir, 'package.json')
  if (!existsSync(file)) return `${dir}/package.json does not exist`
  const scripts = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {}
  return scripts[script] ? undefined : `${dir}/package.json has no "${script}" script`
}

export async function startPlatform(
  config: LauncherConfig,
  options: { board: StatusBoard; signal: AbortSignal },
): Promise<Platform> {
  const { board, signal } = options
  const host = config.host
  const services: ServiceProcess[] = []
  let anvil: Anvil | undefined
  let stopping: Promise<void> | undefined

  const stop = () => {
    stopping ??= (async () => {
      // Children first, in parallel (each bounded by the grace period), anvil last so the
      // indexer and signer never see their chain vanish while they still run.
      await Promise.all(services.map((s) => s.stop(config.stopGraceMs)))
      await anvil?.stop()
    })()
    return stopping
  }
  // Last resort if the launcher itself dies without running stop(): leave no orphans behind.
  const killAll = () => {
    for (const s of services) if (s.child.pid) try { process.kill(-s.child.pid, 'SIGKILL') } catch { /* gone */ }
    try { anvil?.process.kill('SIGKILL') } catch { /* gone */ }
  }
  process.once('exit', killAll)

  const checkAborted = () => {
    if (signal.aborted) throw new LauncherError('startup interrupted')
  }

  try {
    // 0. Ports: fail before starting anything, naming the service and the variable to change.
    const wanted = (Object.keys(portEnv) as (keyof typeof portEnv)[]).filter((name) =>
      name === 'anvil' ? !config.externalRpcUrl : !config.skip.has(name),
    )
    const taken: (keyof typeof portEnv)[] = []
    for (const name of wanted) if (await portInUse(config.ports[name])) taken.push(name)
    if (taken.length > 0) {
      const first = config.ports[taken[0]]
      throw new LauncherError(
        `Cannot start: ${taken.map((n) => `port ${config.ports[n]} (${n}, ${portEnv[n]})`).join(', ')} ` +
          `${taken.length === 1 ? 'is' : 'are'} already in use by another process; a previous \`npm start\` may still be running.\n` +
          `Stop it (\`ss -ltnp 'sport = :${first}'\` shows who holds the port) or choose free ports, e.g. ` +
          `\`${taken.map((n) => `${portEnv[n]}=${config.ports[n] + 1}`).join(' ')} npm start\`.`,
      )
    }

    // 1. Contracts. forge's content-hashed cache is the staleness check: a fresh out/ costs about
    // a second ("No files changed"); file mtimes would misjudge fresh checkouts. Only contracts/ is
    // built: the platform needs nothing else, and a test being edited must not block it.
    const build = board.step('contracts', 'bin/forge build contracts')
    {
      const { code, output } = await run(binPath('forge'), ['build', 'contracts'])
      if (code !== 0) {
        build.fail()
        throw new LauncherError(`bin/forge build contracts failed (exit ${code}); fix the compiler errors below and run again.`, {
          service: 'forge build',
          logTail: output.trim().split('\n').slice(-25),
        })
      }
      build.done(/No files changed/.test(output) ? 'up to date' : 'compiled')
    }
    checkAborted()

    // 2-3. Chain and deployment.
    let rpcUrl: string
    let chainId: number
    if (config.externalRpcUrl) {
      rpcUrl = config.externalRpcUrl
      const step = board.step('chain', rpcUrl)
      if (!(await rpcAnswers(rpcUrl))) {
        step.fail()
        throw new LauncherError(`RPC_URL=${rpcUrl} does not answer eth_chainId; check the URL, or unset RPC_URL to start a local anvil.`)
      }
      chainId = await rpcChainId(rpcUrl)
      if (config.chainId !== undefined && config.chainId !== chainId) {
        step.fail()
        throw new LauncherError(`RPC_URL=${rpcUrl} serves chain ${chainId}, but CHAIN_ID=${config.chainId}; fix one of them.`)
      }
      step.done(`external chain ${chainId} (no anvil, no deploy)`)
    } else {
      chainId = config.chainId!
      const step = board.step('anvil', `port ${config.ports.anvil}`)
      try {
        anvil = await startAnvil({ port: config.ports.anvil, args: ['--chain-id', String(chainId)], detached: true })
      } catch (error) {
        step.fail()
        throw new LauncherError(`anvil did not start on port ${config.ports.anvil}: ${(error as Error).message}`, { service: 'anvil', cause: error })
      }
      rpcUrl = anvil.rpcUrl
      step.done(`${rpcUrl}  chain ${chainId}`)
      checkAborted()

      const deployStep = board.step('deploy', 'script/Deploy.s.sol')
      try {
        const deployed = await deploy({ rpcUrl })
        deployStep.done(`TokenSale ${deployed.contracts.TokenSale}`)
      } catch (error) {
        deployStep.fail()
        const lines = (error as Error).message.trim().split('\n')
        throw new LauncherError('Deploying the contracts failed (forge script script/Deploy.s.sol).', {
          service: 'deploy',
          logTail: lines.slice(-25),
        })
      }
    }
    checkAborted()

    const deploymentFile = join(repoRoot, 'deployments', `${chainId}.json`)
    const deployment = existsSync(deploymentFile) ? toDeployment(JSON.parse(readFileSync(deploymentFile, 'utf8')) as DeploymentFile) : undefined

    // 4. Codegen, so the sdk (and through it the signer, indexer and dApp) knows this deployment.
    const codegen = board.step('codegen', 'sdk/src/generated')
    {
      const { code, output } = await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['script/codegen.ts'])
      if (code !== 0) {
        codegen.fail()
        throw new LauncherError(`script/codegen.ts failed (exit ${code}).`, { service: 'codegen', logTail: output.trim().split('\n').slice(-25) })
      }
      codegen.done(deployment ? `chain ${chainId}` : `no deployments/${chainId}.json: services may refuse to start`)
    }
    checkAborted()

    // 5-7. Services.
    const urls: SummaryInput['urls'] = {}
    const skipped: SummaryInput['skipped'] = []
    const signerUrl = `http://${host}:${config.ports.signer}`
    const indexerUrl = `http://${host}:${config.ports.indexer}`
    const dappUrl = `http://${host}:${config.ports.dapp}`
    const common = { ...config.baseEnv, CHAIN_ID: String(chainId), RPC_URL: rpcUrl }
    const pgliteDir = config.pgliteDir ?? join('.ponder', `pglite-${chainId}`)

    const plans: { service: LauncherService; env: NodeJS.ProcessEnv; url: string; ready: string; detail: string; hint?: string }[] = [
      {
        service: 'signer',
        env: { ...common, SIGNER_HOST: host, SIGNER_PORT: String(config.ports.signer) },
        url: signerUrl,
        ready: `${signerUrl}/health`,
        detail: signerUrl,
      },
      {
        service: 'indexer',
        env: {
          ...common,
          PONDER_HOST: host,
          PONDER_PORT: String(config.ports.indexer),
          DATABASE_SCHEMA: config.databaseSchema ?? `neuro_${chainId}`,
          ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : { PGLITE_DIR: pgliteDir }),
          PONDER_TELEMETRY_DISABLED: '1',
        },
        url: `${indexerUrl}/graphql`,
        ready: `${indexerUrl}/ready`,
        detail: `${indexerUrl}/graphql`,
        hint: 'Ponder answers /ready once the historical sync is done.',
      },
      {
        service: 'dapp',
        env: {
          ...common,
          VITE_CHAIN_ID: String(chainId),
          VITE_RPC_URL: rpcUrl,
          VITE_INDEXER_URL: indexerUrl,
          VITE_SIGNER_URL: signerUrl,
          DAPP_PORT: String(config.ports.dapp),
        },
        url: `${dappUrl}/`,
        ready: `${dappUrl}/`,
        detail: `${dappUrl}/`,
        hint: `The dApp dev server must listen on ${host}:${config.ports.dapp} (DAPP_PORT).`,
      },
    ]

    for (const plan of plans) {
      checkAborted()
      const { service } = plan
      const step = board.step(service, 'starting')
      const reason = config.skip.has(service) ? 'LAUNCH_SKIP' : missingScript(service)
      if (reason) {
        step.skip(`skipped: ${reason}`)
        skipped.push({ service, reason })
        continue
      }
      const { pkg, script } = workspaces[service]
      const proc = spawnService({
        name: service,
        command: 'npm',
        args: ['run', script, '--silent', '-w', pkg],
        cwd: repoRoot,
        env: plan.env,
        logFile: join(config.logDir, `${service}.log`),
      })
      services.push(proc)
      try {
        await waitForHttp({ service: proc, url: plan.ready, timeoutMs: config.readyTimeoutMs, signal, hint: plan.hint })
      } catch (error) {
        step.fail(signal.aborted ? 'interrupted' : 'failed')
        throw error
      }
      step.done(plan.detail)
      urls[service === 'indexer' ? 'graphql' : service] = plan.url
    }

    const crashed = new Promise<never>((_, reject) => {
      for (const s of services) {
        s.exited.then((code) => {
          if (stopping) return
          reject(
            new LauncherError(`${s.name} exited unexpectedly with code ${code}; stopping the platform.`, {
              service: s.name,
              logTail: s.tail(25),
              logFile: s.logFile,
            }),
          )
        })
      }
      anvil?.process.once('exit', (code) => {
        if (!stopping) reject(new LauncherError(`anvil exited unexpectedly (code ${code}); stopping the platform.`, { service: 'anvil' }))
      })
    })
    crashed.catch(() => {}) // observed by the caller; never an unhandled rejection

    let deployConfig: LocalDeployConfig | undefined
    if (!config.externalRpcUrl) {
      deployConfig = JSON.parse(readFileSync(join(repoRoot, 'script', 'config', 'local.json'), 'utf8')) as LocalDeployConfig
    }
    return {
      summary: {
        chainId,
        rpcUrl,
        localChain: !config.externalRpcUrl,
        urls,
        skipped,
        deployment,
        deployConfig,
        logDir: relative(repoRoot, config.logDir) || config.logDir,
      },
      crashed,
      stop: async () => {
        await stop()
        process.removeListener('exit', killAll)
      },
    }
  } catch (error) {
    await stop()
    process.removeListener('exit', killAll)
    throw error
  }
}
