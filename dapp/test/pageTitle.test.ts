import { describe, expect, it } from 'vitest'
import { pageTitle } from '../src/navigation'

describe('pageTitle', () => {
  it('names each page, then the site', () => {
    expect(pageTitle('/sale')).toBe('Sale · Neuromation')
    expect(pageTitle('/executors/')).toBe('Executors · Neuromation')
    expect(pageTitle('/jobs')).toBe('Jobs · Neuromation')
    expect(pageTitle('/jobs/new')).toBe('Post a job · Neuromation')
    expect(pageTitle('/jobs/12')).toBe('Job #12 · Neuromation')
    expect(pageTitle('/jobs/abc')).toBe('No such job · Neuromation')
    expect(pageTitle('/nope')).toBe('Page not found · Neuromation')
    expect(pageTitle('/')).toBe('Neuromation')
  })
})
