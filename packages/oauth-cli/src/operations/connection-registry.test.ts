import { describe, expect, it } from 'vitest'
import { requireConnectionRegistry } from './connection-registry'

describe('requireConnectionRegistry', () => {
  it('accepts a store with listConnections and countConnections', () => {
    const store = {
      listConnections: async () => ({ connections: [], cursor: null }),
      countConnections: async () => ({}),
    }
    expect(requireConnectionRegistry(store)).toBe(store)
  })

  it('explains what to do when the store has no registry', () => {
    expect(() => requireConnectionRegistry({ getConnection: async () => null })).toThrow(
      expect.objectContaining({
        code: 'usage_invalid',
        message: expect.stringContaining('need the connection registry'),
      }),
    )
  })
})
