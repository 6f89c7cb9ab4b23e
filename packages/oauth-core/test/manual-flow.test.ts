import { inspect } from 'node:util'
import { expect, test, vi } from 'vitest'
import { runManualFlow } from '../examples/manual-flow'

test('the README example drives a whole flow and never prints a token or the secret', () => {
  const lines: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.map((part) => (typeof part === 'string' ? part : inspect(part))).join(' '))
  })
  try {
    const record = runManualFlow()
    expect(record).toMatchObject({
      instanceKey: 'desert-broadcasters',
      version: 1,
      status: 'active',
      accessToken: 'at-1',
    })
  } finally {
    log.mockRestore()
  }
  const output = lines.join('\n')
  expect(output).toContain('redirect to https://www.radioworkflow.com/app/listeners/authorize?response_type=code')
  expect(output).toContain('refresh with')
  for (const secret of ['at-1', 'rt-1', 'my-partner-secret', 'auth-code-123']) expect(output).not.toContain(secret)
})
