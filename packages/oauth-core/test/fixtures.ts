import { type RadioWorkflowConfigInput, type RandomBytes, resolveConfig } from '../src/index'

export const TEST_SECRET = 'partner-secret-Zq9!'

export function createConfigInput(overrides: Partial<RadioWorkflowConfigInput> = {}): RadioWorkflowConfigInput {
  return {
    partnerKey: 'partner-key',
    partnerSecret: TEST_SECRET,
    redirectUri: 'https://partner.example/auth/rw/callback',
    endpoints: {
      token: 'https://auth.partner-portal.example/token',
      refresh: 'https://auth.partner-portal.example/refreshToken',
    },
    ...overrides,
  }
}

export function createTestConfig(overrides: Partial<RadioWorkflowConfigInput> = {}) {
  return resolveConfig(createConfigInput(overrides))
}

/** Deterministic "randomness": each call returns the next bytes of a counter, so values differ per call. */
export function createCountingRandomBytes(seed = 1): RandomBytes {
  let counter = seed
  return (length) => {
    const bytes = new Uint8Array(length)
    for (let index = 0; index < length; index++) bytes[index] = (counter * 31 + index * 7) & 0xff
    counter++
    return bytes
  }
}
