import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCaptured } from '@neuromation/devkit/runCaptured'
import { afterAll, describe, expect, it } from 'vitest'
import { runNeuroTrain } from './runNeuroTrain.ts'

const BARS = fileURLToPath(new URL('../train/fixtures/bars', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'neuro-train-cli-'))

// In-process run with stdout/stderr captured: help and argument errors exit before training.
function runHere(...args: string[]) {
  return runCaptured(runNeuroTrain, args)
}

describe('neuro-train', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints its flags with --help', async () => {
    const r = await runHere('--help')
    expect(r.code).toBe(0)
    for (const flag of ['--generator', '--out', '--model', '--epochs', '--validation', '--fresh', '--json'])
      expect(r.stdout).toContain(flag)
  })

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown flag', ['--generator', BARS, '--out', dir, '--epoch', '3'], /unknown flag --epoch .*--help/],
    ['no generator', ['--out', dir], /--generator is required/],
    ['no output directory', ['--generator', BARS], /--out is required/],
    ['a non-integer epoch count', ['--generator', BARS, '--out', dir, '--epochs', '2.5'], /--epochs must be an integer from 1/],
    ['a zero batch size', ['--generator', BARS, '--out', dir, '--batch-size', '0'], /--batch-size must be an integer from 1/],
    [
      'a learning rate out of range',
      ['--generator', BARS, '--out', dir, '--learning-rate', '3'],
      /--learning-rate must be a number between 0 and 1/,
    ],
    [
      'an unknown backend',
      ['--generator', BARS, '--out', dir, '--backend', 'cuda'],
      /--backend must be one of tensorflow-gpu, tensorflow, webgpu, wasm, cpu/,
    ],
    [
      'a validation set that is not known',
      ['--generator', BARS, '--out', dir, '--validation', 'imagenet'],
      /--validation must be "mnist" or "mnist:N"/,
    ],
    [
      'more real images than the validation budget',
      ['--generator', BARS, '--out', dir, '--validation', 'mnist:5000'],
      /N from 1 to 1000/,
    ],
    ['half of an IDX pair', ['--generator', BARS, '--out', dir, '--validation-images', 'x'], /go together/],
    ['params that are not JSON', ['--generator', BARS, '--out', dir, '--params', '{noise:'], /--params is not valid JSON/],
  ]
  for (const [what, args, message] of usageErrors) {
    it(`exits 2 with a clear message for ${what}`, async () => {
      const r = await runHere(...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
    })
  }

  it('rejects params the generator schema does not allow', async () => {
    const r = await runHere('--generator', BARS, '--out', join(dir, 'p'), '--params', '{"noise": 7}')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/noise/)
  })

  it('names the presets when the model is neither a preset nor a file', async () => {
    const r = await runHere('--generator', BARS, '--out', join(dir, 'm'), '--model', 'resnet')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/unknown model "resnet".*mnist-cnn, mnist-cnn-bn, mnist-cnn-wide, mnist-cnn-x2, small-cnn, mlp/)
  })

  it('explains a model whose input does not fit the generator', async () => {
    const file = join(dir, 'mnist-shaped.json')
    const topology = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'Flatten', config: { name: 'f', batch_input_shape: [null, 28, 28, 1] } },
          { class_name: 'Dense', config: { name: 'd', units: 3, activation: 'softmax' } },
        ],
      },
    }
    writeFileSync(file, JSON.stringify(topology))
    const r = await runHere('--generator', BARS, '--out', join(dir, 'f'), '--model', file)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/takes inputs of shape \[28, 28, 1\] but the generator makes \[8, 8, 1\]/)
  })

  it('reports a missing model file', async () => {
    const r = await runHere('--generator', BARS, '--out', join(dir, 'g'), '--model', join(dir, 'nope.json'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/does not exist/)
  })
})
