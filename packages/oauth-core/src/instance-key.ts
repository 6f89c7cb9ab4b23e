import { UsageError } from './errors'

/**
 * Checks an instance key (your name for one customer's Radio Workflow instance): a non-empty
 * string. Any characters are allowed; stores encode it before using it in keys.
 *
 * @example
 * ```ts
 * validateInstanceKey('desert-broadcasters') // 'desert-broadcasters'
 * ```
 */
export function validateInstanceKey(instanceKey: unknown): string {
  if (typeof instanceKey !== 'string' || instanceKey === '') {
    throw new UsageError('instanceKey must be a non-empty string identifying the customer instance.')
  }
  return instanceKey
}
