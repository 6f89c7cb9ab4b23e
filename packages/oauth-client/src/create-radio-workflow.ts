import {
  type BackoffPolicy,
  ConfigurationError,
  type ConnectionSummary,
  classifyExpiry,
  DEFAULT_BACKOFF_POLICY,
  type ExpiryPolicy,
  isFleetCoordinator,
  type RadioWorkflowConfigInput,
  type RefreshLock,
  resolveConfig,
  type TokenStore,
} from '@rw/oauth-core'
import { fetchWithConnection } from './api-fetch'
import { completeAuthorization, startAuthorization } from './authorization-flow'
import { refreshDueConnections, startBackgroundRefresh } from './background-refresh'
import { withTokenCache } from './cached-connection-access'
import { createRefreshCallRate } from './call-permit'
import {
  type CircuitBreakerOptions,
  createCircuitBreaker,
  DEFAULT_CIRCUIT_BREAKER,
  nameCircuit,
} from './circuit-breaker'
import { createConnectionAccess } from './connection-access'
import { describeConnection } from './connection-info'
import { countConnections, listConnections } from './connection-listing'
import { createConsoleLogger } from './console-logger'
import { disconnectConnection } from './disconnect-connection'
import { findDurableEventSink } from './durable-event-sink'
import { createEventEmitter } from './event-emitter'
import { createFetchTransport, DEFAULT_HTTP_TIMEOUT_MS, DEFAULT_MAX_TOKEN_RESPONSE_BYTES } from './fetch-transport'
import { checkHealth } from './health-check'
import { instrumentPorts, traceOperation } from './instrumentation'
import { createMemoryFleetCoordinator } from './memory-fleet-coordinator'
import { createMemoryTokenStore } from './memory-token-store'
import type { CreateRadioWorkflowOptions, RadioWorkflow } from './radio-workflow-types'
import { drawFraction } from './refresh-settlement'
import { createTokenCache } from './token-cache'
import { createUndocumentedScopeWarner } from './undocumented-scope-warning'
import { deleteUnreadableConnection } from './unreadable-connection'

/**
 * Default refresh lock lease in milliseconds (`lockLeaseMs`): three times the default HTTP deadline, so a
 * lease never expires while its refresh call may still succeed (DESIGN.md refresh rule 2).
 */
export const DEFAULT_LOCK_LEASE_MS = 30_000
/**
 * Default `saveRetryMs`: how long a refreshed pair whose save failed for a store outage is kept and its
 * save retried (DESIGN.md rule 8). Covers a Redis restart or a Sentinel/Cluster failover.
 */
export const DEFAULT_SAVE_RETRY_MS = 60_000
/** Default `refreshConcurrency`: token-endpoint calls for refreshes ahead of need, across the fleet. */
export const DEFAULT_REFRESH_CONCURRENCY = 8

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
    monotonicNow = () => performance.now(),
    saveRetryMs = DEFAULT_SAVE_RETRY_MS,
    unresolvedRetryDelayMs = 3 * lockLeaseMs,
    refreshBackoff = {},
    circuitBreaker = {},
    refreshConcurrency = DEFAULT_REFRESH_CONCURRENCY,
    refreshRatePerSecond,
    instrumentation,
  } = options
  const config = resolveConfig(pickConfigInput(options))
  const warnAboutUndocumentedScopes = createUndocumentedScopeWarner(logger)
  warnAboutUndocumentedScopes(config.scopes, 'createRadioWorkflow({ scopes })')
  requirePositive('httpTimeoutMs', httpTimeoutMs)
  requirePositive('maxTokenResponseBytes', maxTokenResponseBytes)
  requirePositive('lockLeaseMs', lockLeaseMs)
  requirePositive('refreshWaitMs', refreshWaitMs)
  requirePositive('saveRetryMs', saveRetryMs)
  requirePositive('unresolvedRetryDelayMs', unresolvedRetryDelayMs)
  if (lockLeaseMs <= httpTimeoutMs) {
    throw new ConfigurationError(
      'lockLeaseMs',
      `lockLeaseMs (${lockLeaseMs}) must be greater than httpTimeoutMs (${httpTimeoutMs}) so a lease outlives the refresh call.`,
    )
  }
  const lock = options.lock ?? (isRefreshLock(store) ? store : createMemoryTokenStore({ now }))
  if (options.lock === undefined && !isRefreshLock(store)) {
    logger.warn(
      'The store is not a RefreshLock and no `lock` was given: refreshes are coordinated inside this process only. Pass a shared `lock` (or a store that is one) when several processes share the store.',
    )
  }
  requirePositive('refreshConcurrency', refreshConcurrency, 'number of concurrent calls')
  if (refreshRatePerSecond !== undefined) {
    requirePositive('refreshRatePerSecond', refreshRatePerSecond, 'number of refreshes per second (or omit it)')
  }
  const coordinator = isFleetCoordinator(store) ? store : createMemoryFleetCoordinator({ now })
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis)
  const transport = createFetchTransport({
    fetch: fetchImpl,
    timeoutMs: httpTimeoutMs,
    maxResponseBytes: maxTokenResponseBytes,
  })
  const sink = findDurableEventSink(store)
  const events = createEventEmitter(logger, sink === undefined ? undefined : { sink, now })
  // Records use their instance's own jitter share (readInstanceJitterFraction); this one is for bare expiry times.
  const expiryPolicy: ExpiryPolicy = {
    refreshWindowMs: config.refreshWindowMs,
    refreshJitterMs: config.refreshJitterMs,
    jitterFraction: drawFraction(randomBytes),
  }
  const breaker = createCircuitBreaker({
    coordinator,
    name: nameCircuit(config.endpoints.refresh),
    options: resolveCircuitBreakerOptions(circuitBreaker),
    now,
    logger,
  })
  // The hook point of `instrumentation`: decorated ports, and `traceOperation` at each operation's boundary.
  const ports = instrumentPorts(instrumentation, {
    config,
    store,
    lock,
    transport,
    fetch: fetchImpl,
    readBreakerState: () => breaker.readState(),
    now,
  })
  const tokenCache = createTokenCache(store, options.cache, now, expiryPolicy)
  const uncachedAccess = createConnectionAccess({
    config,
    ...ports,
    now,
    logger,
    events,
    expiryPolicy,
    leaseMs: lockLeaseMs,
    refreshWaitMs,
    storeChecksLeases: lock === (store as unknown),
    monotonicNow,
    randomBytes,
    unresolvedRetryDelayMs,
    saveRetryMs,
    unsaved: new Map(),
    backoffPolicy: resolveBackoffPolicy(refreshBackoff),
    breaker,
    callCap: {
      coordinator,
      limit: refreshConcurrency,
      leaseMs: lockLeaseMs,
      rate: refreshRatePerSecond === undefined ? null : createRefreshCallRate(refreshRatePerSecond),
    },
    leaseSendMarginMs: lockLeaseMs / 4,
    ...(instrumentation === undefined ? {} : { instrumentation }),
  })
  const access = withTokenCache(uncachedAccess, tokenCache)
  const flow = {
    config,
    store: ports.store,
    transport: ports.transport,
    now,
    randomBytes,
    events,
    expiryPolicy,
    logger,
    storeChecksLeases: false,
    leaseSendMarginMs: 0,
    ...(instrumentation === undefined ? {} : { instrumentation }),
  }

  const background = {
    store,
    access,
    now,
    random: () => drawFraction(randomBytes),
    logger,
    isDueAt: (summary: ConnectionSummary, at: number) => classifyExpiry(summary, at, expiryPolicy) !== 'fresh',
    maxWindowMs: config.refreshWindowMs + config.refreshJitterMs,
    ...(instrumentation === undefined ? {} : { instrumentation }),
  }

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
      traceOperation(instrumentation, { name: 'fetch', instanceKey, method: init?.method ?? 'GET' }, () =>
        fetchWithConnection({ config, access, fetch: ports.fetch }, instanceKey, path, init),
      ),
    async getConnection(instanceKey) {
      const record = await store.getConnection(instanceKey)
      return record === null ? null : describeConnection(record, now(), expiryPolicy)
    },
    disconnect: async (instanceKey) =>
      (await deleteUnreadableConnection({ store, events, logger }, instanceKey)) ||
      disconnectConnection(flow, instanceKey),
    health: (healthOptions) =>
      checkHealth(
        { store, monotonicNow, readBreaker: async () => ({ state: await breaker.readState() }) },
        healthOptions,
      ),
    on: (event, listener) => events.on(event, listener),
    listConnections: (query) => listConnections({ store, now, expiryPolicy }, query),
    countConnections: () => countConnections(store),
    startBackgroundRefresh: (backgroundOptions) => startBackgroundRefresh(background, backgroundOptions),
    refreshDueConnections: (sweepOptions) => refreshDueConnections(background, sweepOptions),
    getTokenCacheStatistics: () => tokenCache?.statistics,
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
    monotonicNow: _monotonicNow,
    saveRetryMs: _saveRetryMs,
    unresolvedRetryDelayMs: _unresolvedRetryDelayMs,
    refreshBackoff: _refreshBackoff,
    circuitBreaker: _circuitBreaker,
    refreshConcurrency: _refreshConcurrency,
    refreshRatePerSecond: _refreshRatePerSecond,
    instrumentation: _instrumentation,
    cache: _cache,
    ...configInput
  } = options
  return configInput
}

function resolveCircuitBreakerOptions(input: Partial<CircuitBreakerOptions>): CircuitBreakerOptions {
  const options = { ...DEFAULT_CIRCUIT_BREAKER, ...input }
  for (const field of ['failureThreshold', 'windowMs', 'openMs', 'probeIntervalMs'] as const) {
    requirePositive(`circuitBreaker.${field}`, options[field])
  }
  return options
}

function resolveBackoffPolicy(input: Partial<BackoffPolicy>): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF_POLICY, ...input }
  requirePositive('refreshBackoff.baseMs', policy.baseMs)
  requirePositive('refreshBackoff.maxMs', policy.maxMs)
  if (policy.maxMs < policy.baseMs) {
    throw new ConfigurationError('refreshBackoff', 'refreshBackoff.maxMs must be at least refreshBackoff.baseMs.')
  }
  return policy
}

function isRefreshLock(store: TokenStore): store is TokenStore & RefreshLock {
  const candidate = store as Partial<RefreshLock>
  return typeof candidate.tryAcquire === 'function' && typeof candidate.waitForChange === 'function'
}

function requirePositive(field: string, value: number, unit = 'number of milliseconds (or bytes)'): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigurationError(field, `${field} must be a positive ${unit}; got ${value}.`)
  }
}

function defaultRandomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length))
}
