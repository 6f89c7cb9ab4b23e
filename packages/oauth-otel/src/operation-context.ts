import { createContextKey } from '@opentelemetry/api'

/** Context key holding the name of the SDK operation under way (`refresh`, `code_exchange`, ...). */
export const OPERATION_CONTEXT_KEY = createContextKey('rw.oauth.operation')
