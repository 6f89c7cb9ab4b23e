import { ConfigurationError } from '@rw/oauth-core'

/**
 * Fails at start-up when an adapter mounts its callback route somewhere the configured redirect URI does not
 * point (the callback would 404). `mountedPath` may be preceded by a prefix the adapter cannot see (e.g. a
 * NestJS global prefix), so the redirect URI's path must end with it.
 *
 * @example
 * requireCallbackAtRedirectUri(rw.config.redirectUri, '/auth/rw/callback', 'prefix')
 */
export function requireCallbackAtRedirectUri(redirectUri: string, mountedPath: string, field: string): void {
  const redirectPath = new URL(redirectUri).pathname
  if (!redirectPath.endsWith(mountedPath)) {
    throw new ConfigurationError(
      field,
      `The callback route is mounted at ${mountedPath} but the redirect URI's path is ${redirectPath}; set ${field} to match the redirect URI.`,
    )
  }
}
