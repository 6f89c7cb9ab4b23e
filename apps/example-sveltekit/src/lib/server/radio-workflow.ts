import { createRadioWorkflow } from '@rw/oauth-client'
import { RedisTokenStore, readEncryptionFromEnvironment, watchRedisConnection } from '@rw/oauth-redis'
import { resolveExampleEnvironment } from '@rw/oauth-testing/environment'
import { Redis } from 'ioredis'

const DEFAULT_PORT = 3002

/** RW_* variables → real Radio Workflow; none → the embedded mock (see README). REDIS_URL → shared Redis store. */
export const environment = await resolveExampleEnvironment({
  env: process.env,
  port: process.env.PORT?.trim() ? Number(process.env.PORT) : DEFAULT_PORT,
  defaultRedisPrefix: 'rw:example-sveltekit:',
})

const redis = environment.redisUrl === null ? null : new Redis(environment.redisUrl)
if (redis !== null) watchRedisConnection(redis)
const encryption = readEncryptionFromEnvironment(process.env)
const store =
  redis === null
    ? undefined
    : new RedisTokenStore({
        redis,
        prefix: environment.redisPrefix,
        ...(encryption === undefined ? {} : { encryption }),
      })

export const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], ...(store ? { store } : {}) })

const storage =
  redis === null
    ? 'in-memory'
    : encryption === undefined
      ? 'Redis, UNENCRYPTED (set RW_TOKEN_KEY or RW_TOKEN_KEYS)'
      : 'Redis, encrypted'
console.log(
  `Radio Workflow example (SvelteKit): open ${environment.origin}/ — ${environment.mode}` +
    (environment.mock === null ? '' : ` at ${environment.mock.baseUrl}`) +
    `, ${storage} store`,
)

// The store's own pub/sub connection keeps the process alive: close it with the client, or SIGTERM never exits.
process.once('sveltekit:shutdown', () => {
  void Promise.allSettled([store?.close(), redis?.quit(), environment.close()])
})
