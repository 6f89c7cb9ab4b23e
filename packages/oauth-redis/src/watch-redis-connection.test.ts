import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { watchRedisConnection } from './watch-redis-connection'

function findClosedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('watchRedisConnection', () => {
  it('reports an outage once, by its code, however many reconnect attempts fail', async () => {
    const port = await findClosedPort()
    const warnings: string[] = []
    let attempts = 0
    const redis = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      retryStrategy: () => (++attempts < 4 ? 1 : null),
    })
    const stop = watchRedisConnection(redis, { debug() {}, warn: (message) => void warnings.push(message), error() {} })
    await new Promise<void>((resolve) => {
      redis.once('end', resolve)
      redis.connect().catch(() => {})
    })
    expect(attempts).toBe(4)
    expect(warnings).toEqual(['Redis is unreachable (ECONNREFUSED); Radio Workflow calls fail fast until it is back.'])
    stop()
    expect(redis.listenerCount('error')).toBe(0)
  })
})
