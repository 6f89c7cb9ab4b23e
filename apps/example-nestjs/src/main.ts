import { createRadioWorkflow } from '@rw/oauth-client'
import { RadioWorkflowError } from '@rw/oauth-core'
import { RedisTokenStore, readEncryptionFromEnvironment, watchRedisConnection } from '@rw/oauth-redis'
import { resolveExampleEnvironment } from '@rw/oauth-testing/environment'
import { Redis } from 'ioredis'
import { createExampleNestApp } from './create-example-nest-app'

const DEFAULT_PORT = 3001

async function startExample(): Promise<void> {
  const port = process.env.PORT?.trim() ? Number(process.env.PORT) : DEFAULT_PORT
  const environment = await resolveExampleEnvironment({
    env: process.env,
    port,
    defaultRedisPrefix: 'rw:example-nestjs:',
  })
  const redis = environment.redisUrl === null ? null : new Redis(environment.redisUrl)
  if (redis !== null) watchRedisConnection(redis)
  const encryption = readEncryptionFromEnvironment(process.env)
  const store =
    redis === null
      ? null
      : new RedisTokenStore({
          redis,
          prefix: environment.redisPrefix,
          ...(encryption === undefined ? {} : { encryption }),
        })
  const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], ...(store === null ? {} : { store }) })
  const app = await createExampleNestApp({ rw, suggestedInstances: environment.mock?.instances ?? [] })
  await app.listen(environment.port, '127.0.0.1')

  const backend = environment.mock === null ? 'Radio Workflow' : `the embedded mock at ${environment.mock.baseUrl}`
  console.log(`Radio Workflow × NestJS example: open ${environment.origin}/`)
  const storage =
    encryption === undefined ? 'in Redis, UNENCRYPTED (set RW_TOKEN_KEY or RW_TOKEN_KEYS)' : 'in Redis, encrypted'
  console.log(`Talking to ${backend}; tokens ${store === null ? 'in memory' : storage}.`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([app.close(), environment.close(), store?.close(), redis?.quit()]).then(() =>
        process.exit(0),
      )
    })
  }
}

function exitWith(error: unknown): never {
  // Configuration errors say what to fix; print the message only, never a stack with secrets nearby.
  const message = error instanceof RadioWorkflowError || error instanceof Error ? error.message : String(error)
  console.error(`The example could not start: ${message}`)
  process.exit(1)
}

startExample().catch(exitWith)
