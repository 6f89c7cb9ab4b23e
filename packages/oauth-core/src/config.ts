// STUB
import type { RandomBytes } from './random'

/** The documented Radio Workflow authorize URL (the only documented one; token and refresh URLs come from the Partner Portal). */
export const RADIO_WORKFLOW_AUTHORIZE_URL = 'https://www.radioworkflow.com/app/listeners/authorize'

/** Scopes documented by Radio Workflow. `dubbed` can only be granted by a Super User. */
export const RADIO_WORKFLOW_SCOPES = ['basic', 'dubbed', 'edit-settings', 'edit-logs'] as const
export type RadioWorkflowScope = (typeof RADIO_WORKFLOW_SCOPES)[number]

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
  readonly endpoints: { readonly token: string; readonly refresh: string; readonly authorize: string; readonly api: string | null }
  readonly scopes: readonly string[]
  readonly pkce: boolean
  readonly sendRedirectUri: boolean
  readonly issuer: string | null
  readonly refreshWindowMs: number
  readonly refreshJitterMs: number
  readonly pendingAuthorizationTtlMs: number
}

/**
 * Validates configuration; throws `ConfigurationError` naming the field. URLs must be https
 * except on loopback hosts.
 */
export function resolveConfig(input: RadioWorkflowConfigInput): ResolvedConfig {
  void input
  throw new Error('not implemented')
}

export type { RandomBytes }
