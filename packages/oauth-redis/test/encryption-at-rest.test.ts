import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { KeySchema } from '../src/key-schema'
import { createTestRecord } from './support/connection-record-fixture'
import { createStormSetup, type StormSetup } from './support/storm-setup'
import { createTestPrefix, deleteKeysWithPrefix, listKeysWithPrefix } from './support/test-prefix'

const K1 = { id: 'k1', key: Buffer.alloc(32, 1).toString('base64') }
const K2 = { id: 'k2', key: Buffer.alloc(32, 2).toString('base64url') }

describe('no token at rest in plaintext after a full run', () => {
  let setup: StormSetup
  const instances = ['at-rest-a', 'at-rest-b']

  beforeAll(async () => {
    setup = await createStormSetup('at-rest', instances)
  })
  afterAll(async () => {
    await setup?.dispose()
  })

  it('finds no issued access or refresh token, state or secret in any key or value under the prefix', async () => {
    await setup.connect(instances)
    for (let round = 0; round < 3; round++) {
      await setup.expire(instances)
      for (const instanceKey of instances) await setup.rw.getAccessToken(instanceKey)
    }
    // A pending authorization stays stored too (it holds the state and the PKCE verifier).
    const started = await setup.rw.startAuthorization({ instanceKey: instances[0]! })
    const state = new URL(started.url).searchParams.get('state')!
    const issued = setup.mock.issued().map((entry) => entry.value)
    expect(issued.length).toBeGreaterThanOrEqual(2 * 4 * instances.length)
    const secrets = [...issued, state, 'mock-partner-secret']

    const keys = await listKeysWithPrefix(setup.redis, setup.prefix)
    expect(keys.some((key) => key.includes(':pending:'))).toBe(true)
    expect(keys.filter((key) => key.endsWith(':connection'))).toHaveLength(instances.length)
    // The registry's index shards are plaintext by design: they are checked like everything else.
    expect(keys.some((key) => key.endsWith(':registry'))).toBe(true)
    for (const key of keys) {
      const dumped = (await setup.redis.dumpBuffer(key))?.toString('latin1') ?? ''
      const value = (await setup.redis.type(key)) === 'string' ? ((await setup.redis.get(key)) ?? '') : ''
      for (const secret of secrets) {
        expect(key).not.toContain(secret)
        expect(value).not.toContain(secret)
        expect(dumped).not.toContain(secret)
      }
    }
  })
})

describe('encrypted records', () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  const prefix = createTestPrefix('crypto')
  const keys = new KeySchema(prefix)
  const stores: RedisTokenStore[] = []
  const createStore = (ring: (typeof K1)[] | undefined) => {
    const store = new RedisTokenStore({ redis, prefix, ...(ring && { encryption: { keys: ring } }) })
    stores.push(store)
    return store
  }

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()))
    await deleteKeysWithPrefix(redis, prefix)
    await redis.quit()
  })

  it('a tampered ciphertext is store_corrupted, never "not connected"', async () => {
    const store = createStore([K1])
    await store.saveConnection(createTestRecord('tamper', 1), { expectedVersion: null })
    const key = keys.createInstanceKeys('tamper').record
    const stored = (await redis.get(key))!
    const flipped = stored.slice(0, -3) + (stored.at(-3) === 'A' ? 'B' : 'A') + stored.slice(-2)
    await redis.set(key, flipped)
    await expect(store.getConnection('tamper')).rejects.toMatchObject({ code: 'store_corrupted' })
    // The readable version prefix is checked against the authenticated content.
    await redis.set(key, stored.replace(/^1\./, '7.'))
    await expect(store.getConnection('tamper')).rejects.toMatchObject({ code: 'store_corrupted' })
  })

  it('a ciphertext swapped in from another instance is store_corrupted', async () => {
    const store = createStore([K1])
    await store.saveConnection(createTestRecord('swap-a', 1), { expectedVersion: null })
    await store.saveConnection(createTestRecord('swap-b', 1), { expectedVersion: null })
    const a = keys.createInstanceKeys('swap-a').record
    const b = keys.createInstanceKeys('swap-b').record
    await redis.set(b, (await redis.get(a))!)
    await expect(store.getConnection('swap-b')).rejects.toMatchObject({ code: 'store_corrupted' })
    await expect(store.getConnection('swap-a')).resolves.toMatchObject({ instanceKey: 'swap-a' })
  })

  it('a pending authorization swapped in from another state is store_corrupted', async () => {
    const store = createStore([K1])
    const pending = (stateId: string) => ({
      stateId,
      state: `state-${stateId}`,
      bindingHash: 'hash',
      codeVerifier: 'verifier',
      instanceKey: 'desert',
      scopes: ['basic'],
      returnTo: '/',
      redirectUri: 'https://partner.example/cb',
      createdAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    })
    await store.savePendingAuthorization(pending('first'))
    await store.savePendingAuthorization(pending('second'))
    await redis.set(
      keys.createPendingKeys('second').pending,
      (await redis.get(keys.createPendingKeys('first').pending))!,
    )
    await expect(store.consumePendingAuthorization('second')).rejects.toMatchObject({ code: 'store_corrupted' })
  })

  it('rotates from k1 to k2: old records stay readable, are rewritten under k2, then k1 can go', async () => {
    const before = createStore([K1])
    await before.saveConnection(createTestRecord('rotate', 1), { expectedVersion: null })
    await before.saveConnection(createTestRecord('rotate-untouched', 1), { expectedVersion: null })
    const key = keys.createInstanceKeys('rotate').record
    expect(await redis.get(key)).toMatch(/^1\.e1\.k1\./)

    const during = createStore([K2, K1])
    const old = (await during.getConnection('rotate'))!
    expect(old.version).toBe(1)
    const rewritten = createTestRecord('rotate', 2)
    expect(await during.saveConnection(rewritten, { expectedVersion: 1 })).toEqual({ saved: true })
    expect(await redis.get(key)).toMatch(/^2\.e1\.k2\./)

    const after = createStore([K2])
    expect((await after.getConnection('rotate'))?.accessToken).toBe(rewritten.accessToken)
    // A record nobody wrote during the rotation still needs k1.
    await expect(after.getConnection('rotate-untouched')).rejects.toMatchObject({ code: 'store_corrupted' })
  })

  it('refuses plaintext records when encryption is on, and ciphertext when it is off', async () => {
    await createStore(undefined).saveConnection(createTestRecord('plain', 1), { expectedVersion: null })
    await expect(createStore([K1]).getConnection('plain')).rejects.toMatchObject({ code: 'store_corrupted' })
    await createStore([K1]).saveConnection(createTestRecord('sealed', 1), { expectedVersion: null })
    await expect(createStore(undefined).getConnection('sealed')).rejects.toMatchObject({ code: 'store_corrupted' })
  })

  it('a key holding another data type is store_corrupted with a message free of command arguments', async () => {
    const store = createStore([K1])
    await redis.hset(keys.createInstanceKeys('wrong-type').record, 'field', 'secret-argument')
    const error = await store.getConnection('wrong-type').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'store_corrupted' })
    expect(String(error)).not.toContain(keys.createInstanceKeys('wrong-type').record)
    expect((error as Error).cause).toBeUndefined()
  })
})
