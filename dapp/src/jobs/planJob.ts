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
  /** The least seconds per task a job may give (the market's `minSecondsPerTask`). */
  minSecondsPerTask: number
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

/** A limit as people read it: whole, grouped (71,582,788, not 71582788.25). */
const limit = (n: number) => Math.floor(n).toLocaleString('en-US')
/** A lower limit as people read it: a fraction kept (0.5 minutes), rounded up so it is allowed. */
const lowerLimit = (n: number) => (Number.isInteger(n) ? limit(n) : (Math.ceil(n * 100) / 100).toLocaleString('en-US'))

/** Any number a person may type (signs, decimals, exponents): out-of-range values then say the range. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

function wholeNumber(text: string, min: number, max: number, what: string): { value?: number; error?: string } {
  const t = text.trim()
  if (t === '') return { error: `Enter ${what}.` }
  const range = `Enter ${what} from ${limit(min)} to ${limit(max)}.`
  if (!NUMBER.test(t)) return { error: `"${t}" is not a number. ${range}` }
  const value = Number(t)
  if (value < min || value > max) return { error: `${t} is out of range. ${range}` }
  if (!Number.isInteger(value) || !/^\d+$/.test(t)) return { error: `"${t}" is not a whole number. ${range}` }
  return { value }
}

/**
 * A number above 0 (or from `min`, when given) up to `max`, decimals allowed. One message per
 * field: the range it states is the one that applies (for the challenge window, the market's).
 */
function positiveNumber(text: string, range: { min?: number; max: number }, what: string): { value?: number; error?: string } {
  const t = text.trim()
  if (t === '') return { error: `Enter ${what}.` }
  const allowed =
    range.min === undefined
      ? `Enter ${what} above 0 and at most ${limit(range.max)}.`
      : `Enter ${what} from ${lowerLimit(range.min)} to ${limit(range.max)}.`
  if (!NUMBER.test(t)) return { error: `"${t}" is not a number. ${allowed}` }
  const value = Number(t)
  const tooLow = range.min === undefined ? !(value > 0) : value < range.min
  if (tooLow || value > range.max) return { error: `${t} is out of range. ${allowed}` }
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
    const window = { min: rules.minChallengeWindow / 60, max: rules.maxChallengeWindow / 60 }
    const minutes = take('challengeMinutes', positiveNumber(input.challengeMinutes, window, 'the challenge window in minutes'))
    if (minutes !== undefined) challengeWindow = Math.round(minutes * 60)
  }

  const minutesPerTask = take(
    'minutesPerTask',
    positiveNumber(input.minutesPerTask, { min: rules.minSecondsPerTask / 60, max: UINT32_MAX / 60 }, 'the minutes per task'),
  )
  const deadlineHours = take(
    'deadlineHours',
    positiveNumber(input.deadlineHours, { max: MAX_DEADLINE_HOURS }, 'the deadline in hours'),
  )

  let collateralPerTask: bigint | undefined
  const collateralText = input.collateralNtk.trim()
  if (/^-/.test(collateralText) && NUMBER.test(collateralText)) {
    errors.collateralNtk = `${collateralText} is out of range. The market requires at least ${formatNtk(rules.minCollateral, 18)} per task.`
  } else if (!/^(\d+\.?\d*|\.\d+)$/.test(collateralText)) {
    errors.collateralNtk = 'Enter the collateral per task in NTK, e.g. 1.'
  } else {
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
  const secondsPerTask = Math.max(rules.minSecondsPerTask, Math.round(minutesPerTask! * 60))
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
