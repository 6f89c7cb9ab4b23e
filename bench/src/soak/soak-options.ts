import { parseArgs } from 'node:util'
import { type FaultKind, parseFaultKinds } from './fault-schedule'
import type { RedisPersistence } from './private-redis-server'
import type { SoakSdkSettings } from './soak-protocol'

export interface SoakOptions {
  readonly seed: number
  /** Length of the fault phase. */
  readonly minutes: number
  readonly workers: number
  readonly instances: number
  /** The fault kinds to inject (default all of them). */
  readonly faultKinds: readonly FaultKind[]
  /** How often each fault kind is scheduled. */
  readonly repeat: number
  /** Calm phase after the faults: callers go on, nothing is injected, nobody reconnects. */
  readonly settleSeconds: number
  readonly persistence: RedisPersistence
  readonly tokenLifetimeSeconds: number
  readonly sdk: SoakSdkSettings
  /** Also write the report as JSON here. */
  readonly jsonPath: string | null
  /** Write every fact the attribution used (JSON lines, fingerprints only) here. */
  readonly tracePath: string | null
}

export const SOAK_USAGE = `pnpm soak [--short | --minutes N] [--seed N] [--workers N] [--instances N]
          [--repeat N] [--faults LIST] [--settle-seconds N] [--persistence aof|none] [--json FILE] [--trace FILE]

  --short          the CI run: 2 minutes of faults, each fault kind 4 times (under 3 minutes in all)
  --minutes N      length of the fault phase (default 2; the long soak is --minutes 10)
  --seed N         seed of the fault schedule (default 1)
  --faults LIST    all (default), none, or comma-separated kinds, e.g. pause_after_reread,redis_restart_keep_before_save
  --persistence    aof: appendonly yes + appendfsync always (default); none: --save "" --appendonly no
  --json FILE      also write the report as JSON;  --trace FILE  every fact the attribution used (JSON lines)
Exit code: 0 no avoidable revocation and no stuck instance; 1 otherwise; 2 the harness itself failed.`

const SDK_DEFAULTS: SoakSdkSettings = {
  lockLeaseMs: 3000,
  httpTimeoutMs: 1500,
  refreshWindowMs: 4000,
  refreshJitterMs: 2000,
  commandTimeoutMs: 1000,
}

export function parseSoakOptions(argv: readonly string[]): SoakOptions | 'help' {
  const { values } = parseArgs({
    // `pnpm soak -- --minutes 10` passes the `--` through.
    args: argv.filter((arg) => arg !== '--'),
    options: {
      short: { type: 'boolean', default: false },
      minutes: { type: 'string' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '4' },
      instances: { type: 'string', default: '32' },
      repeat: { type: 'string' },
      faults: { type: 'string', default: 'all' },
      'settle-seconds': { type: 'string', default: '20' },
      persistence: { type: 'string', default: 'aof' },
      json: { type: 'string' },
      trace: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) return 'help'
  if (values.short && (values.minutes !== undefined || values.repeat !== undefined)) {
    throw new TypeError('--short is the CI preset (2 minutes, each fault kind 4 times): drop --minutes and --repeat.')
  }
  const minutes = readNumber('minutes', values.minutes ?? '2', 0.2, 240)
  const persistence = values.persistence
  if (persistence !== 'aof' && persistence !== 'none') throw new TypeError('--persistence must be aof or none.')
  return {
    seed: readNumber('seed', values.seed, 0, 2 ** 32 - 1),
    minutes,
    workers: readNumber('workers', values.workers, 2, 16),
    instances: readNumber('instances', values.instances, 1, 500),
    faultKinds: parseFaultKinds(values.faults),
    repeat: readNumber('repeat', values.repeat ?? String(Math.max(4, Math.round(minutes * 2))), 1, 1000),
    settleSeconds: readNumber('settle-seconds', values['settle-seconds'], 5, 600),
    persistence,
    tokenLifetimeSeconds: 8,
    sdk: SDK_DEFAULTS,
    jsonPath: values.json ?? null,
    tracePath: values.trace ?? null,
  }
}

function readNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(`--${name} must be a number from ${min} to ${max} (got "${text}").`)
  }
  return value
}
