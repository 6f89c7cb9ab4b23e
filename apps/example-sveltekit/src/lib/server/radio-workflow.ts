import { createRadioWorkflow } from '@rw/oauth-client'
import { RedisTokenStore, readEncryptionFromEnvironment } from '@rw/oauth-redis'
import { resolveExampleEnvironment } from '@rw/oauth-testing'
import { Redis } from 'ioredis'

const DEFAULT_PORT = 3002

/** RW_* variables → real Radio Workflow; none → the embedded mock (see README). REDIS_URL → shared Redis store. */
export const environment = await resolveExampleEnvironment({
  env: process.env,
  port: process.env.PORT?.trim() ? Number(process.env.PORT) : DEFAULT_PORT,
  defaultRedisPrefix: 'rw:example-sveltekit:',
})

const redis = environment.redisUrl === null ? null : new Redis(environment.redisUrl)
const store =
  redis === null
    ? undefined
    : new RedisTokenStore({
        redis,
        prefix: environment.redisPrefix,
        encryption: readEncryptionFromEnvironment(process.env),
      })

export const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], ...(store ? { store } : {}) })

console.log(
  `Radio Workflow example (SvelteKit): open ${environment.origin}/ — ${environment.mode}` +
    (environment.mock === null ? '' : ` at ${environment.mock.baseUrl}`) +
    `, ${redis === null ? 'in-memory' : 'Redis'} store`,
)

process.once('sveltekit:shutdown', () => {
  redis?.disconnect()
  void environment.close()
})
