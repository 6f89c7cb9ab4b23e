import type { ConnectionRecord } from '@rw/oauth-core'
import type { ConnectionAccess } from './connection-access'
import type { TokenCache } from './token-cache'

/**
 * `access` with `cache` in front of its reads: a fresh cached token is served without touching the store;
 * a miss reads (and refreshes) through `access` and caches what it returns when no change arrived meanwhile.
 * A forced refresh drops the instance first, so a token the API rejected is never served again.
 */
export function withTokenCache(access: ConnectionAccess, cache: TokenCache | undefined): ConnectionAccess {
  if (cache === undefined) return access

  function readThrough(instanceKey: string): Promise<ConnectionRecord> {
    const changeCount = cache!.changeCount
    return access.readUsableRecord(instanceKey).then((record) => {
      cache!.remember(record, changeCount)
      return record
    })
  }

  return {
    readUsableRecord(instanceKey) {
      const cached = cache.find(instanceKey)
      return cached === undefined ? readThrough(instanceKey) : Promise.resolve(cached)
    },
    readAccessToken(instanceKey) {
      const cached = cache.find(instanceKey)
      return cached === undefined
        ? readThrough(instanceKey).then(selectAccessToken)
        : Promise.resolve(cached.accessToken)
    },
    forceRefresh(instanceKey, seenVersion) {
      cache.forget(instanceKey)
      return access.forceRefresh(instanceKey, seenVersion)
    },
    // Its save announces the change, which drops the cached token everywhere.
    refreshAhead: (instanceKey, seenVersion, options) => access.refreshAhead(instanceKey, seenVersion, options),
  }
}

function selectAccessToken(record: ConnectionRecord): string {
  return record.accessToken
}
