/**
 * `pnpm --filter @rw/bench compare`: the getAccessToken hot path of two builds side by side in one run
 * (rounds alternating, median of rounds), e.g. this tree against the last release:
 *
 *   git worktree add ../baseline <commit> && (cd ../baseline && pnpm install && pnpm build)
 *   pnpm build && RW_BASELINE_DIR=../baseline pnpm --filter @rw/bench compare
 *
 * Each build seeds its own connections (fresh tokens, encryption on) under its own key prefix through its
 * own API, so the records need not be compatible; both use one Redis. Loads the built `dist` of each.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { availableParallelism, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median } from './statistics'

const CALLERS = 64
const ROUNDS = 9
const PHASE_MS = 600
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

interface Build {
  readonly label: string
  readonly getAccessToken: (instanceKey: string) => Promise<string>
  readonly close: () => Promise<void>
}

async function loadBuild(label: string, root: string): Promise<Build> {
  const load = (name: string) => import(pathToFileURL(join(root, 'packages', name, 'dist', 'index.js')).href)
  const [core, client, redisStore] = await Promise.all([load('oauth-core'), load('oauth-client'), load('oauth-redis')])
  // ioredis as that build resolves it.
  const { Redis } = createRequire(join(root, 'packages', 'oauth-redis', 'package.json'))('ioredis')
  const redis = new Redis(REDIS_URL)
  const prefix = `rwbench:compare:${label}:${randomBytes(4).toString('hex')}:`
  const store = new redisStore.RedisTokenStore({
    redis,
    prefix,
    encryption: { keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] },
  })
  const rw = client.createRadioWorkflow({
    partnerKey: 'bench',
    partnerSecret: 'bench-secret',
    redirectUri: 'http://127.0.0.1:9/callback',
    endpoints: { token: 'http://127.0.0.1:9/token', refresh: 'http://127.0.0.1:9/refresh' },
    store,
    logger: { debug() {}, warn() {}, error() {} },
  })
  const now = Date.now()
  for (let index = 0; index < CALLERS; index++) {
    const tokens = core.createTokenSet({
      accessToken: `access-${index}-${randomBytes(16).toString('base64url')}`,
      refreshToken: `refresh-${index}-${randomBytes(16).toString('base64url')}`,
      tokenType: 'Bearer',
      scopes: ['basic'],
      expiresAt: now + 3_600_000,
      obtainedAt: now,
    })
    const record = core.createConnectionRecord(`compare-${index}`, tokens, null)
    await store.saveConnection(record, { expectedVersion: null })
  }
  return {
    label,
    getAccessToken: (instanceKey) => rw.getAccessToken(instanceKey),
    async close() {
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length > 0) await redis.del(...keys)
      await store.close()
      await redis.quit()
    },
  }
}

/** Calls per second with CALLERS concurrent callers, one instance each, for PHASE_MS. */
async function measure(build: Build): Promise<{ opsPerSecond: number; cpuMicrosPerCall: number }> {
  const deadline = performance.now() + PHASE_MS
  let calls = 0
  const started = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, index) => {
      const instanceKey = `compare-${index}`
      while (performance.now() < deadline) {
        await build.getAccessToken(instanceKey)
        calls++
      }
    }),
  )
  const used = process.cpuUsage(cpu)
  return {
    opsPerSecond: calls / ((performance.now() - started) / 1000),
    cpuMicrosPerCall: (used.user + used.system) / calls,
  }
}

const baselineDir = process.env.RW_BASELINE_DIR
if (baselineDir === undefined) {
  console.error('Set RW_BASELINE_DIR to a built checkout of the version to compare with (see the file header).')
  process.exit(2)
}
const current = await loadBuild('current', resolve(import.meta.dirname, '..', '..'))
const baseline = await loadBuild('baseline', resolve(baselineDir))
try {
  console.log(
    `Machine: ${availableParallelism()} CPUs, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  )
  for (const build of [baseline, current]) await measure(build)
  const results = {
    baseline: [] as number[],
    current: [] as number[],
    baselineCpu: [] as number[],
    currentCpu: [] as number[],
  }
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0 ? baseline : current
    const second = first === baseline ? current : baseline
    for (const build of [first, second]) {
      const { opsPerSecond, cpuMicrosPerCall } = await measure(build)
      results[build.label as 'baseline' | 'current'].push(opsPerSecond)
      results[`${build.label}Cpu` as 'baselineCpu' | 'currentCpu'].push(cpuMicrosPerCall)
    }
  }
  const ratio = median(results.current) / median(results.baseline)
  console.log(
    `getAccessToken, ${CALLERS} callers on ${CALLERS} instances, RedisTokenStore with encryption, ${ROUNDS} alternating rounds:`,
  )
  console.log(
    `  baseline ${Math.round(median(results.baseline))} ops/s, CPU ${median(results.baselineCpu).toFixed(1)} µs/call`,
  )
  console.log(
    `  current  ${Math.round(median(results.current))} ops/s, CPU ${median(results.currentCpu).toFixed(1)} µs/call`,
  )
  console.log(`  ratio current/baseline (medians) ${ratio.toFixed(3)}`)
} finally {
  await Promise.all([current.close(), baseline.close()])
}
