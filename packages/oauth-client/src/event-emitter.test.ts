import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '../test/support/mock-setup'
import type { DurableEvent } from './durable-event-sink'
import { createEventEmitter } from './event-emitter'

describe('createEventEmitter', () => {
  it('delivers to listeners until they unsubscribe', () => {
    const events = createEventEmitter(createRecordingLogger())
    const seen: string[] = []
    const unsubscribe = events.on('disconnected', ({ instanceKey }) => seen.push(instanceKey))
    events.emit('disconnected', { instanceKey: 'a' })
    unsubscribe()
    events.emit('disconnected', { instanceKey: 'b' })
    expect(seen).toEqual(['a'])
  })

  it('logs a throwing or rejecting listener and still calls the others', async () => {
    const logger = createRecordingLogger()
    const events = createEventEmitter(logger)
    const seen: string[] = []
    events.on('connected', () => {
      throw new Error('listener bug')
    })
    events.on('connected', async () => {
      throw new Error('async listener bug')
    })
    events.on('connected', ({ instanceKey }) => seen.push(instanceKey))
    expect(() => events.emit('connected', { instanceKey: 'a', version: 1 })).not.toThrow()
    expect(seen).toEqual(['a'])
    await expect.poll(() => logger.entries.filter((entry) => entry.level === 'error').length).toBe(2)
    expect(JSON.stringify(logger.entries)).not.toContain('listener bug')
  })

  it('appends every event to a durable sink, stamped with the clock', () => {
    const appended: DurableEvent[] = []
    const sink = { appendEvent: async (event: DurableEvent) => void appended.push(event) }
    const events = createEventEmitter(createRecordingLogger(), { sink, now: () => 1234 })
    events.emit('refreshed', { instanceKey: 'a', version: 2, expiresAt: 99 })
    events.emit('disconnected', { instanceKey: 'b' })
    expect(appended).toEqual([
      { type: 'refreshed', occurredAt: 1234, data: { instanceKey: 'a', version: 2, expiresAt: 99 } },
      { type: 'disconnected', occurredAt: 1234, data: { instanceKey: 'b' } },
    ])
  })

  it('logs a failing sink as a warning and still calls the listeners', async () => {
    const logger = createRecordingLogger()
    const sink = {
      appendEvent: (): Promise<void> => {
        throw new Error('redis down')
      },
    }
    const events = createEventEmitter(logger, { sink, now: () => 0 })
    const seen: string[] = []
    events.on('disconnected', ({ instanceKey }) => seen.push(instanceKey))
    expect(() => events.emit('disconnected', { instanceKey: 'a' })).not.toThrow()
    expect(seen).toEqual(['a'])
    await expect.poll(() => logger.entries.filter((entry) => entry.level === 'warn').length).toBe(1)
    expect(JSON.stringify(logger.entries)).not.toContain('redis down')
  })
})
