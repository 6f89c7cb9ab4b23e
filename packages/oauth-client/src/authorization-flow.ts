import {
  createAuthorizationRequest,
  createTokenRequest,
  type ExpiryPolicy,
  processTokenResponse,
  type RandomBytes,
  type ResolvedConfig,
  readCallbackState,
  StoreError,
  type TokenSet,
  type TokenStore,
  validateCallback,
} from '@rw/oauth-core'
import { describeConnection } from './connection-info'
import { type InterpreterPorts, runConnectionStep } from './connection-interpreter'
import type { RadioWorkflowEventEmitter } from './event-emitter'
import type { HttpTransport } from './fetch-transport'
import { type RadioWorkflowInstrumentation, traceOperation } from './instrumentation'
import type { CompletedAuthorization, StartAuthorizationInput, StartedAuthorization } from './radio-workflow-types'
import { readReplaceableConnection } from './unreadable-connection'

export interface AuthorizationFlowDependencies extends InterpreterPorts {
  readonly config: ResolvedConfig
  readonly store: TokenStore
  readonly transport: HttpTransport
  readonly now: () => number
  readonly randomBytes: RandomBytes
  readonly events: RadioWorkflowEventEmitter
  readonly expiryPolicy: ExpiryPolicy
  readonly instrumentation?: RadioWorkflowInstrumentation
}

/** A reconnect racing a refresh or another reconnect retries its compare-and-set this many times. */
const SAVE_ATTEMPTS = 5

/** Builds the authorize URL and stores the pending authorization until the callback. RFC 6749 §4.1.1. */
export async function startAuthorization(
  deps: AuthorizationFlowDependencies,
  input: StartAuthorizationInput,
): Promise<StartedAuthorization> {
  const request = createAuthorizationRequest(deps.config, {
    instanceKey: input.instanceKey,
    ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
    ...(input.returnTo === undefined ? {} : { returnTo: input.returnTo }),
    now: deps.now(),
    randomBytes: deps.randomBytes,
  })
  await deps.store.savePendingAuthorization(request.pending)
  return { url: request.url, binding: request.binding, expiresAt: request.pending.expiresAt }
}

/**
 * Consumes the pending authorization (single use across processes, so two concurrent callbacks
 * cause one code exchange), validates the callback, exchanges the code and stores the connection
 * for the instance named by the *pending* record, never by the query. RFC 6749 §4.1.2–4.1.4.
 */
export async function completeAuthorization(
  deps: AuthorizationFlowDependencies,
  callbackUrl: string | URL,
  binding: string | null | undefined,
): Promise<CompletedAuthorization> {
  const { stateId } = readCallbackState(callbackUrl)
  const pending = await deps.store.consumePendingAuthorization(stateId)
  const validated = validateCallback(deps.config, { callbackUrl, pending, binding, now: deps.now() })
  const { instanceKey } = validated.pending
  // The store must be able to hold the result before a single-use code is spent on it.
  await readReplaceableConnection(deps, instanceKey)
  const record = await traceOperation(deps.instrumentation, { name: 'code_exchange', instanceKey }, async () => {
    const response = await deps.transport(createTokenRequest(deps.config, validated))
    const tokens = processTokenResponse(response, { now: deps.now(), requestedScopes: validated.pending.scopes })
    return saveNewConnection(deps, instanceKey, tokens)
  })
  return {
    instanceKey: record.instanceKey,
    returnTo: validated.pending.returnTo,
    connection: describeConnection(record, deps.now(), deps.expiryPolicy),
  }
}

async function saveNewConnection(deps: AuthorizationFlowDependencies, instanceKey: string, tokens: TokenSet) {
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const previous = await deps.store.getConnection(instanceKey)
    const state = previous?.status ?? 'disconnected'
    const outcome = await runConnectionStep(deps, { current: null }, state, previous, {
      type: 'authorized',
      instanceKey,
      tokens,
    })
    if (outcome.kind === 'completed' && outcome.record !== null) return outcome.record
  }
  throw new StoreError(
    'store_unavailable',
    `The new connection could not be saved: the stored record kept changing (${SAVE_ATTEMPTS} attempts).`,
    { instanceKey },
  )
}
