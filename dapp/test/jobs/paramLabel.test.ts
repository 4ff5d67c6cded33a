import { describe, expect, it } from 'vitest'
import { paramFields } from '../../src/jobs/paramFields'
import { paramLabel } from '../../src/jobs/paramLabel'

describe('paramLabel', () => {
  it("uses the schema's title when it gives one", () => {
    expect(paramLabel('skuCount', { type: 'integer', title: 'Products in the catalogue' })).toBe('Products in the catalogue')
    // A blank title says nothing: the key is put in words instead.
    expect(paramLabel('skuCount', { type: 'integer', title: '  ' })).toBe('SKU count')
  })

  it('puts camelCase, snake_case and kebab-case keys in sentence case', () => {
    expect(paramLabel('maxStrokeWidth')).toBe('Max stroke width')
    expect(paramLabel('max_stroke_width')).toBe('Max stroke width')
    expect(paramLabel('back-row-probability')).toBe('Back row probability')
    expect(paramLabel('noise')).toBe('Noise')
    expect(paramLabel('layer2Size')).toBe('Layer2 size')
  })

  it('keeps known abbreviations in capitals, wherever they stand and with a plural s', () => {
    expect(paramLabel('skuCount')).toBe('SKU count')
    expect(paramLabel('id')).toBe('ID')
    expect(paramLabel('classIds')).toBe('Class IDs')
    expect(paramLabel('backgroundRGB')).toBe('Background RGB')
    expect(paramLabel('rgbMean')).toBe('RGB mean')
    expect(paramLabel('RGBMean')).toBe('RGB mean')
    expect(paramLabel('ipfsCid')).toBe('IPFS CID')
    expect(paramLabel('hsv_jitter')).toBe('HSV jitter')
    expect(paramLabel('cnnDepth')).toBe('CNN depth')
    expect(paramLabel('textureUrls')).toBe('Texture URLs')
    // Capitals the author wrote for an abbreviation the list lacks stay; a key all in capitals does not.
    expect(paramLabel('useXYZ')).toBe('Use XYZ')
    expect(paramLabel('MAX_SIZE')).toBe('Max size')
  })

  it('is the label the new-job form gives each field', () => {
    const fields = paramFields({
      type: 'object',
      properties: { skuCount: { type: 'integer' }, seedName: { type: 'string', title: 'Catalogue seed' } },
    })
    expect(fields.map((f) => f.label)).toEqual(['SKU count', 'Catalogue seed'])
  })
})
