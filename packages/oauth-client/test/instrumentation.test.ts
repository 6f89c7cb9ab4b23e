import { describe, expect, it } from 'vitest'
import type { InstrumentedOperation, RadioWorkflowInstrumentation } from '../src/instrumentation'
import { connectInstance, HOUR_MS, INSTANCE, setUpMockedClient } from './support/mock-setup'

/** Records each operation with how it ended, and each call through the decorated ports. */
function createRecordingInstrumentation() {
  const operations: Array<{ operation: InstrumentedOperation; ended: 'returned' | 'threw'; depth: number }> = []
  const portCalls: string[] = []
  let depth = 0
  const instrumentation: RadioWorkflowInstrumentation = {
    instrumentPorts({ store, lock, transport, fetch }) {
      return {
        store,
        lock: { ...lock, tryAcquire: lock.tryAcquire.bind(lock), waitForChange: lock.waitForChange.bind(lock) },
        transport: (request) => {
          portCalls.push(`transport ${request.url}`)
          return transport(request)
        },
        fetch: (input, init) => {
          portCalls.push(`fetch ${String(input)}`)
          return fetch(input, init)
        },
      }
    },
    async traceOperation(operation, run) {
      depth++
      try {
        const result = await run()
        operations.push({ operation, ended: 'returned', depth })
        return result
      } catch (error) {
        operations.push({ operation, ended: 'threw', depth })
        throw error
      } finally {
        depth--
      }
    },
  }
  return { instrumentation, operations, portCalls }
}

describe('instrumentation hook', () => {
  it('wraps the code exchange, each refresh procedure and rw.fetch, and routes the calls through the decorated ports', async () => {
    const recording = createRecordingInstrumentation()
    const setup = setUpMockedClient({ instrumentation: recording.instrumentation })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    await Promise.all([setup.rw.getAccessToken(INSTANCE), setup.rw.getAccessToken(INSTANCE)])
    const response = await setup.rw.fetch(INSTANCE, '/instance', { method: 'GET' })
    expect(response.status).toBe(200)

    expect(recording.operations).toEqual([
      { operation: { name: 'code_exchange', instanceKey: INSTANCE }, ended: 'returned', depth: 1 },
      { operation: { name: 'refresh', instanceKey: INSTANCE }, ended: 'returned', depth: 1 },
      { operation: { name: 'fetch', instanceKey: INSTANCE, method: 'GET' }, ended: 'returned', depth: 1 },
    ])
    expect(recording.portCalls).toEqual([
      `transport ${setup.mock.urls.token}`,
      `transport ${setup.mock.urls.refresh}`,
      `fetch ${setup.mock.urls.api}/instance`,
    ])
  })

  it('hands the failure of an operation through unchanged', async () => {
    const recording = createRecordingInstrumentation()
    const setup = setUpMockedClient({ instrumentation: recording.instrumentation })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    setup.mock.faults.nextTokenResponses.push({ kind: 'invalid_grant', endpoint: 'refresh' })
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'reauthorization_required' })
    expect(recording.operations.at(-1)).toEqual({
      operation: { name: 'refresh', instanceKey: INSTANCE },
      ended: 'threw',
      depth: 1,
    })
  })

  it('keeps the store as the lease checker when the lock port is decorated (the store is the lock)', async () => {
    const recording = createRecordingInstrumentation()
    const setup = setUpMockedClient({ instrumentation: recording.instrumentation })
    await connectInstance(setup)
    setup.clock.advance(HOUR_MS + 1)
    const token = await setup.rw.getAccessToken(INSTANCE)
    expect((await setup.store.getConnection(INSTANCE))?.accessToken).toBe(token)
    expect(setup.mock.counters.refreshRequests).toBe(1)
  })
})
