import { type JobParameters, MAX_SAMPLES_PER_TASK, unitsPerTask } from '@neuromation/sdk'
import { parseUnits } from 'viem'
import { formatNtk } from '../lib/format'

/** What the post-a-job form holds besides the generator and its params (all as typed). */
export type JobFormInput = {
  samplesPerTask: string
  taskCount: string
  seed: string
  verification: 'OPTIMISTIC' | 'REPLICATED'
  /** "3" or "5" for REPLICATED. */
  replication: string
  /** OPTIMISTIC: minutes a result can be challenged. */
  challengeMinutes: string
  /** Max price per compute unit in price ticks (1 tick = 10^9 wei = 10^-9 NTK per unit). */
  maxPriceTick: string
  /** Minutes an executor gets per task. */
  minutesPerTask: string
  /** Hours from now after which no task is assigned any more. */
  deadlineHours: string
  /** NTK an executor locks per task (and a challenger bonds). */
  collateralNtk: string
}

/** The market's rules the form checks before anything is sent (read from JobMarket). */
export type MarketRules = {
  minCollateral: bigint
  minChallengeWindow: number
  maxChallengeWindow: number
  /** The generator's compute units per sample (generator.json). */
  computeUnitsPerSample: number
  /** Chain time (unix seconds) the deadline counts from. */
  now: bigint
}

export type PlannedJob = {
  /** Everything postJob needs but the spec's CID (known once the spec is uploaded). */
  params: Omit<JobParameters, 'specCid'>
  seed: number
  samplesPerTask: number
}

export type JobPlan = { ok: true; job: PlannedJob } | { ok: false; errors: Partial<Record<keyof JobFormInput, string>> }

/** Largest values of the contract's integer fields (uint24 ticks, uint32 counts and seconds). */
const UINT24_MAX = 2 ** 24 - 1
const UINT32_MAX = 2 ** 32 - 1
/** A job may run for at most a year: a deadline further out is almost surely a typo. */
const MAX_DEADLINE_HOURS = 24 * 365

function wholeNumber(text: string, min: number, max: number, what: string): { value?: number; error?: string } {
  const t = text.trim()
  if (t === '') return { error: `Enter ${what}.` }
  if (!/^\d+$/.test(t)) return { error: `"${t}" is not a whole number. Enter ${what} from ${min} to ${max}.` }
  const value = Number(t)
  if (value < min || value > max) return { error: `${t} is out of range. Enter ${what} from ${min} to ${max}.` }
  return { value }
}

function positiveNumber(text: string, max: number, what: string): { value?: number; error?: string } {
  const t = text.trim()
  if (!/^(\d+\.?\d*|\.\d+)$/.test(t)) return { error: `Enter ${what} as a number, e.g. 10.` }
  const value = Number(t)
  // The limit comes from a uint32 of seconds: say it in whole units, readable (71,582,788, not 71582788.25).
  if (!(value > 0) || value > max)
    return { error: `Enter ${what} above 0 and at most ${Math.floor(max).toLocaleString('en-US')}.` }
  return { value }
}

/**
 * Checks the post-a-job form against the market's rules and the job spec's bounds, with a message
 * per field that says what to enter, and turns it into postJob's parameters. The contract checks
 * the same things (InvalidTaskCount, ChallengeWindowOutOfBounds, CollateralTooLow, ...); checking
 * here means a bad value never costs a wallet prompt.
 */
export function planJob(input: JobFormInput, rules: MarketRules): JobPlan {
  const errors: Partial<Record<keyof JobFormInput, string>> = {}
  const take = <T>(key: keyof JobFormInput, result: { value?: T; error?: string }): T | undefined => {
    if (result.error) errors[key] = result.error
    return result.value
  }
  const samplesPerTask = take(
    'samplesPerTask',
    wholeNumber(input.samplesPerTask, 1, MAX_SAMPLES_PER_TASK, 'the samples per task'),
  )
  const taskCount = take('taskCount', wholeNumber(input.taskCount, 1, 100_000, 'the number of tasks'))
  const seed = take('seed', wholeNumber(input.seed, 0, UINT32_MAX, 'a seed'))
  const maxPriceTick = take('maxPriceTick', wholeNumber(input.maxPriceTick, 1, UINT24_MAX, 'a max price in ticks'))

  let replication = 1
  let challengeWindow = 0
  if (input.verification === 'REPLICATED') {
    replication = Number(input.replication)
    if (replication !== 3 && replication !== 5) errors.replication = 'Choose 3 or 5 executors per task.'
  } else {
    const minutes = take(
      'challengeMinutes',
      positiveNumber(input.challengeMinutes, UINT32_MAX / 60, 'the challenge window in minutes'),
    )
    if (minutes !== undefined) {
      challengeWindow = Math.round(minutes * 60)
      if (challengeWindow < rules.minChallengeWindow || challengeWindow > rules.maxChallengeWindow) {
        errors.challengeMinutes = `The market allows a challenge window from ${rules.minChallengeWindow / 60} to ${rules.maxChallengeWindow / 60} minutes.`
      }
    }
  }

  const minutesPerTask = take('minutesPerTask', positiveNumber(input.minutesPerTask, UINT32_MAX / 60, 'the minutes per task'))
  const deadlineHours = take('deadlineHours', positiveNumber(input.deadlineHours, MAX_DEADLINE_HOURS, 'the deadline in hours'))

  let collateralPerTask: bigint | undefined
  const collateralText = input.collateralNtk.trim()
  if (!/^(\d+\.?\d*|\.\d+)$/.test(collateralText)) errors.collateralNtk = 'Enter the collateral per task in NTK, e.g. 1.'
  else {
    try {
      collateralPerTask = parseUnits(collateralText, 18)
    } catch {
      errors.collateralNtk = 'Enter the collateral per task in NTK with at most 18 decimals.'
    }
    if (collateralPerTask !== undefined && collateralPerTask < rules.minCollateral) {
      errors.collateralNtk = `The market requires at least ${formatNtk(rules.minCollateral, 18)} per task.`
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const secondsPerTask = Math.max(1, Math.round(minutesPerTask! * 60))
  if (secondsPerTask > UINT32_MAX) return { ok: false, errors: { minutesPerTask: 'That is too long for one task.' } }
  return {
    ok: true,
    job: {
      seed: seed!,
      samplesPerTask: samplesPerTask!,
      params: {
        kind: 'GENERATE',
        verification: input.verification,
        replication,
        taskCount: taskCount!,
        unitsPerTask: unitsPerTask({ samplesPerTask: samplesPerTask! }, rules.computeUnitsPerSample),
        maxPriceTick: maxPriceTick!,
        secondsPerTask,
        challengeWindow,
        deadline: rules.now + BigInt(Math.round(deadlineHours! * 3600)),
        collateralPerTask: collateralPerTask!,
      },
    },
  }
}
