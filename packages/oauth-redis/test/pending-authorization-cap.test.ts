import type { PendingAuthorization } from '@rw/oauth-core'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { KeySchema } from '../src/key-schema'
import { createTestPrefix, deleteKeysWithPrefix } from './support/test-prefix'

const silentLogger = { debug() {}, warn() {}, error() {} }

function pending(stateId: string, expiresAt: number): PendingAuthorization {
  return {
    stateId,
    state: `state-${stateId}`,
    bindingHash: 'binding-hash',
    codeVerifier: null,
    instanceKey: 'desert',
    scopes: ['basic'],
    returnTo: '/',
    redirectUri: 'https://partner.example/callback',
    createdAt: expiresAt - 600_000,
    expiresAt,
  }
}

describe('RedisTokenStore: cap on outstanding pending authorizations', () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 })
  const prefix = createTestPrefix('pending-cap')
  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix)
    await redis.quit()
  })

  it('refuses a login beyond the cap with a clear error, shared by every store on the prefix, and admits again after a consume or expiry', async () => {
    let clock = Date.now()
    const options = { redis, prefix, logger: silentLogger, maxPendingAuthorizations: 3, now: () => clock }
    const first = new RedisTokenStore(options)
    const second = new RedisTokenStore(options)
    try {
      await first.savePendingAuthorization(pending('a', clock + 60_000))
      await second.savePendingAuthorization(pending('b', clock + 60_000))
      await first.savePendingAuthorization(pending('c', clock + 120_000))
      await expect(second.savePendingAuthorization(pending('d', clock + 60_000))).rejects.toMatchObject({
        code: 'store_unavailable',
        message: expect.stringContaining('maxPendingAuthorizations'),
      })
      expect(await redis.exists(new KeySchema(prefix).createPendingKeys('d').pending)).toBe(0)
      expect(await second.consumePendingAuthorization('a')).toMatchObject({ state: 'state-a' })
      await redis.ping() // the index update after a consume is not awaited by the store
      await first.savePendingAuthorization(pending('d', clock + 60_000))
      clock += 60_000
      await first.savePendingAuthorization(pending('e', clock + 60_000))
      await first.savePendingAuthorization(pending('f', clock + 60_000))
      expect(await redis.zcard(new KeySchema(prefix).pendingIndex)).toBe(3)
    } finally {
      await first.close()
      await second.close()
    }
  })

  it('refuses an invalid cap when the store is created', () => {
    expect(() => new RedisTokenStore({ redis, prefix, maxPendingAuthorizations: 0 })).toThrow(
      expect.objectContaining({ field: 'maxPendingAuthorizations' }),
    )
  })
})
