import {
  ConfigurationError,
  type ExpiryPolicy,
  type RadioWorkflowConfigInput,
  type RandomBytes,
  type RefreshLock,
  resolveConfig,
  StoreError,
  type TokenStore,
  transitionConnection,
} from '@rw/oauth-core'
import { fetchWithConnection } from './api-fetch'
import { completeAuthorization, startAuthorization } from './authorization-flow'
import { createConnectionAccess } from './connection-access'
import { describeConnection } from './connection-info'
import { createConsoleLogger } from './console-logger'
import { createEventEmitter } from './event-emitter'
import { createFetchTransport, DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_MAX_TOKEN_RESPONSE_BYTES } from './fetch-transport'
import { createMemoryTokenStore } from './memory-token-store'
import type { CreateRadioWorkflowOptions, RadioWorkflow } from './radio-workflow-types'
import { createUndocumentedScopeWarner } from './undocumented-scope-warning'

/**
 * Default refresh lock lease in milliseconds (`lockLeaseMs`): three times the default HTTP deadline, so a
 * lease never expires while its refresh call may still succeed (DESIGN.md refresh rule 2).
 */
export const DEFAULT_LOCK_LEASE_MS = 30_000
/** A disconnect racing a refresh retries its version-checked delete this many times. */
const DELETE_ATTEMPTS = 5

/**
 * Creates the Radio Workflow client: authorization-code flow, per-instance token storage, refresh
 * exactly once across processes sharing the store, and an authenticated `fetch`.
 *
 * @example
 * const rw = createRadioWorkflow({
 *   partnerKey, partnerSecret, redirectUri: 'https://partner.example/auth/rw/callback',
 *   endpoints: { token: TOKEN_URL, refresh: REFRESH_URL, api: API_URL },
 * })
 * const { url, binding } = await rw.startAuthorization({ instanceKey: 'desert-broadcasters' })
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export function createRadioWorkflow(options: CreateRadioWorkflowOptions): RadioWorkflow {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'options',
      'createRadioWorkflow needs its options: createRadioWorkflow({ partnerKey, partnerSecret, redirectUri, ' +
        'endpoints: { token, refresh } }), with the values from the Radio Workflow Partner Portal.',
    )
  }
  const {
    store = createMemoryTokenStore({ now: options.now ?? Date.now }),
    now = Date.now,
    randomBytes = defaultRandomBytes,
    httpTimeoutMs = DEFAULT_HTTP_TIMEOUT_MS,
    maxTokenResponseBytes = DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
    lockLeaseMs = DEFAULT_LOCK_LEASE_MS,
    refreshWaitMs = lockLeaseMs + httpTimeoutMs,
    logger = createConsoleLogger(),
  } = options
  const config = resolveConfig(pickConfigInput(options))
  const warnAboutUndocumentedScopes = createUndocumentedScopeWarner(logger)
  warnAboutUndocumentedScopes(config.scopes, 'createRadioWorkflow({ scopes })')
  requirePositive('httpTimeoutMs', httpTimeoutMs)
  requirePositive('maxTokenResponseBytes', maxTokenResponseBytes)
  requirePositive('lockLeaseMs', lockLeaseMs)
  requirePositive('refreshWaitMs', refreshWaitMs)
  if (lockLeaseMs <= httpTimeoutMs) {
    throw new ConfigurationError(
      'lockLeaseMs',
      `lockLeaseMs (${lockLeaseMs}) must be greater than httpTimeoutMs (${httpTimeoutMs}) so a lease outlives the refresh call.`,
    )
  }
  const lock = options.lock ?? (isRefreshLock(store) ? store : createMemoryTokenStore({ now }))
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis)
  const transport = createFetchTransport({
    fetch: fetchImpl,
    timeoutMs: httpTimeoutMs,
    maxResponseBytes: maxTokenResponseBytes,
  })
  const events = createEventEmitter(logger)
  // Drawn once per process so processes sharing a store spread their refreshes over the jitter window.
  const expiryPolicy: ExpiryPolicy = {
    refreshWindowMs: config.refreshWindowMs,
    refreshJitterMs: config.refreshJitterMs,
    jitterFraction: drawFraction(randomBytes),
  }
  const access = createConnectionAccess({
    config,
    store,
    lock,
    transport,
    now,
    logger,
    events,
    expiryPolicy,
    leaseMs: lockLeaseMs,
    refreshWaitMs,
    storeChecksLeases: lock === (store as unknown),
  })
  const flow = { config, store, transport, now, randomBytes, events, expiryPolicy }

  const rw: RadioWorkflow = {
    config,
    startAuthorization(input) {
      if (Array.isArray(input?.scopes)) warnAboutUndocumentedScopes(input.scopes, 'startAuthorization({ scopes })')
      return startAuthorization(flow, input)
    },
    completeAuthorization: (callbackUrl, { binding }) => completeAuthorization(flow, callbackUrl, binding),
    getAccessToken: (instanceKey) => access.readAccessToken(instanceKey),
    async refresh(instanceKey) {
      const result = await access.forceRefresh(instanceKey)
      if (result.outcome === 'served_stale') throw result.failure
      return describeConnection(result.record, now(), expiryPolicy)
    },
    fetch: (instanceKey, path, init) =>
      fetchWithConnection({ config, access, fetch: fetchImpl }, instanceKey, path, init),
    async getConnection(instanceKey) {
      const record = await store.getConnection(instanceKey)
      return record === null ? null : describeConnection(record, now(), expiryPolicy)
    },
    async disconnect(instanceKey) {
      for (let attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
        const record = await store.getConnection(instanceKey)
        if (record === null) return false
        transitionConnection(record.status, 'disconnected')
        // Version-checked, so a refresh saving concurrently either lands first (and we retry) or fails.
        if (await store.deleteConnection(instanceKey, { expectedVersion: record.version })) {
          events.emit('disconnected', { instanceKey })
          return true
        }
      }
      throw new StoreError(
        'store_unavailable',
        `disconnect: the stored connection kept changing (${DELETE_ATTEMPTS} attempts); try again.`,
        { instanceKey },
      )
    },
    on: (event, listener) => events.on(event, listener),
  }
  return Object.freeze(
    Object.assign(rw, {
      toJSON: () => ({ name: 'RadioWorkflow', partnerKey: config.partnerKey, redirectUri: config.redirectUri }),
      [Symbol.for('nodejs.util.inspect.custom')]: () =>
        `RadioWorkflow { partnerKey: ${JSON.stringify(config.partnerKey)}, redirectUri: ${JSON.stringify(config.redirectUri)} }`,
    }),
  )
}

function pickConfigInput(options: CreateRadioWorkflowOptions): RadioWorkflowConfigInput {
  const {
    store: _store,
    lock: _lock,
    fetch: _fetch,
    now: _now,
    randomBytes: _randomBytes,
    httpTimeoutMs: _httpTimeoutMs,
    maxTokenResponseBytes: _maxTokenResponseBytes,
    lockLeaseMs: _lockLeaseMs,
    refreshWaitMs: _refreshWaitMs,
    logger: _logger,
    ...configInput
  } = options
  return configInput
}

function isRefreshLock(store: TokenStore): store is TokenStore & RefreshLock {
  const candidate = store as Partial<RefreshLock>
  return typeof candidate.tryAcquire === 'function' && typeof candidate.waitForChange === 'function'
}

function requirePositive(field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigurationError(field, `${field} must be a positive number of milliseconds (or bytes); got ${value}.`)
  }
}

function defaultRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}

function drawFraction(randomBytes: RandomBytes): number {
  const bytes = randomBytes(4)
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32
}
