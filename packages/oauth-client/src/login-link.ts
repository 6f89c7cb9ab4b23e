/**
 * The login route beside the redirect URI's callback, as a same-origin absolute path: for
 * `https://partner.example/auth/rw/callback`, `/auth/rw/login?instance=<key>`; for `/callback`, `/login?...`.
 *
 * @example
 * createLoginLink(rw.config.redirectUri)('desert-broadcasters') // '/auth/rw/login?instance=desert-broadcasters'
 */
export function createLoginLink(redirectUri: string): (instanceKey: string | undefined) => string | undefined {
  const callbackPath = new URL(redirectUri).pathname
  const loginPath = `${callbackPath.slice(0, callbackPath.lastIndexOf('/') + 1)}login`
  return (instanceKey) =>
    instanceKey === undefined ? undefined : `${loginPath}?${new URLSearchParams({ instance: instanceKey })}`
}
