import { ConfigurationError } from '@rw/oauth-core'
import { EncryptionKeyRing, type RedisEncryptionOptions } from './encryption-key-ring'

/** Environment variables read by {@link readEncryptionFromEnvironment}. */
export type EncryptionEnvironment = Readonly<Record<string, string | undefined>>

const TRUE_VALUES = new Set(['1', 'true', 'yes'])

/**
 * Reads encryption at rest from the environment, the way the example apps and `rw-oauth` do:
 * `RW_TOKEN_KEYS` is a comma-separated key ring `id:base64key,...` whose **first** key encrypts every
 * write (every key decrypts); `RW_TOKEN_READ_PLAINTEXT=true` also reads records written before
 * encryption (only while `rw-oauth migrate encrypt` runs). Without `RW_TOKEN_KEYS`, a single key in
 * `RW_TOKEN_KEY` (id `RW_TOKEN_KEY_ID`, default `k1`) is accepted too. Returns `undefined` when neither is set.
 * Error messages name the entry at fault, never its key material.
 *
 * @example
 * ```ts
 * // RW_TOKEN_KEYS="2026-06:$(openssl rand -base64 32),2026-01:<the old key>"
 * const store = new RedisTokenStore({ redis, encryption: readEncryptionFromEnvironment(process.env) })
 * ```
 */
export function readEncryptionFromEnvironment(env: EncryptionEnvironment): RedisEncryptionOptions | undefined {
  const single = env.RW_TOKEN_KEY?.trim()
  const ring =
    env.RW_TOKEN_KEYS?.trim() ||
    (single === undefined || single === '' ? undefined : `${env.RW_TOKEN_KEY_ID?.trim() || 'k1'}:${single}`)
  const readPlaintext = TRUE_VALUES.has(env.RW_TOKEN_READ_PLAINTEXT?.trim().toLowerCase() ?? '')
  if (ring === undefined || ring === '') {
    if (readPlaintext) {
      throw new ConfigurationError('RW_TOKEN_KEYS', 'RW_TOKEN_READ_PLAINTEXT needs RW_TOKEN_KEYS (id:base64key,...).')
    }
    return undefined
  }
  const keys = ring.split(',').map((entry, index) => {
    const separator = entry.indexOf(':')
    if (separator < 1) {
      throw new ConfigurationError(
        'RW_TOKEN_KEYS',
        `RW_TOKEN_KEYS entry ${index + 1} must be id:base64key (e.g. k1:$(openssl rand -base64 32)).`,
      )
    }
    return { id: entry.slice(0, separator).trim(), key: entry.slice(separator + 1).trim() }
  })
  const options: RedisEncryptionOptions = { keys, ...(readPlaintext ? { readPlaintext } : {}) }
  try {
    new EncryptionKeyRing(options)
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error
    throw new ConfigurationError(
      'RW_TOKEN_KEYS',
      `RW_TOKEN_KEYS: ${error.message.replace(/encryption\.keys\[(\d+)\]/g, (_, index) => `entry ${Number(index) + 1}`)}`,
    )
  }
  return options
}
