import type { CliIo } from '../../src/index'

/** An in-process `CliIo` capturing output (help and usage tests). */
export function createMemoryIo(
  env: Record<string, string>,
): CliIo & { readonly out: () => string; readonly err: () => string } {
  let stdout = ''
  let stderr = ''
  return {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    confirm: async () => null,
    readStdin: async () => '',
    out: () => stdout,
    err: () => stderr,
  }
}
