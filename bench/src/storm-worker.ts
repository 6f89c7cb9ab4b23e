/** A benchmark process: on "go", 250 concurrent getAccessToken; reports when each was served. */
import { RedisTokenStore } from '@rw/oauth-redis'
import { Redis } from 'ioredis'
import { createBenchRadioWorkflow } from './bench-client'
import type { StormWorkerConfig, StormWorkerMessage } from './storm-protocol'

const config = JSON.parse(process.env.RW_BENCH_CONFIG ?? '{}') as StormWorkerConfig
const redis = new Redis(config.redisUrl)
const store = new RedisTokenStore({
  redis,
  prefix: config.prefix,
  encryption: { keys: [{ id: 'bench', key: config.encryptionKey }] },
})
const epochNow = () => performance.timeOrigin + performance.now()
let refreshAnsweredAt: number | null = null

const rw = createBenchRadioWorkflow({
  endpoints: config.endpoints,
  store,
  async fetch(input, init) {
    const response = await fetch(input, init)
    if (String(input) === config.endpoints.refresh) refreshAnsweredAt = epochNow()
    return response
  },
})

function send(message: StormWorkerMessage): void {
  process.send?.(message)
}

process.on('message', async (message: { type: 'go'; callers: number } | { type: 'exit' }) => {
  if (message.type === 'exit') {
    await store.close()
    await redis.quit()
    process.disconnect?.()
    return
  }
  refreshAnsweredAt = null
  const servedAt: number[] = []
  let failures = 0
  await Promise.all(
    Array.from({ length: message.callers }, () =>
      rw.getAccessToken(config.instanceKey).then(
        () => servedAt.push(epochNow()),
        () => {
          failures += 1
        },
      ),
    ),
  )
  send({ type: 'result', refreshAnsweredAt, lastServedAt: Math.max(...servedAt), failures })
})

await redis.ping()
send({ type: 'ready' })
