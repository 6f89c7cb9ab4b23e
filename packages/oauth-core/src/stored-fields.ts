import { StoreError } from './errors'
import type { RefreshAttempt } from './refresh-attempt'
import type { RefreshBackoff } from './refresh-backoff'
import { isTokenText } from './token-syntax'

/**
 * Reads fields of a stored JSON document, throwing `StoreError('store_corrupted')` that names
 * the field but never echoes its value (it may be a token).
 */
export class StoredFieldReader {
  readonly #fields: Record<string, unknown>
  readonly #kind: string

  constructor(json: string, kind: string) {
    this.#kind = kind
    let parsed: unknown
    try {
      parsed = typeof json === 'string' ? JSON.parse(json) : undefined
    } catch (cause) {
      throw new StoreError('store_corrupted', `A stored ${kind} is not valid JSON: delete it and connect again.`, {
        cause,
      })
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new StoreError('store_corrupted', `A stored ${kind} is not a JSON object: delete it and connect again.`)
    }
    this.#fields = parsed as Record<string, unknown>
  }

  readString(field: string): string {
    const value = this.#fields[field]
    if (typeof value !== 'string' || value === '') throw this.#invalid(field, 'a non-empty string')
    return value
  }

  readNullableString(field: string): string | null {
    const value = this.#fields[field]
    return value === null ? null : this.readString(field)
  }

  /** A token: visible ASCII only, the rule token responses follow, so a tampered record cannot break a header. */
  readToken(field: string): string {
    const value = this.#fields[field]
    if (!isTokenText(value)) throw this.#invalid(field, 'a token of visible ASCII characters')
    return value
  }

  readNullableToken(field: string): string | null {
    return this.#fields[field] === null ? null : this.readToken(field)
  }

  readTime(field: string): number {
    const value = this.#fields[field]
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.#invalid(field, 'a finite number')
    return value
  }

  readNullableTime(field: string): number | null {
    return this.#fields[field] === null ? null : this.readTime(field)
  }

  readVersion(field: string): number {
    const value = this.#fields[field]
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
      throw this.#invalid(field, 'an integer ≥ 1')
    return value
  }

  readStrings(field: string): readonly string[] {
    const value = this.#fields[field]
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
      throw this.#invalid(field, 'an array of non-empty strings')
    }
    return Object.freeze([...value])
  }

  /** An optional {@link RefreshAttempt}: absent or `null` reads as `null`. */
  readRefreshAttempt(field: string): RefreshAttempt | null {
    const value = this.#fields[field]
    if (value === undefined || value === null) return null
    if (typeof value !== 'object' || Array.isArray(value)) throw this.#invalid(field, 'an object or null')
    const attempt = new StoredFieldReader(JSON.stringify(value), `${this.#kind}'s ${field}`)
    return Object.freeze({
      id: attempt.readString('id'),
      startedAt: attempt.readTime('startedAt'),
      leaseExpiresAt: attempt.readTime('leaseExpiresAt'),
    })
  }

  /** An optional {@link RefreshBackoff}: absent or `null` reads as `null`. */
  readRefreshBackoff(field: string): RefreshBackoff | null {
    const value = this.#fields[field]
    if (value === undefined || value === null) return null
    if (typeof value !== 'object' || Array.isArray(value)) throw this.#invalid(field, 'an object or null')
    const backoff = new StoredFieldReader(JSON.stringify(value), `${this.#kind}'s ${field}`)
    return Object.freeze({
      failures: backoff.readVersion('failures'),
      nextAttemptAt: backoff.readTime('nextAttemptAt'),
      lastCode: backoff.readString('lastCode'),
    })
  }

  readOneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.#fields[field]
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.#invalid(field, `one of ${allowed.join(', ')}`)
    }
    return value as T
  }

  #invalid(field: string, expected: string): StoreError {
    return new StoreError(
      'store_corrupted',
      `A stored ${this.#kind} has an invalid "${field}" (expected ${expected}): delete it and connect again.`,
    )
  }
}
