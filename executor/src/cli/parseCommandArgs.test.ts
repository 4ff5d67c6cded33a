import { describe, expect, it } from 'vitest'
import { parseCommandArgs, refuseTogether } from './parseCommandArgs'

const ask = { price: { type: 'string' }, capacity: { type: 'string' }, cancel: { type: 'boolean' } } as const
const amount = { max: 1, name: 'amount' }
const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`
  }
  return 'accepted'
}

describe('parseCommandArgs', () => {
  it("parses a command's flags and the common ones", () => {
    expect(parseCommandArgs(['--price', '90', '--capacity=2', '--json', '--config', 'c.json'], ask)).toEqual({
      values: { price: '90', capacity: '2', json: true, config: 'c.json' },
      positionals: [],
    })
    expect(parseCommandArgs(['1000', '--json'], {}, amount)).toEqual({ values: { json: true }, positionals: ['1000'] })
  })

  it('refuses an unknown option the same way for every command, with or without flags of its own', () => {
    expect(refusal(() => parseCommandArgs(['--bogus'], {}))).toBe('UsageError: unknown option --bogus')
    expect(refusal(() => parseCommandArgs(['--bogus-flag', '1'], ask))).toBe('UsageError: unknown option --bogus-flag')
    expect(refusal(() => parseCommandArgs(['-x'], ask))).toBe('UsageError: unknown option -x')
    expect(refusal(() => parseCommandArgs(['--constructor'], ask))).toBe('UsageError: unknown option --constructor')
  })

  it('takes a negative number as an argument for the command to judge, not as an option', () => {
    expect(parseCommandArgs(['-5'], {}, amount).positionals).toEqual(['-5'])
    expect(parseCommandArgs(['-1.5', '--json'], {}, amount).positionals).toEqual(['-1.5'])
    expect(parseCommandArgs(['--price', '-5'], ask).values.price).toBe('-5')
    // A command that takes no argument says so.
    expect(refusal(() => parseCommandArgs(['-5'], {}))).toBe('UsageError: this command takes no arguments, got "-5"')
  })

  it('refuses a missing value, a value for a switch, a flag given twice and extra arguments', () => {
    expect(refusal(() => parseCommandArgs(['--price'], ask))).toBe('UsageError: --price needs a value')
    expect(refusal(() => parseCommandArgs(['--price', '--capacity', '2'], ask))).toBe(
      'UsageError: --price needs a value before --capacity',
    )
    expect(refusal(() => parseCommandArgs(['--cancel=yes'], ask))).toBe('UsageError: --cancel takes no value, got "yes"')
    expect(refusal(() => parseCommandArgs(['--price', '5', '--price', '6'], ask))).toBe(
      'UsageError: --price is given twice; give it once',
    )
    expect(refusal(() => parseCommandArgs(['5', '6'], {}, amount))).toBe(
      'UsageError: this command takes one amount; unexpected "6"',
    )
    expect(refusal(() => parseCommandArgs(['now'], {}))).toBe('UsageError: this command takes no arguments, got "now"')
  })
})

describe('refuseTogether', () => {
  it('refuses flags that contradict, naming each and why', () => {
    const { values } = parseCommandArgs(['--cancel', '--price', '5'], ask)
    expect(refusal(() => refuseTogether(values, 'cancel', ['price', 'capacity'], 'one or the other'))).toBe(
      'UsageError: --cancel and --price contradict each other: one or the other',
    )
    expect(refusal(() => refuseTogether({ withdraw: true, '<amount>': '5' }, 'withdraw', ['<amount>'], 'why'))).toBe(
      'UsageError: --withdraw and <amount> contradict each other: why',
    )
    expect(refusal(() => refuseTogether({ cancel: true }, 'cancel', ['price'], 'why'))).toBe('accepted')
    expect(refusal(() => refuseTogether({ price: '5' }, 'cancel', ['price'], 'why'))).toBe('accepted')
  })
})

describe('an unknown option close to a known one', () => {
  it('suggests the closest flag within two edits, and nothing for a word unlike any', () => {
    expect(refusal(() => parseCommandArgs(['--prise', '90'], ask))).toBe(
      'UsageError: unknown option --prise; did you mean --price?',
    )
    expect(refusal(() => parseCommandArgs(['--capcaity', '2'], ask))).toBe(
      'UsageError: unknown option --capcaity; did you mean --capacity?',
    )
    expect(refusal(() => parseCommandArgs(['--jsno'], {}))).toBe('UsageError: unknown option --jsno; did you mean --json?')
    expect(refusal(() => parseCommandArgs(['--confg=c.json'], {}))).toBe(
      'UsageError: unknown option --confg; did you mean --config?',
    )
    expect(refusal(() => parseCommandArgs(['--bogus'], ask))).toBe('UsageError: unknown option --bogus')
    // Two edits that are the whole word are no typo of it.
    expect(refusal(() => parseCommandArgs(['--xy'], { ab: { type: 'boolean' } }))).toBe('UsageError: unknown option --xy')
    // A short option is not guessed at.
    expect(refusal(() => parseCommandArgs(['-p'], ask))).toBe('UsageError: unknown option -p')
  })
})
