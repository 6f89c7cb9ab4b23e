import { ConfigurationError } from './errors'
import { parseSecureUrl } from './loopback-url'
import type { RandomBytes } from './random'
import { attachRedactedPrinting, redactSecret } from './redact'
import { isScopeToken } from './scope'

/** The documented Radio Workflow authorize URL (the only documented one; token and refresh URLs come from the Partner Portal). */
export const RADIO_WORKFLOW_AUTHORIZE_URL = 'https://www.radioworkflow.com/app/listeners/authorize'

/** Scopes documented by Radio Workflow. `dubbed` can only be granted by a Super User. */
export const RADIO_WORKFLOW_SCOPES = ['basic', 'dubbed', 'edit-settings', 'edit-logs'] as const
/**
 * One of the scopes Radio Workflow documents (`basic`, `dubbed`, `edit-settings`, `edit-logs`).
 * Other scope strings are accepted too: the docs may lag the server.
 */
export type RadioWorkflowScope = (typeof RADIO_WORKFLOW_SCOPES)[number]

/** Defaults applied by {@link resolveConfig}. */
export const CONFIG_DEFAULTS = {
  scopes: ['basic'],
  pkce: true,
  sendRedirectUri: true,
  refreshWindowMs: 5 * 60_000,
  refreshJitterMs: 60_000,
  pendingAuthorizationTtlMs: 10 * 60_000,
} as const

/** What a user passes to `createRadioWorkflow` (the OAuth part of it). */
export interface RadioWorkflowConfigInput {
  /** PartnerKey, sent as `client_id`. */
  readonly partnerKey: string
  /** PartnerSecret. Only ever sent in the Basic `Authorization` header. */
  readonly partnerSecret: string
  /** The redirect URI registered in the Partner Portal. */
  readonly redirectUri: string
  readonly endpoints: {
    /** Code exchange ("token") endpoint URL from the Partner Portal. Required. */
    readonly token: string
    /** "refreshToken" endpoint URL from the Partner Portal. Required. */
    readonly refresh: string
    /** Defaults to {@link RADIO_WORKFLOW_AUTHORIZE_URL}. */
    readonly authorize?: string
    /** API base URL, needed by `rw.fetch` with relative paths. */
    readonly api?: string
  }
  /** Default scopes for `startAuthorization`. Default `['basic']`. */
  readonly scopes?: readonly string[]
  /** PKCE S256. Default `true`. */
  readonly pkce?: boolean
  /** Send `redirect_uri` in the authorize URL and code exchange. Default `true`. */
  readonly sendRedirectUri?: boolean
  /** When set, a callback's `iss` parameter must equal it (RFC 9207). */
  readonly issuer?: string
  /** Refresh this long before expiry. Default 5 minutes. */
  readonly refreshWindowMs?: number
  /** Up to this much extra window, spread per process so processes do not all refresh at once. Default 60 s. */
  readonly refreshJitterMs?: number
  /** How long a started authorization stays valid. Default 10 minutes. */
  readonly pendingAuthorizationTtlMs?: number
}

/** Validated configuration with defaults applied. Prints with the secret redacted. */
export interface ResolvedConfig {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUri: string
  readonly endpoints: {
    readonly token: string
    readonly refresh: string
    readonly authorize: string
    readonly api: string | null
  }
  readonly scopes: readonly string[]
  readonly pkce: boolean
  readonly sendRedirectUri: boolean
  readonly issuer: string | null
  readonly refreshWindowMs: number
  readonly refreshJitterMs: number
  readonly pendingAuthorizationTtlMs: number
}

const PORTAL_HINT = 'copy it from the Radio Workflow Partner Portal.'
const UNDOCUMENTED_HINT =
  'copy it from the Radio Workflow Partner Portal (this URL is not publicly documented, so the SDK never guesses one).'

/**
 * Validates configuration once, at startup, and applies defaults. Throws `ConfigurationError`
 * whose `field` names the offending option and whose message says how to fix it. URLs must be
 * https except on loopback hosts (RFC 6749 §3.1.2.1). The result is frozen and prints with
 * `partnerSecret` redacted.
 *
 * @example
 * ```ts
 * const config = resolveConfig({
 *   partnerKey: 'pk_live_123',
 *   partnerSecret: secrets.partnerSecret, // from your secret store
 *   redirectUri: 'https://partner.example/auth/rw/callback',
 *   endpoints: { token: 'https://…/token', refresh: 'https://…/refreshToken' },
 *   scopes: ['basic'],
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export function resolveConfig(input: RadioWorkflowConfigInput): ResolvedConfig {
  if (typeof input !== 'object' || input === null) {
    throw new ConfigurationError(
      'config',
      'Configuration must be an object with partnerKey, partnerSecret, redirectUri and endpoints.',
    )
  }
  const endpoints: Partial<RadioWorkflowConfigInput['endpoints']> =
    typeof input.endpoints === 'object' && input.endpoints !== null ? input.endpoints : {}
  // Every field is read even after one fails, so a first start-up names everything to fix at once.
  const issues: ConfigurationError[] = []
  const read = <T>(readField: () => T): T => {
    try {
      return readField()
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error
      issues.push(error)
      return undefined as T
    }
  }
  const readUrl = (field: string, value: unknown, hint: string) => read(() => parseSecureUrl(field, value, hint).href)
  const config: ResolvedConfig = {
    partnerKey: read(() =>
      readRequiredString('partnerKey', input.partnerKey, `set it to your PartnerKey; ${PORTAL_HINT}`),
    ),
    partnerSecret: read(() =>
      readRequiredString('partnerSecret', input.partnerSecret, `set it to your PartnerSecret; ${PORTAL_HINT}`),
    ),
    redirectUri: readUrl(
      'redirectUri',
      input.redirectUri,
      'set it to the redirect URI registered in the Partner Portal.',
    ),
    endpoints: Object.freeze({
      token: readUrl(
        'endpoints.token',
        endpoints.token,
        `set the code exchange ("token") endpoint URL; ${UNDOCUMENTED_HINT}`,
      ),
      refresh: readUrl(
        'endpoints.refresh',
        endpoints.refresh,
        `set the "refreshToken" endpoint URL; ${UNDOCUMENTED_HINT}`,
      ),
      authorize: readUrl(
        'endpoints.authorize',
        endpoints.authorize ?? RADIO_WORKFLOW_AUTHORIZE_URL,
        'leave it unset to use the documented URL.',
      ),
      api:
        endpoints.api === undefined
          ? null
          : readUrl('endpoints.api', endpoints.api, 'set it to the Radio Workflow API base URL or leave it unset.'),
    }),
    scopes: read(() => readScopes(input.scopes)),
    pkce: read(() => readBoolean('pkce', input.pkce, CONFIG_DEFAULTS.pkce)),
    sendRedirectUri: read(() => readBoolean('sendRedirectUri', input.sendRedirectUri, CONFIG_DEFAULTS.sendRedirectUri)),
    issuer:
      input.issuer === undefined
        ? null
        : read(() =>
            readRequiredString('issuer', input.issuer, 'set it to the issuer identifier (RFC 9207) or leave it unset.'),
          ),
    refreshWindowMs: read(() =>
      readDuration('refreshWindowMs', input.refreshWindowMs, CONFIG_DEFAULTS.refreshWindowMs, false),
    ),
    refreshJitterMs: read(() =>
      readDuration('refreshJitterMs', input.refreshJitterMs, CONFIG_DEFAULTS.refreshJitterMs, true),
    ),
    pendingAuthorizationTtlMs: read(() =>
      readDuration(
        'pendingAuthorizationTtlMs',
        input.pendingAuthorizationTtlMs,
        CONFIG_DEFAULTS.pendingAuthorizationTtlMs,
        false,
      ),
    ),
  }
  if (issues.length === 1) throw issues[0]
  if (issues.length > 1) throw combineIssues(issues)
  return Object.freeze(
    attachRedactedPrinting(config, 'ResolvedConfig', (c) => ({ ...c, partnerSecret: redactSecret(c.partnerSecret) })),
  )
}

function combineIssues(issues: readonly ConfigurationError[]): ConfigurationError {
  const fields = issues.map((issue) => issue.field)
  const list = issues.map((issue) => `\n- ${issue.message}`).join('')
  return new ConfigurationError(
    fields[0] ?? 'config',
    `${issues.length} configuration fields need fixing:${list}`,
    fields,
  )
}

/**
 * The scopes Radio Workflow does not document (anything but `basic`, `dubbed`, `edit-settings`, `edit-logs`).
 * They are still sent, since the docs may lag the server, but a typo such as `edit-log` only fails at consent, so
 * `createRadioWorkflow` logs a warning naming them.
 *
 * @example
 * ```ts
 * findUndocumentedScopes(['basic', 'edit-log']) // ['edit-log']
 * ```
 */
export function findUndocumentedScopes(scopes: readonly string[]): string[] {
  const documented: readonly string[] = RADIO_WORKFLOW_SCOPES
  return scopes.filter((scope) => !documented.includes(scope))
}

function readRequiredString(field: string, value: unknown, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(field, `${field} is missing or empty: ${hint}`)
  }
  return value
}

function readScopes(value: readonly string[] | undefined): readonly string[] {
  if (value === undefined) return Object.freeze([...CONFIG_DEFAULTS.scopes])
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigurationError(
      'scopes',
      `scopes must be a non-empty array such as ['basic'] (documented: ${RADIO_WORKFLOW_SCOPES.join(', ')}).`,
    )
  }
  for (const scope of value) {
    if (!isScopeToken(scope)) {
      throw new ConfigurationError(
        'scopes',
        'scopes must be non-empty strings without spaces or quotes (RFC 6749 §3.3), e.g. "edit-logs".',
      )
    }
  }
  return Object.freeze([...new Set(value)])
}

function readBoolean(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean')
    throw new ConfigurationError(field, `${field} must be true or false (default ${fallback}).`)
  return value
}

function readDuration(field: string, value: unknown, fallback: number, zeroAllowed: boolean): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    const range = zeroAllowed ? 'zero or a positive' : 'a positive'
    throw new ConfigurationError(field, `${field} must be ${range} number of milliseconds (default ${fallback}).`)
  }
  return value
}

export type { RandomBytes }
