// Recognising SDK errors without class identity: an app can hold two copies of @rw/oauth-core (a partial upgrade,
// or the CommonJS build next to the ESM one), and each copy has its own classes.
import type { RadioWorkflowError } from './errors'

/**
 * Marks every SDK error. A registered symbol (`Symbol.for`) is the same in every copy of the SDK, so an error
 * thrown by one copy of `@rw/oauth-core` (a second version after a partial upgrade, or the CommonJS build next
 * to the ESM one) is still recognised by another, where `instanceof` on a class would not be.
 */
export const RADIO_WORKFLOW_ERROR_BRAND: unique symbol = Symbol.for('@rw/oauth.error') as never

/**
 * `true` when `value` is an error thrown by the Radio Workflow SDK, from this copy of the package or any other
 * (`value instanceof RadioWorkflowError` answers the same).
 *
 * @example
 * ```ts
 * try {
 *   await rw.getAccessToken(instanceKey)
 * } catch (error) {
 *   if (isRadioWorkflowError(error) && error.code === 'reauthorization_required') return redirectToLogin(instanceKey)
 *   throw error
 * }
 * ```
 */
export function isRadioWorkflowError(value: unknown): value is RadioWorkflowError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[RADIO_WORKFLOW_ERROR_BRAND] === true
  )
}

type ErrorClass = abstract new (...args: never[]) => unknown

/** `instanceof` for SDK error classes: the class check, else the brand plus a class of the same name in the chain. */
export function isInstanceInAnyCopy(errorClass: ErrorClass, value: unknown): boolean {
  if (Function.prototype[Symbol.hasInstance].call(errorClass, value)) return true
  if (!isRadioWorkflowError(value)) return false
  for (let prototype = Object.getPrototypeOf(value); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
    if (Object.hasOwn(prototype, 'constructor') && prototype.constructor.name === errorClass.name) return true
  }
  return false
}
