import type { Cluster, Redis } from 'ioredis'

/** The servers holding the data: every primary of a Cluster, else the client itself (standalone, Sentinel's master). */
export function listPrimaries(redis: Redis | Cluster): Redis[] {
  return 'nodes' in redis && redis.isCluster ? redis.nodes('master') : [redis as Redis]
}
