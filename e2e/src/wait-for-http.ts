export interface WaitForHttpOptions {
  /** Give up after this long. */
  readonly timeoutMs: number
  /** Pause between attempts. Default 200 ms. */
  readonly intervalMs?: number
}

/**
 * Polls `url` until it answers with any HTTP status (a server that answers is up; what it answers is the
 * tests' business). Redirects are not followed: they may point at another server.
 */
export async function waitForHttp(url: string, { timeoutMs, intervalMs = 200 }: WaitForHttpOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown = null
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) })
      await response.body?.cancel()
      return
    } catch (error) {
      lastError = error
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw new Error(`no answer within ${timeoutMs} ms (last error: ${String(lastError)})`)
}
