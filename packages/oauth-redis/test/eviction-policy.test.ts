import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../src/index'
import { RedisServerProcess } from './support/redis-server-process'

let lru: RedisServerProcess
let volatile: RedisServerProcess
const clients: Redis[] = []
const stores: RedisTokenStore[] = []

beforeAll(async () => {
  ;[lru, volatile] = await Promise.all([
    RedisServerProcess.start(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']),
    RedisServerProcess.start(['--maxmemory', '64mb', '--maxmemory-policy', 'volatile-lru']),
  ])
})

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()))
  for (const client of clients) client.disconnect()
  await Promise.all([lru?.dispose(), volatile?.dispose()])
})

function createStore(port: number, logger?: ConstructorParameters<typeof RedisTokenStore>[0]['logger']) {
  const redis = new Redis({ host: '127.0.0.1', port })
  clients.push(redis)
  const store = new RedisTokenStore({ redis, prefix: 'eviction:', logger })
  stores.push(store)
  return store
}

describe('eviction policy report', () => {
  it('warns at start-up and reports allkeys-lru as risky', async () => {
    const warned = new Promise<{ message: string; fields: Record<string, unknown> | undefined }>((resolve) => {
      createStore(lru.port, {
        debug: () => {},
        error: () => {},
        warn: (message, fields) => {
          if (message.includes('maxmemory-policy')) resolve({ message, fields })
        },
      })
    })
    const warning = await warned
    expect(warning.message).toContain('allkeys-lru')
    expect(warning.message).toContain('noeviction')
    expect(await stores[0]!.checkEvictionPolicy()).toEqual({ policies: ['allkeys-lru'], risky: true, checked: true })
  })

  it('reports noeviction and volatile-* as safe', async () => {
    expect(await createStore(volatile.port).checkEvictionPolicy()).toEqual({
      policies: ['volatile-lru'],
      risky: false,
      checked: true,
    })
    const main = createStore(6379)
    const [, policy] = (await clients.at(-1)!.config('GET', 'maxmemory-policy')) as string[]
    expect(await main.checkEvictionPolicy()).toMatchObject({ policies: [policy], checked: true })
  })

  it('says nothing is known when CONFIG GET is refused', async () => {
    const admin = new Redis({ host: '127.0.0.1', port: volatile.port })
    clients.push(admin)
    await admin.acl('SETUSER', 'app', 'on', '>app-password', '~*', '&*', '+@all', '-config')
    const redis = new Redis({ host: '127.0.0.1', port: volatile.port, username: 'app', password: 'app-password' })
    clients.push(redis)
    const store = new RedisTokenStore({ redis, prefix: 'eviction:' })
    stores.push(store)
    expect(await store.checkEvictionPolicy()).toEqual({ policies: [], risky: false, checked: false })
  })
})
