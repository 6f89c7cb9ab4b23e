import type { Cluster, Redis } from 'ioredis'

/**
 * `redis.duplicate()` for a client that is either a `Redis` or a `Cluster`: a new connection with the same options,
 * for a subscriber or a blocking read. ioredis 6 types `duplicate` generically on each class, and TypeScript cannot
 * call a union of the two signatures, so the call goes through the shape both share.
 */
export function duplicateConnection(redis: Redis | Cluster): Redis | Cluster {
  return (redis as { duplicate(): Redis | Cluster }).duplicate()
}
