import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { connectInstance, INSTANCE, setUpMockedClient } from './support/mock-setup'

describe('full authorization-code flow against the mock Radio Workflow', () => {
  it('connects an instance, hands out its token and calls the API with it', async () => {
    const setup = setUpMockedClient()
    const connected: unknown[] = []
    setup.rw.on('connected', (payload) => connected.push(payload))

    const completed = await connectInstance(setup)
    expect(completed.instanceKey).toBe(INSTANCE)
    expect(completed.returnTo).toBe('/dashboard')
    expect(completed.connection).toMatchObject({ instanceKey: INSTANCE, status: 'active', version: 1, expiry: 'fresh' })
    expect(connected).toEqual([{ instanceKey: INSTANCE, version: 1 }])

    const token = await setup.rw.getAccessToken(INSTANCE)
    const issued = setup.mock.issued().filter((entry) => entry.kind === 'access_token')
    expect(issued.map((entry) => entry.value)).toContain(token)

    const response = await setup.rw.fetch(INSTANCE, '/instance')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ key: INSTANCE, name: 'Desert Broadcasters' })
    expect(setup.mock.counters.tokenRequests).toBe(1)
    expect(setup.mock.counters.refreshRequests).toBe(0)
  })

  it('never prints a token or the secret (rw, connection info, errors)', async () => {
    const setup = setUpMockedClient()
    const completed = await connectInstance(setup)
    const secrets = setup.mock.issued().map((entry) => entry.value)
    secrets.push('mock-partner-secret')
    const error = await setup.rw.getAccessToken('coastal-fm').catch((caught: unknown) => caught)
    const printed = [
      inspect(setup.rw, { depth: 10 }),
      JSON.stringify(setup.rw),
      String(setup.rw),
      inspect(completed, { depth: 10 }),
      JSON.stringify(await setup.rw.getConnection(INSTANCE)),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      inspect(setup.rw.config, { depth: 10 }),
    ].join('\n')
    for (const secret of secrets) expect(printed).not.toContain(secret)
    expect(printed).toContain(INSTANCE)
  })

  it('reconnecting an instance replaces its record with the next version', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const first = await setup.rw.getAccessToken(INSTANCE)
    const again = await connectInstance(setup)
    expect(again.connection.version).toBe(2)
    expect(await setup.rw.getAccessToken(INSTANCE)).not.toBe(first)
  })

  it('disconnect deletes the connection and emits an event', async () => {
    const setup = setUpMockedClient()
    await connectInstance(setup)
    const events: unknown[] = []
    setup.rw.on('disconnected', (payload) => events.push(payload))
    expect(await setup.rw.disconnect(INSTANCE)).toBe(true)
    expect(await setup.rw.disconnect(INSTANCE)).toBe(false)
    expect(events).toEqual([{ instanceKey: INSTANCE }])
    expect(await setup.rw.getConnection(INSTANCE)).toBeNull()
    await expect(setup.rw.getAccessToken(INSTANCE)).rejects.toMatchObject({ code: 'not_connected' })
  })
})
