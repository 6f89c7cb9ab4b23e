/**
 * An authorization started by a browser and not yet completed. Stored under
 * `stateId` (a hash of `state`, so the raw state never becomes a storage key).
 */
export interface PendingAuthorization {
  readonly stateId: string
  readonly state: string
  /** SHA-256 (base64url) of the browser binding value kept in the HttpOnly cookie. */
  readonly bindingHash: string
  readonly codeVerifier: string | null
  readonly instanceKey: string
  readonly scopes: readonly string[]
  readonly returnTo: string
  readonly redirectUri: string
  readonly createdAt: number
  readonly expiresAt: number
}
