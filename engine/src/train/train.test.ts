import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadBundle } from '../bundle/loadBundle.ts'
import { createSandboxPool, type SandboxPool } from '../sandbox/createSandboxPool.ts'
import { loadModelDir } from '../sim2real/loadModelDir.ts'
import { createGeneratorSource } from './createGeneratorSource.ts'
import { type LabelledSet, train } from './train.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/bars', import.meta.url))
const CLI = fileURLToPath(new URL('../../bin/neuro-train.mjs', import.meta.url))

// Small enough to run in well under a minute on a quiet 2-core machine (timeouts allow for a
// busy one), large enough that the classes are learned.
const RUN = { model: 'small-cnn', epochs: 3, samplesPerEpoch: 384, batchSize: 32, workers: 2 }

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else out.push(relative(root, path))
    }
  }
  await walk(root)
  return out.sort()
}

function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, done }
}

describe('train', () => {
  let pool: SandboxPool
  let validation: LabelledSet
  let work: string

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'neuro-train-test-'))
    pool = await createSandboxPool({ bundle: await loadBundle(FIXTURE), workers: 1 })
    // Held-out samples of another seed stand in for "real" data in these tests.
    const held = createGeneratorSource({ pool, seed: 999 })
    const batch = await held.read(0, 300)
    validation = { name: 'bars-seed-999', x: batch.x, labels: batch.labels }
  })

  afterAll(async () => {
    await pool?.close()
    await rm(work, { recursive: true, force: true })
  })

  it('learns a toy generator from its stream and writes a model plain tfjs loads over HTTP', async () => {
    const out = join(work, 'converge')
    const events: string[] = []
    const result = await train({
      source: createGeneratorSource({ pool, seed: 1 }),
      outDir: out,
      ...RUN,
      validation,
      onEvent: (e) => events.push(e.type),
    })
    const last = result.metrics.epochs.at(-1)!
    expect(result.metrics.epochs).toHaveLength(3)
    expect(result.metrics.backend).toBe('wasm')
    expect(result.metrics.samplesUsed).toBe(3 * 384)
    expect(last.validationAccuracy).toBeGreaterThan(0.9)
    expect(result.metrics.epochs[0].loss).toBeGreaterThan(last.loss)
    expect(events.filter((e) => e === 'epoch')).toHaveLength(3)

    // A consumer with nothing but @tensorflow/tfjs: fetch model.json and weights.bin over HTTP.
    const server: Server = createServer(async (req, res) => {
      try {
        res.end(await readFile(join(out, (req.url ?? '/').slice(1))))
      } catch {
        res.statusCode = 404
        res.end()
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as { port: number }).port
      const model = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`)
      const probs = model.predict(tf.tensor(validation.x, [validation.labels.length, 8, 8, 1])) as tf.Tensor
      const predicted = probs.argMax(-1).dataSync()
      let correct = 0
      predicted.forEach((p, i) => {
        if (p === validation.labels[i]) correct++
      })
      // The loaded model is the selected (best-validation) epoch: same accuracy as recorded.
      const selected = result.metrics.epochs[result.metrics.selectedEpoch - 1]
      expect(correct / validation.labels.length).toBeCloseTo(selected.validationAccuracy!, 5)
      expect(probs.sum(-1).dataSync()[0]).toBeCloseTo(1, 5)
    } finally {
      server.close()
    }
  }, 300_000)

  it('keeps batch-norm statistics identical across replicas: the saved model scores what the runner measured', async () => {
    const out = join(work, 'batchnorm')
    const result = await train({
      source: createGeneratorSource({ pool, seed: 3 }),
      outDir: out,
      model: 'mnist-cnn-bn',
      epochs: 1,
      samplesPerEpoch: 256,
      batchSize: 32,
      workers: 2,
      labelSmoothing: 0.1,
      validation,
    })
    expect(result.metrics.labelSmoothing).toBe(0.1)
    const model = await loadModelDir(result.modelPath)
    try {
      // Moving statistics were learned (not the initial 0 mean / 1 variance)...
      const movingMean = model.nonTrainableWeights[0].read().dataSync()
      expect(movingMean.some((v) => Math.abs(v) > 1e-3)).toBe(true)
      // ...and are the ones both replicas evaluated with (each scored half of the validation set):
      // the loss, which any difference in the statistics would move, is the one the runner saw.
      const n = validation.labels.length
      const loss = tf.tidy(() => {
        const probs = model.predict(tf.tensor(validation.x, [n, 8, 8, 1])) as tf.Tensor
        const picked = tf.sum(tf.mul(probs, tf.oneHot(tf.tensor1d(validation.labels, 'int32'), probs.shape[1] as number)), -1)
        return -tf.sum(tf.log(tf.clipByValue(picked, 1e-7, 1))).dataSync()[0] / n
      })
      expect(loss).toBeCloseTo(result.metrics.epochs[0].validationLoss!, 4)
    } finally {
      model.dispose()
    }
  }, 300_000)

  it('trains the averaged two-tower preset as one model that plain tfjs loads', async () => {
    const result = await train({
      source: createGeneratorSource({ pool, seed: 4 }),
      outDir: join(work, 'ensemble'),
      ...RUN,
      model: 'mnist-cnn-x2',
      epochs: 2,
      validation,
    })
    expect(result.metrics.epochs.at(-1)!.validationAccuracy).toBeGreaterThan(0.9)
    const model = await loadModelDir(result.modelPath)
    try {
      // Two towers, independently initialised: their first kernels differ.
      const kernels = model.weights.filter((w) => (w.shape as number[]).length === 4 && w.shape[0] === 5)
      expect(kernels).toHaveLength(2)
      expect(Array.from(kernels[0].read().dataSync())).not.toEqual(Array.from(kernels[1].read().dataSync()))
      const sums = tf.tidy(() =>
        (model.predict(tf.tensor(validation.x.subarray(0, 10 * 64), [10, 8, 8, 1])) as tf.Tensor).sum(-1).dataSync(),
      )
      for (const s of sums) expect(s).toBeCloseTo(1, 5)
    } finally {
      model.dispose()
    }
  }, 300_000)

  it("averages the last epochs' weights and keeps the average only when it validates better", async () => {
    const scored = async (dir: string) => {
      const model = await loadModelDir(join(dir, 'model.json'))
      const predicted = tf.tidy(() =>
        (model.predict(tf.tensor(validation.x, [validation.labels.length, 8, 8, 1])) as tf.Tensor).argMax(-1).dataSync(),
      )
      model.dispose()
      let correct = 0
      predicted.forEach((p, i) => {
        if (p === validation.labels[i]) correct++
      })
      return correct / validation.labels.length
    }
    const out = join(work, 'averaged')
    const { metrics } = await train({
      source: createGeneratorSource({ pool, seed: 4 }),
      outDir: out,
      ...RUN,
      validation,
      averageEpochs: 2,
    })
    expect(metrics.average).toMatchObject({ fromEpoch: 2, toEpoch: 3 })
    const average = metrics.average!
    const bestEpoch = Math.max(...metrics.epochs.map((e) => e.validationAccuracy!))
    expect(average.selected).toBe(average.validationAccuracy! > bestEpoch)
    // The written model is whichever won, and scores what the runner measured for it.
    expect(await scored(out)).toBeCloseTo(average.selected ? average.validationAccuracy! : bestEpoch, 5)

    // Without validation the average is the model: not the last epoch's weights (a plain run of the
    // same stream ends on those).
    const plain = join(work, 'plain-last')
    const averagedOnly = join(work, 'averaged-only')
    await train({ source: createGeneratorSource({ pool, seed: 4 }), outDir: plain, ...RUN })
    const only = await train({ source: createGeneratorSource({ pool, seed: 4 }), outDir: averagedOnly, ...RUN, averageEpochs: 3 })
    expect(only.metrics.average).toEqual({ fromEpoch: 1, toEpoch: 3, selected: true })
    expect(only.metrics.selectedEpoch).toBe(3)
    const a = await readFile(join(plain, 'weights.bin'))
    const b = await readFile(join(averagedOnly, 'weights.bin'))
    expect(b.length).toBe(a.length)
    expect(b.equals(a)).toBe(false)
    // The average's checkpoint file is kept for a resume, and only the latest one.
    const files = await readdir(join(averagedOnly, 'checkpoint'))
    expect(files.filter((f) => f.startsWith('avg-'))).toEqual(['avg-00000003.bin'])

    await expect(
      train({ source: createGeneratorSource({ pool, seed: 4 }), outDir: join(work, 'bad-average'), ...RUN, averageEpochs: 4 }),
    ).rejects.toThrow('averageEpochs must be an integer from 0 to epochs (3), got 4')
  }, 300_000)

  it('refuses to resume a checkpoint of a different run', async () => {
    const out = join(work, 'converge')
    await expect(train({ source: createGeneratorSource({ pool, seed: 2 }), outDir: out, ...RUN, validation })).rejects.toThrow(
      /checkpoint of a different run.*--fresh/,
    )
  })

  it('checkpoints and stops cleanly when aborted (SIGINT in the CLI)', async () => {
    const out = join(work, 'aborted')
    const controller = new AbortController()
    const run = train({
      source: createGeneratorSource({ pool, seed: 3 }),
      outDir: out,
      ...RUN,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'step' && e.step === 4) controller.abort()
      },
    })
    await expect(run).rejects.toThrow(/training stopped: checkpoint saved at step [45]; rerun the same command to resume/)
    const state = JSON.parse(await readFile(join(out, 'checkpoint', 'state.json'), 'utf8'))
    expect([4, 5]).toContain(state.step)
  }, 300_000)

  it('resumes bit-exactly after SIGKILL and writes nothing but model, metrics and checkpoints', async () => {
    const cwd = await mkdtemp(join(work, 'cwd-'))
    const temp = await mkdtemp(join(work, 'tmp-'))
    const args = (out: string) => [
      '--generator',
      FIXTURE,
      '--out',
      out,
      '--model',
      RUN.model,
      '--epochs',
      '3',
      '--samples-per-epoch',
      '384',
      '--batch-size',
      '32',
      '--workers',
      '2',
      '--checkpoint-seconds',
      '1',
      '--seed',
      '5',
      '--json',
    ]
    const env = { TMPDIR: temp }

    // Uninterrupted reference run.
    const reference = await runCli(args('reference'), { cwd, env }).done
    expect(reference.code, reference.stderr).toBe(0)

    // Same run, killed hard once a mid-run checkpoint exists, then rerun.
    const first = runCli(args('killed'), { cwd, env })
    const state = join(cwd, 'killed', 'checkpoint', 'state.json')
    let killedAt = 0
    for (let i = 0; i < 1200 && killedAt === 0; i++) {
      await new Promise((r) => setTimeout(r, 100))
      try {
        const step = JSON.parse(await readFile(state, 'utf8')).step as number
        if (step > 0 && step < 36) {
          first.child.kill('SIGKILL')
          killedAt = step
        }
      } catch {
        // not written yet
      }
    }
    const killed = await first.done
    expect(killedAt, 'a checkpoint appeared before the end').toBeGreaterThan(0)
    expect(killed.signal).toBe('SIGKILL')
    const resumed = await runCli(args('killed'), { cwd, env }).done
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toMatch(/resuming from step \d+/)
    const metrics = JSON.parse(resumed.stdout)
    expect(metrics.resumedFromStep).toBeGreaterThanOrEqual(killedAt)
    expect(metrics.epochs).toHaveLength(3)

    // Deterministic replicas + indexed stream + exact optimizer state = the same model bytes.
    const a = await readFile(join(cwd, 'reference', 'weights.bin'))
    const b = await readFile(join(cwd, 'killed', 'weights.bin'))
    expect(b.equals(a)).toBe(true)

    // Disk: only the model, the metrics and the checkpoint directory; nothing in cwd or TMPDIR
    // apart from tsx's compile cache (the TypeScript loader, not training data).
    const files = await listFiles(cwd)
    for (const f of files)
      expect(f).toMatch(
        /^(reference|killed)\/(model\.json|weights\.bin|metrics\.json|checkpoint\/(state\.json|step-\d{8}\.bin))$/,
      )
    expect(files).toContain('killed/model.json')
    const temps = (await listFiles(temp)).filter((f) => !f.startsWith('tsx-'))
    expect(temps).toEqual([])
    expect((await stat(join(cwd, 'killed', 'weights.bin'))).size).toBe(a.length)
  }, 600_000)
})
