import { describe, expect, it } from 'vitest'
import { connectInstance, HOUR_MS, setUpMockedClient } from './support/mock-setup'

const STATIONS = Array.from({ length: 8 }, (_, index) => `station-${index}`)

describe('the token endpoint circuit breaker', () => {
  it('opens after repeated failures across instances, probes once per interval, and closes on success', async () => {
    const setup = setUpMockedClient(
      { circuitBreaker: { failureThreshold: 3, windowMs: 60_000, openMs: 60_000, probeIntervalMs: 5_000 } },
      { instances: STATIONS.map((key) => ({ key, name: key })) },
    )
    for (const station of STATIONS) await connectInstance(setup, station)
    setup.clock.advance(HOUR_MS + 1)
    for (let i = 0; i < 20; i++)
      setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })

    const outcomes = []
    for (const station of STATIONS) {
      outcomes.push(
        await setup.rw
          .getAccessToken(station)
          .catch((error: { code: string; reason?: string }) => error.reason ?? error.code),
      )
    }
    // Three requests failed, then the circuit held everyone else back without a request.
    expect(outcomes).toEqual([
      'token_response_invalid',
      'token_response_invalid',
      'token_response_invalid',
      ...Array(5).fill('circuit_open'),
    ])
    expect(setup.mock.counters.refreshRequests).toBe(3)

    // Half-open: one probe per interval; it fails and the others are still held back.
    setup.clock.advance(5_000)
    const probe = await Promise.all(
      STATIONS.slice(3).map((station) =>
        setup.rw
          .getAccessToken(station)
          .catch((error: { reason?: string; code: string }) => error.reason ?? error.code),
      ),
    )
    expect(probe.filter((outcome) => outcome === 'circuit_open')).toHaveLength(4)
    expect(setup.mock.counters.refreshRequests).toBe(4)

    // The endpoint recovers: the next probe succeeds and closes the circuit for everyone.
    setup.mock.faults.nextTokenResponses.length = 0
    setup.clock.advance(5_000)
    const recovered = await setup.rw.getAccessToken('station-7')
    expect(recovered).toBeTypeOf('string')
    const rest = await Promise.all(STATIONS.slice(3, 7).map((station) => setup.rw.getAccessToken(station)))
    expect(rest.every((token) => typeof token === 'string')).toBe(true)
  })

  it('still serves valid tokens while the circuit is open', async () => {
    const setup = setUpMockedClient(
      { circuitBreaker: { failureThreshold: 1, openMs: 60_000 } },
      { instances: STATIONS.slice(0, 2).map((key) => ({ key, name: key })) },
    )
    await connectInstance(setup, 'station-0')
    await connectInstance(setup, 'station-1')
    const valid = await setup.rw.getAccessToken('station-1')
    setup.mock.faults.nextTokenResponses.push({ kind: 'html5xx', status: 503, endpoint: 'refresh' })
    await expect(setup.rw.refresh('station-0')).rejects.toMatchObject({ code: 'token_response_invalid' })
    // Due but valid: served at once; the refresh behind it is held back by the open circuit.
    setup.clock.advance(HOUR_MS - 60_000)
    expect(await setup.rw.getAccessToken('station-1')).toBe(valid)
    expect(setup.mock.counters.refreshRequests).toBe(1)
  })
})
