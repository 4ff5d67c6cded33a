import { describe, expect, it } from 'vitest'
import { ContentError } from './ContentError'
import { normalizePath } from './normalizePath'

describe('normalizePath', () => {
  it('keeps relative slash paths and drops a leading ./', () => {
    expect(normalizePath('shards/000000.tar')).toBe('shards/000000.tar')
    expect(normalizePath('./generator.json')).toBe('generator.json')
  })

  it.each([
    ['', 'is empty'],
    ['/etc/passwd', 'is absolute'],
    ['a/../b', 'has a ".." segment'],
    ['a//b', 'has an empty segment'],
    ['a/', 'has an empty segment'],
    ['a\\b', 'contains a backslash'],
    ['a\0b', 'contains a NUL'],
  ])('refuses %j: %s', (path, problem) => {
    expect(() => normalizePath(path)).toThrow(ContentError)
    expect(() => normalizePath(path)).toThrow(problem)
  })
})

describe('normalizePath messages', () => {
  it('shows a control character escaped and a long path cut short', () => {
    expect(() => normalizePath('a/\0')).toThrow('Path "a/\\u0000" contains a NUL character.')
    const long = `${'x/'.repeat(300)}..`
    const message = (() => {
      try {
        normalizePath(long)
      } catch (error) {
        return (error as Error).message
      }
    })()
    expect(message).toMatch(/^Path "(x\/){100}…" has a "\.\." segment\./)
  })
})
