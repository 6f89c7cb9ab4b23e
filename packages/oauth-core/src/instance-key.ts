import { UsageError } from './errors'
import { isWellFormedText } from './well-formed-text'

/** The longest accepted instance key, in UTF-16 code units (JavaScript `length`). */
export const MAX_INSTANCE_KEY_LENGTH = 200

// C0 controls, DEL and C1 controls: invisible in logs and dashboards, never a customer's name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is rejected
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/

/**
 * Checks an instance key (your name for one customer's Radio Workflow instance): a string of 1 to
 * {@link MAX_INSTANCE_KEY_LENGTH} characters, well-formed Unicode (no lone surrogate) without control
 * characters. Anything else is allowed (`:`, `{`, `}`, `/`, non-Latin letters): stores encode the key
 * before using it in keys. Checked before anything is stored or sent, so a key a store cannot hold
 * never reaches the token endpoint.
 *
 * @example
 * ```ts
 * validateInstanceKey('desert-broadcasters') // 'desert-broadcasters'
 * validateInstanceKey('x'.repeat(201)) // throws UsageError
 * ```
 */
export function validateInstanceKey(instanceKey: unknown): string {
  if (typeof instanceKey !== 'string' || instanceKey === '') {
    throw new UsageError('instanceKey must be a non-empty string identifying the customer instance.')
  }
  if (instanceKey.length > MAX_INSTANCE_KEY_LENGTH) {
    throw new UsageError(
      `instanceKey is ${instanceKey.length} characters long; the limit is ${MAX_INSTANCE_KEY_LENGTH}. Use a short stable id of the customer instance.`,
    )
  }
  if (!isWellFormedText(instanceKey) || CONTROL_CHARACTER.test(instanceKey)) {
    throw new UsageError(
      'instanceKey must be well-formed Unicode without control characters (no lone surrogates, line breaks or tabs).',
    )
  }
  return instanceKey
}
