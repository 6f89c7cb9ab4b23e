import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFetchTransport } from '../src/fetch-transport'

const TIMEOUT_MS = 1_000
const flags = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT))
let worker: Worker
let url: string

beforeAll(async () => {
  worker = new Worker(new URL('./support/held-answer-server.mjs', import.meta.url), {
    workerData: { flags: flags.buffer },
  })
  const port = await new Promise<number>((resolve) => worker.once('message', resolve))
  url = `http://127.0.0.1:${port}/refresh`
})

afterAll(async () => {
  worker.postMessage('close')
  await new Promise((resolve) => worker.once('exit', resolve))
})

/** Lets the event loop run until the server thread has the whole request (polling a shared flag, no timer). */
async function waitUntilReceived(exchange: Promise<unknown>): Promise<void> {
  let settled = false
  exchange.then(
    () => (settled = true),
    () => (settled = true),
  )
  while (Atomics.load(flags, 0) === 0) {
    if (settled) throw new Error('The exchange ended before the server had the request: the machine is too slow.')
    await new Promise((resolve) => setImmediate(resolve))
  }
}

// A process stalled past its deadline (GC, CPU starvation, SIGSTOP) wakes with the timer overdue and the
// answer already in its socket. That answer may carry a rotated refresh token: it must be read, not dropped.
it('reads an answer that arrived while the process was stalled past its deadline', async () => {
  const transport = createFetchTransport({ timeoutMs: TIMEOUT_MS })
  const startedAt = performance.now()
  const exchange = transport({ method: 'POST', url, headers: {}, body: 'grant_type=refresh_token' })
  await waitUntilReceived(exchange)
  Atomics.store(flags, 1, 1)
  Atomics.notify(flags, 1)
  // The stall: this thread blocks until the answer is written and the deadline is overdue.
  Atomics.wait(flags, 2, 0)
  while (performance.now() - startedAt < TIMEOUT_MS + 300) {
    // Busy on purpose: a stalled thread, not a wait for something to happen.
  }
  const response = await exchange
  expect(response.status).toBe(200)
  expect(JSON.parse(response.body)).toMatchObject({ refresh_token: 'RT-late' })
})
