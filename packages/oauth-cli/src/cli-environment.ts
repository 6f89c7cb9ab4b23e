import { ConfigurationError } from '@rw/oauth-core'
import { type RedisEncryptionOptions, readEncryptionFromEnvironment } from '@rw/oauth-redis'

/**
 * The environment variables `rw-oauth` reads (usually `process.env`): the same ones the apps read.
 *
 * @example
 * ```ts
 * const env: CliEnvironmentVariables = { REDIS_URL: 'redis://127.0.0.1:6379', RW_TOKEN_KEYS: `k1:${key}` }
 * ```
 */
export type CliEnvironmentVariables = Readonly<Record<string, string | undefined>>

/** Where the store is and how it is encrypted. */
export interface StoreSettings {
  readonly redisUrl: string
  /** `RW_REDIS_CLUSTER=true`: `redisUrl` is one node of a Redis Cluster. */
  readonly cluster: boolean
  readonly prefix: string
  readonly encryption: RedisEncryptionOptions | undefined
}

/** What `connections refresh | disconnect` need to act like the apps (they go through `createRadioWorkflow`). */
export interface PartnerSettings {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUri: string
  readonly endpoints: { readonly token: string; readonly refresh: string; readonly authorize?: string }
}

const DEFAULT_PREFIX = 'rw:oauth:'
// Refresh and disconnect never use the redirect URI; the SDK's configuration requires one.
const UNUSED_REDIRECT_URI = 'http://localhost/auth/rw/callback'
const TRUE_VALUES = new Set(['1', 'true', 'yes'])

export function readStoreSettings(
  env: CliEnvironmentVariables,
  overrides: { readonly redisUrl?: string; readonly prefix?: string },
): StoreSettings {
  const redisUrl = overrides.redisUrl ?? readVariable(env, 'REDIS_URL')
  if (redisUrl === null) {
    throw new ConfigurationError('REDIS_URL', 'Set REDIS_URL (or pass --redis-url) to the Redis the apps use.')
  }
  return {
    redisUrl,
    cluster: TRUE_VALUES.has(readVariable(env, 'RW_REDIS_CLUSTER')?.toLowerCase() ?? ''),
    prefix: overrides.prefix ?? readVariable(env, 'RW_REDIS_PREFIX') ?? DEFAULT_PREFIX,
    encryption: readEncryptionFromEnvironment(env),
  }
}

export function readPartnerSettings(env: CliEnvironmentVariables): PartnerSettings {
  const required = ['RW_PARTNER_KEY', 'RW_PARTNER_SECRET', 'RW_TOKEN_URL', 'RW_REFRESH_URL'] as const
  const missing = required.filter((name) => readVariable(env, name) === null)
  if (missing.length > 0) {
    throw new ConfigurationError(
      missing[0]!,
      `Set ${missing.join(', ')}: refresh and disconnect run through the SDK with the apps' configuration.`,
    )
  }
  const authorize = readVariable(env, 'RW_AUTHORIZE_URL')
  return {
    partnerKey: readVariable(env, 'RW_PARTNER_KEY')!,
    partnerSecret: readVariable(env, 'RW_PARTNER_SECRET')!,
    redirectUri: readVariable(env, 'RW_REDIRECT_URI') ?? UNUSED_REDIRECT_URI,
    endpoints: {
      token: readVariable(env, 'RW_TOKEN_URL')!,
      refresh: readVariable(env, 'RW_REFRESH_URL')!,
      ...(authorize === null ? {} : { authorize }),
    },
  }
}

function readVariable(env: CliEnvironmentVariables, name: string): string | null {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? null : value
}
