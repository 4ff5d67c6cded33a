import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCaptured } from '@neuromation/devkit/runCaptured'
import { afterAll, describe, expect, it } from 'vitest'
import { ensembleKept, runSim2real } from './runSim2real.ts'

const dir = mkdtempSync(join(tmpdir(), 'sim2real-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('ensembleKept', () => {
  it('keeps the ensemble unless its best member leads by 0.5 points of the slice', () => {
    // Accuracies as the runner computes them (correct / n), float rounding included.
    expect(ensembleKept(970 / 1000, 970 / 1000, 1000)).toBe(true) // a tie
    expect(ensembleKept(966 / 1000, 970 / 1000, 1000)).toBe(true) // a lead of 4 images
    expect(ensembleKept(965 / 1000, 970 / 1000, 1000)).toBe(false) // 5 images: 0.5 points
    expect(ensembleKept(972 / 1000, 960 / 1000, 1000)).toBe(true)
    // The margin scales with the slice: 0.5 points of 200 images is one image.
    expect(ensembleKept(193 / 200, 193 / 200, 200)).toBe(true)
    expect(ensembleKept(192 / 200, 193 / 200, 200)).toBe(false)
  })
})

describe('npm run sim2real', () => {
  it('prints its help, naming the test-set rule and every flag', async () => {
    const { code, stdout } = await runCaptured(runSim2real, ['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('the test set is\nused once')
    expect(stdout).toContain('at most 1000 (issue 6')
    expect(stdout).toContain('mnist-train[50000:60000:10]')
    for (const flag of [
      '--out',
      '--epochs',
      '--samples-per-epoch',
      '--validation-size',
      '--augment',
      '--label-smoothing',
      '--learning-rate',
      '--average-epochs',
      '--ensemble',
      '--validation-only',
      '--json',
    ])
      expect(stdout).toContain(flag)
  })

  it('refuses a missing --out and bad numbers with the flag named, before any work', async () => {
    const missing = await runCaptured(runSim2real, ['--epochs', '1'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--out is required')
    const bad = await runCaptured(runSim2real, ['--out', dir, '--epochs', 'ten'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--epochs')
    const unknown = await runCaptured(runSim2real, ['--out', dir, '--test-on-train'])
    expect(unknown.code).toBe(2)
    const size = await runCaptured(runSim2real, ['--out', dir, '--validation-size', '0'])
    expect(size.code).toBe(2)
    expect(size.stderr).toContain('--validation-size must be an integer')
    // Issue 6's rule on real data: at most 1,000 training images for model selection.
    const tooMany = await runCaptured(runSim2real, ['--out', dir, '--validation-size', '1001'])
    expect(tooMany.code).toBe(2)
    expect(tooMany.stderr).toContain('--validation-size must be at most 1000, got 1001')
    expect(tooMany.stderr).toContain('at most 1,000 MNIST training images')
    const smoothing = await runCaptured(runSim2real, ['--out', dir, '--label-smoothing', '1.5'])
    expect(smoothing.code).toBe(2)
    expect(smoothing.stderr).toContain('--label-smoothing must be a number in [0, 1)')
    const average = await runCaptured(runSim2real, ['--out', dir, '--epochs', '5', '--average-epochs', '6'])
    expect(average.code).toBe(2)
    expect(average.stderr).toContain('--average-epochs must be an integer from 0 to 5')
    const ensemble = await runCaptured(runSim2real, ['--out', dir, '--ensemble', '0'])
    expect(ensemble.code).toBe(2)
    expect(ensemble.stderr).toContain('--ensemble')
    const emptyModel = await runCaptured(runSim2real, ['--out', dir, '--model', 'mnist-cnn,,mlp'])
    expect(emptyModel.code).toBe(2)
    expect(emptyModel.stderr).toContain('--model must name a preset or a model file, or several separated by commas')
    const augment = await runCaptured(runSim2real, ['--out', dir, '--augment', '[1]'])
    expect(augment.code).toBe(2)
    expect(augment.stderr).toContain('--augment must be a JSON object')
  })

  it('--validation-only trains, reports the slice and writes no test figures', async () => {
    const out = join(dir, 'tune')
    const { code, stdout, stderr } = await runCaptured(runSim2real, [
      '--out',
      out,
      '--epochs',
      '1',
      '--samples-per-epoch',
      '256',
      '--batch-size',
      '64',
      '--workers',
      '1',
      '--augment',
      '{"rotationDegrees":5}',
      '--model',
      'small-cnn,mlp',
      '--ensemble',
      '3',
      '--validation-only',
      '--json',
    ])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')
    // Three models, --model's list cycled, seeds 0 to 2, each in its own directory; the slice
    // chose between their ensemble and the best one.
    expect(summary).toMatchObject({ validation: 'mnist-train[50000:60000:10]', syntheticSamples: 768 })
    type Member = { model: string; seed: number; selectedEpoch: number }
    expect(summary.members.map((m: Member) => [m.model, m.seed, m.selectedEpoch])).toEqual([
      ['small-cnn', 0, 1],
      ['mlp', 1, 1],
      ['small-cnn', 2, 1],
    ])
    for (const k of [0, 1, 2]) expect(existsSync(join(out, 'members', String(k), 'model.json'))).toBe(true)
    const best = Math.max(...summary.members.map((m: { validationAccuracy: number }) => m.validationAccuracy))
    expect(summary.ensemble.selected).toBe(ensembleKept(summary.ensemble.validationAccuracy, best, 1000))
    expect(summary.validationAccuracy).toBe(summary.ensemble.selected ? summary.ensemble.validationAccuracy : best)
    expect(summary.selected).toMatch(summary.ensemble.selected ? /^the ensemble of 3 models/ : /alone/)
    expect(summary.validationAccuracy).toBeGreaterThanOrEqual(0)
    expect(summary.validationAccuracy).toBeLessThanOrEqual(1)
    // The slice's confusion matrix covers its 1,000 images, and its errors are drawn for tuning.
    expect(summary.confusion).toHaveLength(10)
    expect(summary.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1000)
    expect(existsSync(join(out, 'validation-misclassified.png'))).toBe(true)
    // The model is saved for inspection; no test figures exist anywhere.
    expect(existsSync(join(out, 'model.json'))).toBe(true)
    expect(existsSync(join(out, 'sim2real.json'))).toBe(false)
    expect(existsSync(join(out, 'misclassified.png'))).toBe(false)
    expect(stdout + stderr).not.toMatch(/MNIST test accuracy/)
  }, 240_000)

  it('trains one model in DIR itself when --model names one', async () => {
    const out = join(dir, 'single')
    const args = [
      '--out',
      out,
      '--model',
      'mnist-cnn',
      '--epochs',
      '1',
      '--samples-per-epoch',
      '128',
      '--batch-size',
      '64',
      '--workers',
      '1',
    ]
    const { code, stdout, stderr } = await runCaptured(runSim2real, [...args, '--validation-only', '--json'])
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')
    expect(summary).toMatchObject({ syntheticSamples: 128, selected: 'epoch 1' })
    expect(summary.members).toHaveLength(1)
    expect(summary.ensemble).toBeUndefined()
    expect(existsSync(join(out, 'model.json'))).toBe(true)
    expect(existsSync(join(out, 'members'))).toBe(false)
  }, 240_000)
})
