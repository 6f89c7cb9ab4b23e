import type { FleetCoordinator, FleetSlot } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'
import { defineFleetScripts, type FleetScripts } from './fleet-scripts'
import type { RedisCommandRunner } from './redis-command-runner'

/** {@link FleetCoordinator} on Redis: one key per name under `{prefix}fleet:`, each in its own slot. */
export class RedisFleetCoordinator implements FleetCoordinator {
  readonly #redis: Redis | Cluster
  readonly #runner: RedisCommandRunner
  readonly #scripts: FleetScripts
  readonly #base: string

  constructor(redis: Redis | Cluster, runner: RedisCommandRunner, keyPrefix: string) {
    this.#redis = redis
    this.#runner = runner
    this.#scripts = defineFleetScripts(redis)
    this.#base = `${keyPrefix}fleet:`
  }

  countFailure(name: string, windowMs: number): Promise<number> {
    return this.#runner.run('counting a refresh failure', () =>
      this.#scripts.countFailure(this.#key(name, 'failures'), Math.ceil(windowMs)),
    )
  }

  async resetFailures(name: string): Promise<void> {
    const keys = ['failures', 'open', 'probe'].map((part) => this.#key(name, part))
    // One DEL: the keys share the name's hash tag, so one Cluster slot.
    await this.#runner.run('closing the circuit', () => this.#redis.del(...keys))
  }

  open(name: string, openMs: number): Promise<number> {
    return this.#runner.run('opening the circuit', () => this.#scripts.open(this.#key(name, 'open'), Math.ceil(openMs)))
  }

  async readOpenUntil(name: string): Promise<number | null> {
    const value = await this.#runner.run('reading the circuit', () => this.#redis.get(this.#key(name, 'open')))
    return value === null ? null : Number(value)
  }

  async claimProbe(name: string, intervalMs: number): Promise<boolean> {
    const set = await this.#runner.run('claiming the circuit probe', () =>
      this.#redis.set(this.#key(name, 'probe'), '1', 'PX', Math.ceil(intervalMs), 'NX'),
    )
    return set === 'OK'
  }

  async tryAcquireSlot(name: string, limit: number, leaseMs: number): Promise<FleetSlot | null> {
    const key = this.#key(name, 'slots')
    const holder = createHolderId()
    const acquired = await this.#runner.run('taking a refresh slot', () =>
      this.#scripts.acquireSlot(key, limit, Math.ceil(leaseMs), holder),
    )
    if (acquired !== 1) return null
    return {
      release: async () => {
        await this.#runner.run('releasing a refresh slot', () => this.#redis.zrem(key, holder)).catch(() => {})
      },
    }
  }

  tryTakeRateToken(name: string, perSecond: number, burst: number): Promise<number> {
    const intervalUs = Math.ceil(1_000_000 / perSecond)
    return this.#runner.run('taking a refresh rate token', () =>
      this.#scripts.takeRateToken(this.#key(name, 'rate'), intervalUs, burst),
    )
  }

  #key(name: string, part: string): string {
    return `${this.#base}{${name}}:${part}`
  }
}

function createHolderId(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(12))).toString('base64url')
}
