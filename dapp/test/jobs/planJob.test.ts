import { describe, expect, it } from 'vitest'
import { type JobFormInput, type MarketRules, planJob } from '../../src/jobs/planJob'

const rules: MarketRules = {
  minCollateral: 10n ** 18n,
  minChallengeWindow: 60,
  maxChallengeWindow: 7 * 86_400,
  minSecondsPerTask: 60,
  computeUnitsPerSample: 20,
  now: 1_000_000n,
}
const input: JobFormInput = {
  samplesPerTask: '100',
  taskCount: '20',
  seed: '7',
  verification: 'OPTIMISTIC',
  replication: '3',
  challengeMinutes: '2',
  maxPriceTick: '50',
  minutesPerTask: '5',
  deadlineHours: '24',
  collateralNtk: '1.5',
}

describe('planJob', () => {
  it("turns the form into postJob's parameters (units from the generator, deadline from chain time)", () => {
    expect(planJob(input, rules)).toEqual({
      ok: true,
      job: {
        seed: 7,
        samplesPerTask: 100,
        params: {
          kind: 'GENERATE',
          verification: 'OPTIMISTIC',
          replication: 1,
          taskCount: 20,
          unitsPerTask: 2000n,
          maxPriceTick: 50,
          secondsPerTask: 300,
          challengeWindow: 120,
          deadline: 1_000_000n + 86_400n,
          collateralPerTask: 1_500_000_000_000_000_000n,
        },
      },
    })
  })

  it('replicated jobs take r = 3 or 5 and no challenge window', () => {
    const plan = planJob({ ...input, verification: 'REPLICATED', replication: '5', challengeMinutes: '' }, rules)
    expect(plan).toMatchObject({ ok: true, job: { params: { verification: 'REPLICATED', replication: 5, challengeWindow: 0 } } })
    expect(planJob({ ...input, verification: 'REPLICATED', replication: '4' }, rules)).toEqual({
      ok: false,
      errors: { replication: 'Choose 3 or 5 executors per task.' },
    })
  })

  it('refuses every bad field at once, saying what to enter', () => {
    const plan = planJob(
      {
        ...input,
        samplesPerTask: '20000',
        taskCount: '0',
        seed: '-1',
        maxPriceTick: '1.5',
        challengeMinutes: '0.5',
        deadlineHours: 'soon',
        collateralNtk: '0.5',
      },
      rules,
    )
    expect(plan).toEqual({
      ok: false,
      errors: {
        samplesPerTask: '20000 is out of range. Enter the samples per task from 1 to 10,000.',
        taskCount: '0 is out of range. Enter the number of tasks from 1 to 100,000.',
        seed: '-1 is out of range. Enter a seed from 0 to 4,294,967,295.',
        maxPriceTick: '"1.5" is not a whole number. Enter a max price in ticks from 1 to 16,777,215.',
        // One range per field: the market's, not the uint32 the contract stores it in.
        challengeMinutes: '0.5 is out of range. Enter the challenge window in minutes from 1 to 10,080.',
        deadlineHours: '"soon" is not a number. Enter the deadline in hours above 0 and at most 8,760.',
        collateralNtk: 'The market requires at least 1 NTK per task.',
      },
    })
  })

  it('states the limits of out-of-range durations in whole, grouped numbers', () => {
    const plan = planJob({ ...input, minutesPerTask: '0', deadlineHours: '100000' }, rules)
    expect(plan).toEqual({
      ok: false,
      errors: {
        minutesPerTask: '0 is out of range. Enter the minutes per task from 1 to 71,582,788.',
        deadlineHours: '100000 is out of range. Enter the deadline in hours above 0 and at most 8,760.',
      },
    })
  })

  it("refuses less time per task than the market's floor (JobMarket's minSecondsPerTask), saying it", () => {
    const market = { ...rules, minSecondsPerTask: 90 }
    expect(planJob({ ...input, minutesPerTask: '1.4' }, market)).toEqual({
      ok: false,
      errors: { minutesPerTask: '1.4 is out of range. Enter the minutes per task from 1.5 to 71,582,788.' },
    })
    expect(planJob({ ...input, minutesPerTask: '1.5' }, market)).toMatchObject({
      ok: true,
      job: { params: { secondsPerTask: 90 } },
    })
  })

  it('rounds fractional units per sample up per task, as the executors do', () => {
    const plan = planJob({ ...input, samplesPerTask: '3' }, { ...rules, computeUnitsPerSample: 0.5 })
    expect(plan).toMatchObject({ ok: true, job: { params: { unitsPerTask: 2n } } })
  })

  it('says a negative or exponent value is out of range, not that it is no number', () => {
    const plan = planJob(
      { ...input, taskCount: '-3', challengeMinutes: '-10', minutesPerTask: '1e12', collateralNtk: '-1' },
      rules,
    )
    expect(plan).toEqual({
      ok: false,
      errors: {
        taskCount: '-3 is out of range. Enter the number of tasks from 1 to 100,000.',
        challengeMinutes: '-10 is out of range. Enter the challenge window in minutes from 1 to 10,080.',
        minutesPerTask: '1e12 is out of range. Enter the minutes per task from 1 to 71,582,788.',
        collateralNtk: '-1 is out of range. The market requires at least 1 NTK per task.',
      },
    })
  })
})
