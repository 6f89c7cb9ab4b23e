import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import type { AdapterAppsConfig, AdapterAppsPorts } from './adapter-apps'
import { ENCRYPTION_KEY, REDIS_URL } from './bench-setup'
import { median } from './statistics'
import { buildSvelteKitApp } from './sveltekit-app-build'

const APPS = fileURLToPath(new URL('./adapter-apps.ts', import.meta.url))
const CONNECTIONS = 32

export interface AdapterRow {
  readonly framework: string
  readonly bareRequestsPerSecond: readonly number[]
  readonly sdkRequestsPerSecond: readonly number[]
  /** The apps' process CPU per request, median over rounds (steadier than req/s on a busy machine). */
  readonly bareCpuMicrosPerRequest: number
  readonly sdkCpuMicrosPerRequest: number
  readonly ratio: number
  /** Bare CPU per request over SDK CPU per request. */
  readonly cpuRatio: number
  readonly errors: number
}

function readCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve((message as { cpuMicros: number }).cpuMicros))
    child.send('cpu')
  })
}

async function runAutocannon(port: number, route: 'bare' | 'sdk', instances: readonly string[], seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: instances.map((instance) => ({ method: 'GET', path: `/${route}?instance=${instance}` })),
  })
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  }
}

/**
 * Each framework's bare route and its SDK route, autocannon on loopback from this process against the apps
 * in a child process (so the load generator does not share the server's event loop), rounds alternating.
 */
export async function measureAdapters(
  prefix: string,
  recordKeys: Readonly<Record<string, string>>,
  plan: { rounds: number; seconds: number },
): Promise<AdapterRow[]> {
  await buildSvelteKitApp()
  const child = fork(APPS, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  try {
    const ports = await new Promise<AdapterAppsPorts>((resolve, reject) => {
      child.once('message', (message) => resolve(message as AdapterAppsPorts))
      child.once('exit', (code) => reject(new Error(`adapter apps exited with ${code}`)))
      const config: AdapterAppsConfig = { redisUrl: REDIS_URL, prefix, encryptionKey: ENCRYPTION_KEY, recordKeys }
      child.send(config)
    })
    const instances = Object.keys(recordKeys)
    const rows: AdapterRow[] = []
    for (const [framework, port] of [
      ['Hono', ports.hono],
      ['NestJS (Express)', ports.nest],
      ['SvelteKit (adapter-node)', ports.sveltekit],
    ] as const) {
      await runAutocannon(port, 'bare', instances, 1)
      await runAutocannon(port, 'sdk', instances, 1)
      const bare: number[] = []
      const sdk: number[] = []
      const bareCpu: number[] = []
      const sdkCpu: number[] = []
      let errors = 0
      for (let round = 0; round < plan.rounds; round++) {
        for (const route of round % 2 === 0 ? (['bare', 'sdk'] as const) : (['sdk', 'bare'] as const)) {
          const cpuBefore = await readCpuMicros(child)
          const result = await runAutocannon(port, route, instances, plan.seconds)
          const cpuPerRequest = ((await readCpuMicros(child)) - cpuBefore) / Math.max(1, result.requests)
          ;(route === 'bare' ? bare : sdk).push(result.requestsPerSecond)
          ;(route === 'bare' ? bareCpu : sdkCpu).push(cpuPerRequest)
          errors += result.errors
        }
      }
      rows.push({
        framework,
        bareRequestsPerSecond: bare,
        sdkRequestsPerSecond: sdk,
        bareCpuMicrosPerRequest: median(bareCpu),
        sdkCpuMicrosPerRequest: median(sdkCpu),
        ratio: median(sdk) / median(bare),
        cpuRatio: median(bareCpu) / median(sdkCpu),
        errors,
      })
    }
    return rows
  } finally {
    child.kill()
  }
}
