import { KeySchema } from './key-schema'

/**
 * The event log's keys. One stream for the whole deployment: a bounded log with one writer call per
 * lifecycle event is small, and one key (one Cluster slot) keeps a consumer group's view total-ordered.
 */
export interface EventStreamKeys {
  /** The Redis Stream every process appends to. */
  readonly stream: string
  /** The dead-letter list of one consumer group. */
  deadLetters(group: string): string
}

export function createEventStreamKeys(prefix: string): EventStreamKeys {
  const base = new KeySchema(prefix).keyPrefix
  return {
    stream: `${base}events`,
    deadLetters: (group) => `${base}events:dead:${encodeURIComponent(group)}`,
  }
}
