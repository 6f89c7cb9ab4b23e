import { createOutputLogger, type RadioWorkflowLogger } from '@rw/oauth-core'
import type { Cluster, Redis } from 'ioredis'

/**
 * Gives your ioredis client the `error` listener it needs (without one, Node prints a stack trace on every
 * reconnect attempt while Redis is down): one warning per outage, naming only the error code, and nothing
 * again until the connection is ready. Returns the function that removes the listeners.
 *
 * @example
 * const redis = new Redis(process.env.REDIS_URL)
 * watchRedisConnection(redis)
 * const store = new RedisTokenStore({ redis, encryption })
 */
export function watchRedisConnection(
  redis: Redis | Cluster,
  logger: RadioWorkflowLogger = createOutputLogger(console),
): () => void {
  let reported = false
  const onError = (error: unknown) => {
    if (reported) return
    reported = true
    const code = (error as { code?: unknown } | null)?.code
    const reason = typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : 'connection error'
    logger.warn(`Redis is unreachable (${reason}); Radio Workflow calls fail fast until it is back.`)
  }
  const onReady = () => {
    reported = false
  }
  redis.on('error', onError)
  redis.on('ready', onReady)
  return () => {
    redis.off('error', onError)
    redis.off('ready', onReady)
  }
}
