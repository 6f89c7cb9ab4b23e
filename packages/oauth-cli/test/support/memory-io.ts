import type { RedisTokenStore } from '@rw/oauth-redis'
import type { CliIo } from '../../src/index'

/** An in-process `CliIo` capturing output, for the few tests that inject a stand-in into the store. */
export function createMemoryIo(
  env: Record<string, string>,
  decorateStore?: (store: RedisTokenStore) => RedisTokenStore,
): CliIo & { readonly out: () => string; readonly err: () => string } {
  let stdout = ''
  let stderr = ''
  return {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    confirm: async () => null,
    readStdin: async () => '',
    ...(decorateStore === undefined ? {} : { decorateStore }),
    out: () => stdout,
    err: () => stderr,
  }
}
