import { RedisStoreMaintenance, type RedisTokenStore } from '@rw/oauth-redis'
import type { ConnectionSummary, ListConnectionsQuery } from '../../src/index'

/**
 * A minimal stand-in for the store's connection registry (being added to `@rw/oauth-redis` separately), built
 * on a SCAN: enough to drive `connections list` through the registry interface it will call.
 */
export function addScanRegistry(
  store: RedisTokenStore,
  redis: ConstructorParameters<typeof RedisStoreMaintenance>[0]['redis'],
  prefix: string,
) {
  const maintenance = new RedisStoreMaintenance({ redis, prefix })
  const listAll = async (): Promise<ConnectionSummary[]> => {
    const summaries: ConnectionSummary[] = []
    for await (const batch of maintenance.scanRecords()) {
      for (const { instanceKey } of batch) {
        const record = instanceKey === null ? null : await store.getConnection(instanceKey)
        if (record !== null) {
          const { instanceKey: key, status, version, expiresAt, scopes, obtainedAt, lastRefreshAt } = record
          summaries.push({ instanceKey: key, status, version, expiresAt, scopes, obtainedAt, lastRefreshAt })
        }
      }
    }
    return summaries.sort((a, b) => a.expiresAt - b.expiresAt || a.instanceKey.localeCompare(b.instanceKey))
  }
  return Object.assign(store, {
    async listConnections({ status, expiresBefore, cursor, limit = 100 }: ListConnectionsQuery) {
      const matching = (await listAll()).filter(
        (summary) =>
          (status === undefined || summary.status === status) &&
          (expiresBefore === undefined || summary.expiresAt < expiresBefore),
      )
      const start = cursor === null || cursor === undefined ? 0 : Number(cursor)
      const next = start + limit
      return { connections: matching.slice(start, next), cursor: next < matching.length ? String(next) : null }
    },
    async countConnections() {
      return (await listAll()).length
    },
  })
}
