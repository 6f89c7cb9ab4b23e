import { attachRedactedPrinting, redactTokenPair } from './redact'

/** A parsed, validated token response in domain (camelCase) form. Prints redacted. */
export interface TokenSet {
  readonly accessToken: string
  readonly refreshToken: string | null
  readonly tokenType: 'Bearer'
  readonly scopes: readonly string[]
  readonly expiresAt: number
  readonly obtainedAt: number
}

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
