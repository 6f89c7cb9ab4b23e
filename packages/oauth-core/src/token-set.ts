import { attachRedactedPrinting, redactTokenPair } from './redact'
import type { TokenSet } from './token-response'

/**
 * Copies token fields into a frozen {@link TokenSet} that prints both tokens redacted through
 * `JSON.stringify`, `String()` and `util.inspect`.
 *
 * @example
 * ```ts
 * const tokens = createTokenSet({ accessToken, refreshToken, tokenType: 'Bearer', scopes: ['basic'], expiresAt, obtainedAt })
 * ```
 */
export function createTokenSet(fields: TokenSet): TokenSet {
  const tokens: TokenSet = {
    accessToken: fields.accessToken,
    refreshToken: fields.refreshToken,
    tokenType: 'Bearer',
    scopes: Object.freeze([...fields.scopes]),
    expiresAt: fields.expiresAt,
    obtainedAt: fields.obtainedAt,
  }
  return Object.freeze(attachRedactedPrinting(tokens, 'TokenSet', redactTokenPair))
}
