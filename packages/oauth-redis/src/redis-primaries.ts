import type { Cluster, Redis } from 'ioredis'
import type { RedisCommandRunner } from './redis-command-runner'

/**
 * The servers holding the data: every primary of a Cluster, else the client itself (standalone, Sentinel's
 * master). A Cluster client knows its nodes only once it has loaded the slot map, so a fresh one is first sent
 * a PING (bounded by the runner's deadline): asking too early would silently see no server at all.
 */
export async function listPrimaries(redis: Redis | Cluster, runner: RedisCommandRunner): Promise<Redis[]> {
  if (!('nodes' in redis && redis.isCluster)) return [redis as Redis]
  if (redis.nodes('master').length === 0) await runner.run('connecting to the cluster', () => redis.ping())
  return redis.nodes('master')
}
