// What the executor keeps in its data dir between runs. None of it is needed for correctness:
// the chain says which assignments are open and salts are derived from the key. It saves work:
// computed shards and their hashes (to prove a challenged task without recomputing), the result
// CID, work that failed for good, and assignments already seen. (Jobs a node must not take again
// are the market's to remember: IJobMarket.excludedExecutors.)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { OWN_CHALLENGES_FILE } from './OwnChallenges'

/** The local record of one own assignment. */
export type AssignmentRecord = {
  assignmentId: string
  jobId: string
  firstTask: number
  taskCount: number
  /** sha256 of each task's shard, in task order, once computed. */
  shardHashes?: Hex[]
  root?: Hex
  resultCid?: string
  /** Why the work failed for good (hostile bundle, bad spec): the assignment is declined or lapses. */
  failed?: string
  /** The market took or refused this failed assignment's decline: it is not sent again. */
  declineAnswered?: boolean
}

/** The deployment a data dir's state belongs to. */
export type Deployment = { chainId: number; market: string }

/** What belongs to one deployment (assignment, job and challenge ids are only meaningful there). */
const DEPLOYMENT_STATE = ['assignments', 'results', 'verifications', 'challenges.json', OWN_CHALLENGES_FILE]

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.tmp`
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`)
  renameSync(tmp, path)
}

export class StateStore {
  readonly assignmentsDir: string
  readonly resultsDir: string
  private readonly challengesPath: string
  private readonly deploymentPath: string

  constructor(readonly dataDir: string) {
    this.assignmentsDir = join(dataDir, 'assignments')
    this.resultsDir = join(dataDir, 'results')
    this.challengesPath = join(dataDir, 'challenges.json')
    this.deploymentPath = join(dataDir, 'deployment.json')
    mkdirSync(this.assignmentsDir, { recursive: true })
    mkdirSync(this.resultsDir, { recursive: true })
  }

  /**
   * Binds the data dir to the deployment (chain id and market) this node runs against. State of
   * another deployment (a data dir reused after a market redeploy or on another chain) names ids
   * that mean nothing here: it is moved aside to `stale/<chainId>-<market>-<time>/` (kept, not
   * deleted) and the previous deployment returned, for the caller to warn about. A data dir of
   * before this record is taken to be of this deployment.
   * Not a lock: it binds the data dir to a deployment, and any number of processes may claim it
   * (and it runs only once the content store is open). One daemon per data dir is lockDataDir's,
   * taken before anything else at start.
   */
  claim(deployment: Deployment): Deployment | undefined {
    const current = { chainId: deployment.chainId, market: deployment.market.toLowerCase() }
    let previous: Deployment | undefined
    if (existsSync(this.deploymentPath)) {
      try {
        const saved = JSON.parse(readFileSync(this.deploymentPath, 'utf8')) as Deployment
        previous = { chainId: Number(saved.chainId), market: String(saved.market).toLowerCase() }
      } catch {
        previous = { chainId: 0, market: 'unreadable' }
      }
      if (previous.chainId === current.chainId && previous.market === current.market) return undefined
      const aside = join(this.dataDir, 'stale', `${previous.chainId}-${previous.market}-${Date.now()}`)
      mkdirSync(aside, { recursive: true })
      for (const name of DEPLOYMENT_STATE) {
        if (existsSync(join(this.dataDir, name))) renameSync(join(this.dataDir, name), join(aside, name))
      }
      mkdirSync(this.assignmentsDir, { recursive: true })
      mkdirSync(this.resultsDir, { recursive: true })
    }
    writeJson(this.deploymentPath, current)
    return previous
  }

  get(assignmentId: bigint): AssignmentRecord | undefined {
    const path = join(this.assignmentsDir, `${assignmentId}.json`)
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as AssignmentRecord) : undefined
  }

  put(record: AssignmentRecord): void {
    writeJson(join(this.assignmentsDir, `${record.assignmentId}.json`), record)
  }

  /** Every own assignment known locally (ended ones are removed by `forget`). */
  list(): AssignmentRecord[] {
    return readdirSync(this.assignmentsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(this.assignmentsDir, f), 'utf8')) as AssignmentRecord)
  }

  /** Drops an ended assignment and its shards. */
  forget(assignmentId: bigint): void {
    rmSync(join(this.assignmentsDir, `${assignmentId}.json`), { force: true })
    rmSync(this.shardDir(assignmentId), { recursive: true, force: true })
  }

  shardDir(assignmentId: bigint): string {
    return join(this.resultsDir, String(assignmentId))
  }

  /** Challenges this node follows (to prove, verify or resolve): kept so a restart past their events still acts. */
  challenges(): string[] {
    return existsSync(this.challengesPath) ? (JSON.parse(readFileSync(this.challengesPath, 'utf8')) as string[]) : []
  }

  setChallenges(ids: Iterable<bigint>): void {
    writeJson(this.challengesPath, [...ids].map(String))
  }
}
