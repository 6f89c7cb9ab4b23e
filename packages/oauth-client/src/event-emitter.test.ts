import { describe, expect, it } from 'vitest'
import { createRecordingLogger } from '../test/support/mock-setup'
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
})
