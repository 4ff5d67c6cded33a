import { describe, expect, it } from 'vitest'
import { findDuplicateKey } from './findDuplicateKey'

describe('findDuplicateKey', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":1,"b":{"c":1,"c":2}}', 'c'],
    ['[{"a":1},{"b":[1,{"x":"a","x":"b"}]}]', 'x'],
    ['{"a\\"b":1,"a\\u0022b":2}', 'a"b'],
    ['{ "country" : "IR" , "countr\\u0079" : "DE" }', 'country'],
    ['{"":1,"":2}', ''],
  ])('finds the repeated key in %s', (json, key) => {
    JSON.parse(json)
    expect(findDuplicateKey(json)).toBe(key)
  })

  it.each([
    '{"a":1,"b":2}',
    '{"a":{"a":{"a":1}},"b":["a","a"]}',
    '[{"a":1},{"a":2}]',
    '{"a":"\\\\","b":"\\"a\\":","c":"{\\"a\\":1,\\"a\\":2}"}',
    '{}',
    '"a"',
    '42',
  ])('finds none in %s', (json) => {
    JSON.parse(json)
    expect(findDuplicateKey(json)).toBeUndefined()
  })
})
