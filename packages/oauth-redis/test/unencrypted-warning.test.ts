import { Redis } from 'ioredis'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { createTestPrefix } from './support/test-prefix'

describe('RedisTokenStore without encryption', () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
  afterAll(() => redis.disconnect())

  it('warns through the default (console) logger when none is given', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const store = new RedisTokenStore({ redis, prefix: createTestPrefix('plain-warning') })
      expect(warn.mock.calls.map(([message]) => String(message)).join('\n')).toMatch(/stores tokens unencrypted/)
      await store.close()
    } finally {
      warn.mockRestore()
    }
  })

  it('does not warn when encryption is configured', async () => {
    const warnings: string[] = []
    const logger = { debug() {}, warn: (message: string) => void warnings.push(message), error() {} }
    const encryption = { keys: [{ id: 'k1', key: Buffer.alloc(32, 1).toString('base64') }] }
    const store = new RedisTokenStore({ redis, prefix: createTestPrefix('no-warning'), encryption, logger })
    expect(warnings.filter((message) => message.includes('unencrypted'))).toEqual([])
    await store.close()
  })
})
