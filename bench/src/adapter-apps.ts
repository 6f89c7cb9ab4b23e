// Child process of the adapter benchmark: serves, on loopback, a Hono app, a Nest app and the built SvelteKit
// app, each with a bare route (a raw GET of the instance's record) and the same route through the adapter
// (`getAccessToken`).
import 'reflect-metadata'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { Controller, Get, Inject, Module, Query } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { RadioWorkflow } from '@rw/oauth-client'
import { type RadioWorkflowEnv, radioWorkflow } from '@rw/oauth-hono'
import { RadioWorkflowInstance, type RadioWorkflowInstanceHandle, RadioWorkflowModule } from '@rw/oauth-nestjs'
import { RedisTokenStore } from '@rw/oauth-redis'
import { Hono } from 'hono'
import { Redis } from 'ioredis'
import { createOfflineClient } from './offline-client'
import { SVELTEKIT_HANDLER } from './sveltekit-app-build'

export interface AdapterAppsConfig {
  readonly redisUrl: string
  readonly prefix: string
  readonly encryptionKey: string
  /** Instance key → its record key, for the bare routes. */
  readonly recordKeys: Readonly<Record<string, string>>
}

export interface AdapterAppsPorts {
  readonly hono: number
  readonly nest: number
  readonly sveltekit: number
}

const REDIS = Symbol('redis')
const RECORD_KEYS = Symbol('record keys')

function startHono(rw: RadioWorkflow, redis: Redis, recordKeys: ReadonlyMap<string, string>): Promise<number> {
  const app = new Hono<RadioWorkflowEnv>()
  app.get('/bare', async (c) => c.text((await redis.get(recordKeys.get(c.req.query('instance') ?? '') ?? '')) ?? ''))
  app.get('/sdk', radioWorkflow({ rw }), async (c) => c.text(await c.var.rw.getAccessToken()))
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve((server.address() as AddressInfo).port),
    )
  })
}

@Controller()
class BenchController {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(RECORD_KEYS) private readonly recordKeys: ReadonlyMap<string, string>,
  ) {}

  @Get('bare')
  async bare(@Query('instance') instance: string): Promise<string> {
    return (await this.redis.get(this.recordKeys.get(instance) ?? '')) ?? ''
  }

  @Get('sdk')
  sdk(@RadioWorkflowInstance() instance: RadioWorkflowInstanceHandle): Promise<string> {
    return instance.getAccessToken()
  }
}

async function startNest(rw: RadioWorkflow, redis: Redis, recordKeys: ReadonlyMap<string, string>): Promise<number> {
  @Module({
    imports: [RadioWorkflowModule.forRoot({ rw, routes: false })],
    controllers: [BenchController],
    providers: [
      { provide: REDIS, useValue: redis },
      { provide: RECORD_KEYS, useValue: recordKeys },
    ],
  })
  class BenchModule {}
  const app = await NestFactory.create(BenchModule, { logger: false })
  await app.listen(0, '127.0.0.1')
  return (app.getHttpServer().address() as AddressInfo).port
}

/** Registers what the app's routes read (see bench/sveltekit-app/src/lib/server/bench-registry.ts), then loads it. */
async function startSvelteKit(
  rw: RadioWorkflow,
  redis: Redis,
  recordKeys: ReadonlyMap<string, string>,
): Promise<number> {
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('@rw/bench/sveltekit-app')] = { rw, redis, recordKeys }
  const { handler } = (await import(pathToFileURL(SVELTEKIT_HANDLER).href)) as { handler: RequestListener }
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

async function start(config: AdapterAppsConfig): Promise<AdapterAppsPorts> {
  const redis = new Redis(config.redisUrl)
  const store = new RedisTokenStore({
    redis,
    prefix: config.prefix,
    encryption: { keys: [{ id: 'bench', key: config.encryptionKey }] },
  })
  const rw = createOfflineClient(store)
  const recordKeys = new Map(Object.entries(config.recordKeys))
  return {
    hono: await startHono(rw, redis, recordKeys),
    nest: await startNest(rw, redis, recordKeys),
    sveltekit: await startSvelteKit(rw, redis, recordKeys),
  }
}

process.once('message', (config: AdapterAppsConfig) => {
  start(config).then(
    (ports) => {
      // Later messages ask for this process's CPU time so far (µs), to price a request in server CPU.
      process.on('message', () => {
        const { user, system } = process.cpuUsage()
        process.send?.({ cpuMicros: user + system })
      })
      process.send?.(ports)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
})
