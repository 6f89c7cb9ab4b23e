import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort } from '../src/find-free-port'
import { createUniqueRedisPrefix, deleteKeysWithPrefix, listKeysWithPrefix } from '../src/redis-keys'
import { DEMO_APP, type RunningExampleApp, startExampleApp } from '../src/start-example-app'
import { type RunningSharedMock, startSharedMock } from '../src/start-shared-mock'
import { findTokenLikeStrings } from '../src/token-leaks'
import { useBrowser } from '../src/use-browser'
import { connectInDemo, demoRow, runDemoAction, waitForDemoCell } from './support/demo-dashboard'

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
// The apps read their encryption key ring from RW_TOKEN_KEYS (id:base64key,...).
const RW_TOKEN_KEYS = `e2e:${Buffer.alloc(32, 5).toString('base64')}`
const INSTANCE = 'desert-broadcasters'

describe('two demo processes on one Redis, one shared mock', () => {
  const browser = useBrowser()
  // Redis is shared with other suites and CI runs: this run's keys only, deleted afterwards.
  const prefix = createUniqueRedisPrefix()
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  let mock: RunningSharedMock | undefined
  let first: RunningExampleApp | undefined
  let second: RunningExampleApp | undefined

  beforeAll(async () => {
    await redis.connect()
    const ports = [await findFreePort(), await findFreePort()]
    mock = await startSharedMock(ports)
    const env = { REDIS_URL, RW_MOCK_URL: mock.url, RW_REDIS_PREFIX: prefix, RW_TOKEN_KEYS }
    ;[first, second] = await Promise.all(ports.map((port) => startExampleApp(DEMO_APP, { port, env })))
  })
  afterAll(async () => {
    await Promise.allSettled([first?.stop(), second?.stop(), mock?.stop()])
    try {
      await deleteKeysWithPrefix(redis, prefix)
      expect(await listKeysWithPrefix(redis, prefix)).toEqual([])
    } finally {
      redis.disconnect()
    }
    for (const app of [first, second]) if (app !== undefined) expect(findTokenLikeStrings(app.output())).toEqual([])
  })

  async function readConnection(app: RunningExampleApp) {
    const response = await fetch(`http://127.0.0.1:${app.port}/connections/${INSTANCE}`)
    return { status: response.status, body: await response.json() }
  }

  it('shows a connection made in A in B, and a refresh forced in B in A', async () => {
    if (first === undefined || second === undefined) throw new Error('the demos did not start')
    const pageA = browser.page()
    await connectInDemo(pageA, first.origin, { instance: INSTANCE })
    await waitForDemoCell(pageA, INSTANCE, 'version', '1')

    const pageB = await browser.context().newPage()
    await pageB.goto(`${second.origin}/`)
    await waitForDemoCell(pageB, INSTANCE, 'status', 'fresh')
    await waitForDemoCell(pageB, INSTANCE, 'version', '1')
    expect((await readConnection(second)).body).toMatchObject({ instanceKey: INSTANCE, status: 'active', version: 1 })
    // The record lives under this run's prefix, not the default one, encrypted with the RW_TOKEN_KEYS key.
    const [recordKey] = (await listKeysWithPrefix(redis, prefix)).filter((key) => key.endsWith(':connection'))
    expect(await redis.get(recordKey!)).toMatch(/^1\.e1\.e2e\./)

    expect(await runDemoAction(pageB, INSTANCE, 'refresh')).toContain('HTTP 200')
    // A refresh writes two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
    await waitForDemoCell(pageB, INSTANCE, 'version', '3')
    await waitForDemoCell(pageA, INSTANCE, 'version', '3')
    expect((await readConnection(first)).body).toMatchObject({ version: 3, lastRefreshAt: expect.any(Number) })

    // A uses the pair B refreshed: the shared mock accepts it.
    const apiResult = await runDemoAction(pageA, INSTANCE, 'call-api')
    expect(apiResult).toContain('HTTP 200')
    expect(apiResult).toContain('Desert Broadcasters')

    expect(await runDemoAction(pageA, INSTANCE, 'disconnect')).toContain('"disconnected": true')
    await demoRow(pageB, INSTANCE).waitFor({ state: 'detached' })
    expect((await readConnection(second)).status).toBe(404)
    for (const page of [pageA, pageB]) expect(findTokenLikeStrings(await page.content())).toEqual([])
  })
})
