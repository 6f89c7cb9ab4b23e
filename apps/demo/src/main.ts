import { serve } from '@hono/node-server'
import { createRadioWorkflow } from '@rw/oauth-client'
import { RadioWorkflowError } from '@rw/oauth-core'
import { RedisTokenStore, readEncryptionFromEnvironment, watchRedisConnection } from '@rw/oauth-redis'
import {
  type ExampleEnvironment,
  MOCK_DEFAULT_INSTANCES,
  resolveExampleEnvironment,
} from '@rw/oauth-testing/environment'
import { Redis } from 'ioredis'
import { createDemoApp } from './create-demo-app'

async function startDemo(): Promise<void> {
  const environment = await resolveExampleEnvironment({ env: process.env, defaultRedisPrefix: 'rw:demo:' })
  const redis = environment.redisUrl === null ? null : new Redis(environment.redisUrl)
  if (redis !== null) watchRedisConnection(redis)
  const redisPrefix = environment.redisPrefix
  const encryption = readEncryptionFromEnvironment(process.env)
  const store =
    redis === null
      ? null
      : new RedisTokenStore({ redis, prefix: redisPrefix, ...(encryption === undefined ? {} : { encryption }) })
  const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'], ...(store === null ? {} : { store }) })
  const app = createDemoApp({
    rw,
    origin: environment.origin,
    suggestedInstances:
      environment.mode === 'radio-workflow' ? [] : (environment.mock?.instances ?? MOCK_DEFAULT_INSTANCES),
    backendDescription: describeBackend(environment, redis !== null, encryption !== undefined),
  })
  const server = serve({ fetch: app.fetch, port: environment.port, hostname: '127.0.0.1' }, () => {
    console.log(`Radio Workflow OAuth demo: open ${environment.origin}/`)
    console.log(describeBackend(environment, redis !== null, encryption !== undefined))
  })
  server.once('error', (error) => exitWith(error))
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close()
      void Promise.allSettled([environment.close(), store?.close(), redis?.quit()]).then(() => process.exit(0))
    })
  }
}

function describeBackend(environment: ExampleEnvironment, shared: boolean, encryptedAtRest: boolean): string {
  const encrypted = encryptedAtRest ? 'encrypted' : 'UNENCRYPTED: set RW_TOKEN_KEY or RW_TOKEN_KEYS'
  const storage = shared ? `tokens in Redis (${encrypted}; shared by every demo process on it)` : 'tokens in memory'
  if (environment.mode === 'radio-workflow') return `Talking to Radio Workflow; ${storage}.`
  const mockUrl = new URL(environment.rwOptions.endpoints.token).origin
  const kind = environment.mode === 'shared-mock' ? 'shared' : 'embedded'
  return `Talking to the ${kind} mock Radio Workflow at ${mockUrl} (consent as "Sam Super" to grant "dubbed"); ${storage}.`
}

function exitWith(error: unknown): never {
  // Configuration errors say what to fix; anything else gets its message only, never a stack with secrets nearby.
  const message = error instanceof RadioWorkflowError || error instanceof Error ? error.message : String(error)
  console.error(`The demo could not start: ${message}`)
  process.exit(1)
}

startDemo().catch(exitWith)
