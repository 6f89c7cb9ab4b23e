import { setTimeout as sleep } from 'node:timers/promises'

/** Polls `condition` every `pollMs` until it holds (→ true) or `timeoutMs` passed (→ false). */
export async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (condition()) return true
    if (performance.now() >= deadline) return false
    await sleep(pollMs)
  }
}

export { sleep }
