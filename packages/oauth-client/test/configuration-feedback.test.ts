import { ConfigurationError } from '@rw/oauth-core'
import { createMockSetup } from '@rw/oauth-testing'
import { describe, expect, it } from 'vitest'
import { createRadioWorkflow, type RadioWorkflowLogger } from '../src/index'

function createRecordingLogger(): RadioWorkflowLogger & { readonly warnings: { message: string; fields: unknown }[] } {
  const warnings: { message: string; fields: unknown }[] = []
  return { warnings, debug() {}, error() {}, warn: (message, fields) => warnings.push({ message, fields }) }
}

describe('createRadioWorkflow configuration feedback', () => {
  it('answers a call without options with a ConfigurationError saying what to pass, not a TypeError', () => {
    const call = () => (createRadioWorkflow as (options?: unknown) => unknown)()
    expect(call).toThrow(ConfigurationError)
    expect(call).toThrow(/createRadioWorkflow needs its options: .*partnerKey, partnerSecret, redirectUri/)
  })

  it('names every missing field at once when nothing is configured (e.g. every RW_* variable unset)', () => {
    const env: Record<string, string | undefined> = {}
    const call = () =>
      createRadioWorkflow({
        partnerKey: env.RW_PARTNER_KEY as string,
        partnerSecret: env.RW_PARTNER_SECRET as string,
        redirectUri: env.RW_REDIRECT_URI as string,
        endpoints: { token: env.RW_TOKEN_URL as string, refresh: env.RW_REFRESH_URL as string },
      })
    expect(call).toThrow(
      expect.objectContaining({
        fields: ['partnerKey', 'partnerSecret', 'redirectUri', 'endpoints.token', 'endpoints.refresh'],
      }),
    )
  })

  it('warns once per undocumented scope name, from the configuration and from startAuthorization', async () => {
    const logger = createRecordingLogger()
    const { clientOptions } = createMockSetup()
    const rw = createRadioWorkflow({ ...clientOptions, scopes: ['basic', 'edit-log'], logger })
    expect(logger.warnings).toEqual([
      {
        message: expect.stringMatching(/^createRadioWorkflow\(\{ scopes \}\) .*: edit-log\. .*edit-logs/),
        fields: { scopes: ['edit-log'] },
      },
    ])

    await rw.startAuthorization({ instanceKey: 'desert-broadcasters', scopes: ['edit-log', 'admin', 'dubbed'] })
    await rw.startAuthorization({ instanceKey: 'desert-broadcasters', scopes: ['admin'] })
    expect(logger.warnings.map((warning) => warning.fields)).toEqual([{ scopes: ['edit-log'] }, { scopes: ['admin'] }])
    expect(logger.warnings[1]?.message).toMatch(/^startAuthorization\(\{ scopes \}\)/)
  })

  it('stays quiet for the four documented scopes', async () => {
    const logger = createRecordingLogger()
    const rw = createRadioWorkflow({ ...createMockSetup().clientOptions, scopes: ['basic', 'dubbed'], logger })
    await rw.startAuthorization({ instanceKey: 'desert-broadcasters', scopes: ['edit-settings', 'edit-logs'] })
    expect(logger.warnings).toEqual([])
  })

  it('refuses a refreshRatePerSecond that is not a positive number, saying what to pass', () => {
    const { clientOptions } = createMockSetup()
    for (const refreshRatePerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const call = () => createRadioWorkflow({ ...clientOptions, refreshRatePerSecond })
      expect(call).toThrow(ConfigurationError)
      expect(call).toThrow(/refreshRatePerSecond must be a positive number of refreshes per second \(or omit it\)/)
    }
    expect(() => createRadioWorkflow({ ...clientOptions, refreshRatePerSecond: 0.5 })).not.toThrow()
  })
})
