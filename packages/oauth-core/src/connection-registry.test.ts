import { describe, expect, it } from 'vitest'
import type { ConnectionRecord } from './connection-record'
import {
  createEmptyConnectionCounts,
  isConnectionRegistry,
  matchesConnectionQuery,
  resolveConnectionQuery,
  summarizeConnection,
} from './connection-registry'

const record: ConnectionRecord = {
  instanceKey: 'desert-broadcasters',
  version: 3,
  status: 'active',
  accessToken: 'rwat_secret-access',
  refreshToken: 'rwrt_secret-refresh',
  tokenType: 'Bearer',
  scopes: ['basic', 'edit-logs'],
  expiresAt: 5_000,
  obtainedAt: 1_000,
  lastRefreshAt: 2_000,
}

describe('resolveConnectionQuery', () => {
  it('applies the defaults', () => {
    expect(resolveConnectionQuery()).toEqual({ status: null, expiresBefore: null, cursor: null, limit: 100 })
    expect(resolveConnectionQuery({ cursor: null })).toMatchObject({ cursor: null })
  })

  it('keeps valid filters', () => {
    expect(resolveConnectionQuery({ status: 'active', expiresBefore: 7, cursor: 'c', limit: 1000 })).toEqual({
      status: 'active',
      expiresBefore: 7,
      cursor: 'c',
      limit: 1000,
    })
  })

  it.each([
    ['status', { status: 'refreshing' }],
    ['expiresBefore', { expiresBefore: Number.NaN }],
    ['expiresBefore', { expiresBefore: '5' }],
    ['cursor', { cursor: '' }],
    ['cursor', { cursor: 5 }],
    ['limit', { limit: 0 }],
    ['limit', { limit: 1001 }],
    ['limit', { limit: 1.5 }],
  ])('rejects a bad %s with a usage_invalid error naming it', (field, query) => {
    expect(() => resolveConnectionQuery(query as never)).toThrow(expect.objectContaining({ code: 'usage_invalid' }))
    expect(() => resolveConnectionQuery(query as never)).toThrow(`query.${field}`)
  })

  it('rejects a query that is not an object', () => {
    expect(() => resolveConnectionQuery(null as never)).toThrow(expect.objectContaining({ code: 'usage_invalid' }))
  })
})

describe('summarizeConnection', () => {
  it('keeps every field but the tokens', () => {
    const summary = summarizeConnection(record)
    expect(summary).toEqual({
      instanceKey: 'desert-broadcasters',
      status: 'active',
      version: 3,
      expiresAt: 5_000,
      scopes: ['basic', 'edit-logs'],
      obtainedAt: 1_000,
      lastRefreshAt: 2_000,
    })
    expect(JSON.stringify(summary)).not.toContain('secret')
  })
})

describe('matchesConnectionQuery', () => {
  it('filters by status and by expiry strictly before', () => {
    const summary = summarizeConnection(record)
    expect(matchesConnectionQuery(summary, resolveConnectionQuery({ status: 'active' }))).toBe(true)
    expect(matchesConnectionQuery(summary, resolveConnectionQuery({ status: 'reauthorization_required' }))).toBe(false)
    expect(matchesConnectionQuery(summary, resolveConnectionQuery({ expiresBefore: 5_001 }))).toBe(true)
    expect(matchesConnectionQuery(summary, resolveConnectionQuery({ expiresBefore: 5_000 }))).toBe(false)
  })
})

describe('isConnectionRegistry and createEmptyConnectionCounts', () => {
  it('recognises a registry by its two methods', () => {
    expect(isConnectionRegistry({})).toBe(false)
    expect(isConnectionRegistry({ listConnections: () => {} })).toBe(false)
    expect(isConnectionRegistry({ listConnections: () => {}, countConnections: () => {} })).toBe(true)
  })

  it('counts every status from zero', () => {
    expect(createEmptyConnectionCounts()).toEqual({
      active: 0,
      refresh_outcome_unknown: 0,
      reauthorization_required: 0,
    })
  })
})
