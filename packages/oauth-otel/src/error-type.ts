/**
 * The `error.type` of a failure: the SDK's stable error `code` when it has one, else the error's class
 * name. Never the message (a foreign error's message may quote a URL or a server body).
 *
 * @example
 * ```ts
 * describeErrorType(new RefreshTimeoutError('desert-broadcasters')) // 'refresh_timeout'
 * ```
 */
export function describeErrorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code
  return error instanceof Error ? error.name : typeof error
}
