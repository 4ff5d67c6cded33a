import { connect } from 'node:net'
import { createLogger } from '@neuromation/runtime'
import { type ExecutorStatus, parseExecutorStatus } from '@neuromation/sdk'
import { afterEach, describe, expect, it } from 'vitest'
import { Metrics } from './Metrics'
import { ProgressBoard } from './ProgressBoard'
import { serveMetrics } from './serveMetrics'

const executor = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

const silent = createLogger({ level: 'silent' })

async function serve(board: ProgressBoard, options: { status?: () => ExecutorStatus; logger?: typeof silent } = {}) {
  const metrics = new Metrics()
  metrics.inc('neuro_executor_tasks_run_total', 3)
  const server = await serveMetrics(metrics, {
    host: '127.0.0.1',
    port: 0,
    health: () => ({ ok: true, detail: { executor } }),
    status: options.status ?? (() => board.report(1_790_000_000_000)),
    logger: options.logger ?? silent,
  })
  closers.push(server.close)
  return { url: `http://127.0.0.1:${server.port}`, port: server.port }
}

/** Sends `request` as raw bytes (what fetch would refuse to send) and resolves with the reply's text. */
function sendRaw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let reply = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      reply += chunk
    })
    socket.on('end', () => resolve(reply))
    socket.on('error', reject)
  })
}

describe('serveMetrics', () => {
  it('serves /status as JSON any origin may read, next to /metrics and /health', async () => {
    const board = new ProgressBoard(executor)
    board.set(7n, { jobId: '2', tasksTotal: 3, state: 'queued' })
    board.set(5n, { jobId: '1', state: 'running', tasksDone: 0, tasksTotal: 2, samplesDone: 0, samplesTotal: 200 })
    board.samples(5n, 130, 1)
    const { url } = await serve(board)

    const response = await fetch(`${url}/status?t=1`, { headers: { origin: 'http://127.0.0.1:5173' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('cache-control')).toBe('no-store')
    // What the dApp reads passes the sdk's validation as served.
    const status = parseExecutorStatus(await response.text())
    expect(status).toEqual({
      format: 'neuromation-executor-status/1',
      executor,
      updatedAt: 1_790_000_000_000,
      assignments: [
        { assignmentId: '5', jobId: '1', state: 'running', tasksDone: 1, tasksTotal: 2, samplesDone: 130, samplesTotal: 200 },
        { assignmentId: '7', jobId: '2', state: 'queued', tasksDone: 0, tasksTotal: 3, samplesDone: null, samplesTotal: null },
      ],
    })

    const preflight = await fetch(`${url}/status`, { method: 'OPTIONS' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS')
    const posted = await fetch(`${url}/status`, { method: 'POST' })
    expect(posted.status).toBe(405)
    expect(posted.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    // The read-only endpoints refuse writes too, saying what to send.
    for (const path of ['/metrics', '/health']) {
      const refused = await fetch(`${url}${path}`, { method: 'POST', body: 'x' })
      expect(refused.status).toBe(405)
      expect(refused.headers.get('allow')).toBe('GET, HEAD')
      expect(await refused.text()).toBe(`method POST not allowed on ${path}: use GET, HEAD\n`)
    }
    const head = await fetch(`${url}/metrics`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('neuro_executor_tasks_run_total 3')
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true, executor })
    const missing = await fetch(`${url}/nope`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('not found: try /metrics, /health or /status\n')
  })

  it('follows an assignment from queued to failed or gone', async () => {
    const board = new ProgressBoard(executor)
    const { url } = await serve(board)
    const read = async () => parseExecutorStatus(await (await fetch(`${url}/status`)).text()).assignments
    expect(await read()).toEqual([])

    board.set(9n, { jobId: '4', tasksTotal: 1, state: 'running', samplesDone: 0, samplesTotal: 10 })
    board.set(9n, { state: 'uploading' })
    expect(await read()).toEqual([
      { assignmentId: '9', jobId: '4', state: 'uploading', tasksDone: 0, tasksTotal: 1, samplesDone: 0, samplesTotal: 10 },
    ])
    board.set(9n, { state: 'failed', error: 'the bundle ran out of memory' })
    expect((await read())[0]).toMatchObject({ state: 'failed', error: 'the bundle ran out of memory' })
    // A retry clears the error; the result on the chain removes the entry.
    board.set(9n, { state: 'queued' })
    expect((await read())[0]).not.toHaveProperty('error')
    board.remove(9n)
    expect(await read()).toEqual([])
  })

  it('answers 400 to a request target that is no URL, and keeps serving', async () => {
    const { url, port } = await serve(new ProgressBoard(executor))
    const reply = await sendRaw(port, 'GET http://[/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    expect(reply).toMatch(/^HTTP\/1\.1 400 /)
    expect(reply).toContain('the request target is not a URL path')
    expect((await fetch(`${url}/health`)).status).toBe(200)
  })

  it('answers 500 and logs when a handler throws, and keeps serving', async () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'error', format: 'json', sink: (line) => lines.push(line) })
    let broken = true
    const board = new ProgressBoard(executor)
    const { url } = await serve(board, {
      logger,
      status: () => {
        if (broken) throw new Error('the board is broken')
        return board.report(1_790_000_000_000)
      },
    })
    const response = await fetch(`${url}/status`)
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('internal error; see the executor log\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'error', msg: 'metrics request failed', url: '/status' })
    expect(lines[0]).toContain('the board is broken')
    broken = false
    expect((await fetch(`${url}/status`)).status).toBe(200)
  })
})
