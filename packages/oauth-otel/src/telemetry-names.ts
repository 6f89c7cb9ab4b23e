/**
 * Every name this package exports to OpenTelemetry, in one place: span names, metric names and attribute
 * keys. The HTTP ones are the stable OTel HTTP client semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/); the `rw.oauth.*` ones are ours.
 */
export const SPAN_NAMES = {
  code_exchange: 'rw.oauth.code_exchange',
  refresh: 'rw.oauth.refresh',
  fetch: 'rw.oauth.fetch',
  refresh_batch: 'rw.oauth.refresh_batch',
  lock_wait: 'rw.oauth.lock_wait',
} as const

/** Metric instrument names (durations in seconds, as the OTel conventions ask). */
export const METRIC_NAMES = {
  refreshDuration: 'rw.oauth.refresh.duration',
  refreshOutcomes: 'rw.oauth.refresh.outcomes',
  lockWaitDuration: 'rw.oauth.lock.wait.duration',
  tokenEndpointErrors: 'rw.oauth.token_endpoint.errors',
  connections: 'rw.oauth.connections',
  soonestExpiry: 'rw.oauth.connection.soonest_expiry',
  breakerOpen: 'rw.oauth.circuit_breaker.open',
} as const

/** Attribute keys. `INSTANCE_KEY` is only ever a span attribute, and only with `recordInstanceKeys: true`. */
export const ATTRIBUTES = {
  HTTP_REQUEST_METHOD: 'http.request.method',
  HTTP_RESPONSE_STATUS_CODE: 'http.response.status_code',
  SERVER_ADDRESS: 'server.address',
  SERVER_PORT: 'server.port',
  URL_FULL: 'url.full',
  ERROR_TYPE: 'error.type',
  ENDPOINT: 'rw.oauth.endpoint',
  REFRESH_OUTCOME: 'rw.oauth.refresh.outcome',
  CONNECTION_STATUS: 'rw.oauth.connection.status',
  BATCH_REFRESHED: 'rw.oauth.batch.refreshed',
  BATCH_SKIPPED: 'rw.oauth.batch.skipped',
  BATCH_FAILED: 'rw.oauth.batch.failed',
  INSTANCE_KEY: 'rw.oauth.instance_key',
} as const

/** Which remote endpoint an HTTP client span or a token-endpoint error is about. */
export type EndpointName = 'token' | 'refresh' | 'api'
