import type { Cluster, Redis } from 'ioredis'

/*
 * Fleet-wide counters and flags, judged by the Redis server's clock (TIME), so no process's clock skew
 * moves them. Each name is one key (one slot in a Cluster). The concurrency cap is a sorted set of
 * holders scored by their expiry: expired holders are dropped before counting, so a crashed process's
 * slot frees itself after its lease. This is the algorithm of `redis-semaphore`'s Semaphore, hand-written
 * because that library scores with the client's clock and waits by polling, while a refresh that finds
 * no slot simply runs later (see the package README). The rate is GCRA (generic cell rate algorithm): one
 * key holding the theoretical arrival time, the moment every token taken so far is paid back at the rate.
 */

const COUNT_FAILURE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`

const NOW_MS = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`

const OPEN = `${NOW_MS}
local untilMs = now + tonumber(ARGV[1])
redis.call('SET', KEYS[1], untilMs, 'PX', ARGV[1])
return untilMs`

const ACQUIRE_SLOT = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`

// In whole microseconds, so the arithmetic stays exact in Lua's doubles. The key lives only until its
// arrival time: an idle rate needs no key, since a missing one means a full burst. Redis 7 replicates a
// script's effects, so reading TIME before the write is safe.
const TAKE_RATE_TOKEN = `local t = redis.call('TIME') local now = t[1] * 1000000 + t[2]
local interval = tonumber(ARGV[1])
local stored = tonumber(redis.call('GET', KEYS[1]) or now)
local arrival = math.max(stored, now) + interval
local allowedAt = arrival - tonumber(ARGV[2]) * interval
if allowedAt > now then return math.ceil((allowedAt - now) / 1000) end
redis.call('SET', KEYS[1], string.format('%.0f', arrival), 'PX', math.ceil((arrival - now) / 1000))
return 0`

/** The fleet scripts, typed, bound to one client. */
export interface FleetScripts {
  countFailure(key: string, windowMs: number): Promise<number>
  open(key: string, openMs: number): Promise<number>
  acquireSlot(key: string, limit: number, leaseMs: number, holder: string): Promise<number>
  /** 0 when a token was taken, else the ms until one frees up. */
  takeRateToken(key: string, intervalUs: number, burst: number): Promise<number>
}

const NAMES = {
  countFailure: 'rwOauthV1FleetCountFailure',
  open: 'rwOauthV1FleetOpen',
  acquireSlot: 'rwOauthV1FleetAcquireSlot',
  takeRateToken: 'rwOauthV1FleetTakeRateToken',
} as const

type ScriptMethod = (...args: (string | number)[]) => Promise<unknown>

/** Defines the fleet scripts on the client. */
export function defineFleetScripts(redis: Redis | Cluster): FleetScripts {
  redis.defineCommand(NAMES.countFailure, { numberOfKeys: 1, lua: COUNT_FAILURE })
  redis.defineCommand(NAMES.open, { numberOfKeys: 1, lua: OPEN })
  redis.defineCommand(NAMES.acquireSlot, { numberOfKeys: 1, lua: ACQUIRE_SLOT })
  redis.defineCommand(NAMES.takeRateToken, { numberOfKeys: 1, lua: TAKE_RATE_TOKEN })
  const methods = redis as unknown as Record<(typeof NAMES)[keyof typeof NAMES], ScriptMethod>
  return {
    countFailure: (key, windowMs) => methods[NAMES.countFailure].call(redis, key, windowMs) as Promise<number>,
    open: (key, openMs) => methods[NAMES.open].call(redis, key, openMs).then(Number),
    acquireSlot: (key, limit, leaseMs, holder) =>
      methods[NAMES.acquireSlot].call(redis, key, limit, leaseMs, holder) as Promise<number>,
    takeRateToken: (key, intervalUs, burst) =>
      methods[NAMES.takeRateToken].call(redis, key, intervalUs, burst) as Promise<number>,
  }
}
