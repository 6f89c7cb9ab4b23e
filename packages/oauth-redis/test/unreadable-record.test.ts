import { createRadioWorkflow, type RadioWorkflow, type RadioWorkflowLogger } from '@rw/oauth-client'
import { consentAtMock, createMockSetup, type MockRadioWorkflow } from '@rw/oauth-testing'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { KeySchema } from '../src/key-schema'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'

const INSTANCE = 'desert-broadcasters'
const K1 = { id: 'k1', key: Buffer.alloc(32, 7).toString('base64') }
const K2 = { id: 'k2', key: Buffer.alloc(32, 8).toString('base64') }

function createRecordingLogger(): RadioWorkflowLogger & { readonly warnings: string[] } {
  const warnings: string[] = []
  return { warnings, debug() {}, warn: (message) => void warnings.push(message), error() {} }
}

describe('a record the store cannot read (README: turn encryption on later; key left the ring; tampered; wrong type)', () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  let prefix: string
  let mock: MockRadioWorkflow
  let clientOptions: ReturnType<typeof createMockSetup>['clientOptions']
  const stores: RedisTokenStore[] = []

  beforeEach(() => {
    prefix = createTestPrefix('unreadable')
    ;({ mock, clientOptions } = createMockSetup())
  })
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
    await deleteKeysWithPrefix(redis, prefix)
  })
  afterAll(async () => {
    await redis.quit()
  })

  function createClient(encryption: (typeof K1)[] | null, logger = createRecordingLogger()) {
    const store = new RedisTokenStore({
      redis,
      prefix,
      logger,
      ...(encryption ? { encryption: { keys: encryption } } : {}),
    })
    stores.push(store)
    return { rw: createRadioWorkflow({ ...clientOptions, store, logger }), logger }
  }

  async function connect(rw: RadioWorkflow) {
    const started = await rw.startAuthorization({ instanceKey: INSTANCE })
    const callbackUrl = await consentAtMock(mock, started.url, { instanceKey: INSTANCE, scopes: ['basic'] })
    return rw.completeAuthorization(callbackUrl, { binding: started.binding })
  }

  const recordKey = () => new KeySchema(prefix).createInstanceKeys(INSTANCE).record

  const corruptions: Array<[string, () => Promise<void>, (typeof K1)[]]> = [
    ['plaintext, after encryption was turned on', async () => void (await connect(createClient(null).rw)), [K1]],
    ['encrypted with a key that left the ring', async () => void (await connect(createClient([K2]).rw)), [K1]],
    [
      'tampered ciphertext',
      async () => {
        await connect(createClient([K1]).rw)
        const stored = (await redis.get(recordKey())) as string
        await redis.set(recordKey(), `${stored.slice(0, -4)}AAAA`)
      },
      [K1],
    ],
    ['a key of the wrong Redis type', async () => void (await redis.hset(recordKey(), 'x', '1')), [K1]],
  ]

  for (const [name, corrupt, ring] of corruptions) {
    it(`${name}: a reconnect replaces it with a warning, exchanging the code once`, async () => {
      await corrupt()
      const { rw, logger } = createClient(ring)
      await expect(rw.getConnection(INSTANCE)).rejects.toMatchObject({ code: 'store_corrupted' })
      const before = mock.counters.tokenRequests
      const completed = await connect(rw)
      expect(completed.connection).toMatchObject({ status: 'active', version: 1 })
      expect(mock.counters.tokenRequests).toBe(before + 1)
      expect(await rw.getAccessToken(INSTANCE)).toEqual(expect.any(String))
      expect(logger.warnings.join('\n')).toMatch(/could not be read; the reconnect replaces it/)
    })

    it(`${name}: disconnect deletes it`, async () => {
      await corrupt()
      const { rw } = createClient(ring)
      const disconnected: string[] = []
      rw.on('disconnected', ({ instanceKey }) => void disconnected.push(instanceKey))
      expect(await rw.disconnect(INSTANCE)).toBe(true)
      expect(await redis.exists(recordKey())).toBe(0)
      expect(await rw.getConnection(INSTANCE)).toBeNull()
      expect(disconnected).toEqual([INSTANCE])
    })
  }

  it('a reconnect never spends the code when the store cannot be reached', async () => {
    const { rw } = createClient([K1])
    const started = await rw.startAuthorization({ instanceKey: INSTANCE })
    const callbackUrl = await consentAtMock(mock, started.url, { instanceKey: INSTANCE, scopes: ['basic'] })
    const offline = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
    const downStore = new RedisTokenStore({
      redis: offline,
      prefix,
      encryption: { keys: [K1] },
      logger: createRecordingLogger(),
    })
    stores.push(downStore)
    offline.disconnect()
    // The pending authorization lives in the reachable store; only the connection read fails.
    const split = createRadioWorkflow({
      ...clientOptions,
      logger: createRecordingLogger(),
      store: {
        getConnection: (key) => downStore.getConnection(key),
        saveConnection: (record, options) => downStore.saveConnection(record, options),
        deleteConnection: (key, options) => downStore.deleteConnection(key, options),
        savePendingAuthorization: (pending) => stores[0]!.savePendingAuthorization(pending),
        consumePendingAuthorization: (stateId) => stores[0]!.consumePendingAuthorization(stateId),
      },
    })
    await expect(split.completeAuthorization(callbackUrl, { binding: started.binding })).rejects.toMatchObject({
      code: 'store_unavailable',
    })
    expect(mock.counters.tokenRequests).toBe(0)
  })

  it('a stored token with CR/LF, spaces or non-ASCII is store_corrupted, never an untyped TypeError', async () => {
    const { rw } = createClient(null)
    await connect(rw)
    const stored = JSON.parse(((await redis.get(recordKey())) as string).replace(/^1\.p1\./, '')) as Record<
      string,
      unknown
    >
    for (const accessToken of ['abc\r\nX-Injected: 1', 'abc def', 'abc-ü']) {
      await redis.set(recordKey(), `1.p1.${JSON.stringify({ ...stored, accessToken })}`)
      await expect(rw.fetch(INSTANCE, 'instance')).rejects.toMatchObject({ code: 'store_corrupted' })
    }
  })
})
