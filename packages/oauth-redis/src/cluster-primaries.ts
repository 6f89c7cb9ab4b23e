import type { Cluster, Redis } from 'ioredis'
import type { RedisCommandRunner } from './redis-command-runner'

/**
 * The servers to ask for per-server facts (SCAN, CONFIG GET): every primary of a Cluster, else the one server.
 * A Cluster client knows its nodes only once it has loaded the slot map, so a fresh one is first sent a PING
 * (bounded by the runner's deadline); asking too early would silently see no server at all.
 */
export async function listPrimaries(redis: Redis | Cluster, runner: RedisCommandRunner): Promise<Redis[]> {
  if (!redis.isCluster) return [redis as Redis]
  const cluster = redis as Cluster
  if (cluster.nodes('master').length === 0) await runner.run('connecting to the cluster', () => cluster.ping())
  return cluster.nodes('master')
}
