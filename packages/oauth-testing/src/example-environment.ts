import { ConfigurationError } from '@rw/oauth-core'
import type { MockRadioWorkflow } from './create-mock-radio-workflow'
import type { MockServerHandle } from './listen-mock-server'
import { MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET } from './mock-defaults'

/** The environment variables the runnable example apps read (all optional). */
export type ExampleEnvironmentVariables = Readonly<Record<string, string | undefined>>

/** What an example app passes to `createRadioWorkflow` (plus its own `store`). */
export interface ExampleRadioWorkflowOptions {
  readonly partnerKey: string
  readonly partnerSecret: string
  readonly redirectUri: string
  readonly endpoints: {
    readonly authorize?: string
    readonly token: string
    readonly refresh: string
    readonly api?: string
  }
  /** Only with an in-process mock (`listenMock: false`): serves the mock without a socket. */
  readonly fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>
}

/** Input of {@link resolveExampleEnvironment}. */
export interface ResolveExampleEnvironmentInput {
  /** Usually `process.env`. */
  readonly env: ExampleEnvironmentVariables
  /** The app's port. Default `PORT`, else 3000. */
  readonly port?: number
  /** Path of the app's callback route. Default `/auth/rw/callback`. */
  readonly callbackPath?: string
  /** Serve the embedded mock on a loopback port so a browser reaches its consent page. Default `true`. */
  readonly listenMock?: boolean
  /** Key prefix of the app's Redis store when `RW_REDIS_PREFIX` is unset. Default `rw:example:`. */
  readonly defaultRedisPrefix?: string
}

/** Which Radio Workflow the app talks to. */
export type ExampleEnvironmentMode = 'embedded-mock' | 'shared-mock' | 'radio-workflow'

/** What {@link resolveExampleEnvironment} resolved: which Radio Workflow to talk to and how. */
export interface ExampleEnvironment {
  /** Embedded mock, shared mock (`RW_MOCK_URL`) or the real Radio Workflow (`RW_*`). */
  readonly mode: ExampleEnvironmentMode
  /** The port the app should listen on. */
  readonly port: number
  /** The app's own origin, taken from the redirect URI (never from request headers). */
  readonly origin: string
  /** Spread into `createRadioWorkflow({ ...rwOptions, scopes, store })`. */
  readonly rwOptions: ExampleRadioWorkflowOptions
  /** The embedded mock, or `null` when talking to a shared mock or the real Radio Workflow. */
  readonly mock: MockRadioWorkflow | null
  /** `REDIS_URL`, or `null` for the in-memory store. */
  readonly redisUrl: string | null
  /**
   * From `RW_TOKEN_KEY` (32 bytes, base64) and `RW_TOKEN_KEY_ID` (default `k1`): the Redis store's encryption
   * key, or `null` when unset (tokens would be stored unencrypted; the apps say so at start-up).
   */
  readonly tokenEncryptionKey: { readonly id: string; readonly key: string } | null
  /**
   * `RW_REDIS_PREFIX`, else `defaultRedisPrefix`: the Redis store's key prefix. Processes that should share
   * connections use the same one; tests and separate deployments on one Redis use their own.
   */
  readonly redisPrefix: string
  /** Stops the embedded mock's server (if any). */
  close(): Promise<void>
}

const REAL_VARIABLES = [
  'RW_PARTNER_KEY',
  'RW_PARTNER_SECRET',
  'RW_REDIRECT_URI',
  'RW_AUTHORIZE_URL',
  'RW_TOKEN_URL',
  'RW_REFRESH_URL',
  'RW_API_URL',
] as const
const REQUIRED_VARIABLES = ['RW_PARTNER_KEY', 'RW_PARTNER_SECRET', 'RW_TOKEN_URL', 'RW_REFRESH_URL'] as const

/**
 * Reads the example apps' environment in one place: with no `RW_*` variable set it starts the embedded
 * mock (registered for this app's callback URL); with `RW_MOCK_URL` it uses a mock already running there
 * (`pnpm --filter @rw/oauth-testing mock`, shared by several app processes); otherwise the real endpoints
 * from `RW_*`, naming every missing variable at once.
 *
 * @example
 * const environment = await resolveExampleEnvironment({ env: process.env })
 * const rw = createRadioWorkflow({ ...environment.rwOptions, scopes: ['basic'] })
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2 (the redirect URI must match the registered one)
 */
export async function resolveExampleEnvironment({
  env,
  port = readPort(env),
  callbackPath = '/auth/rw/callback',
  listenMock = true,
  defaultRedisPrefix = 'rw:example:',
}: ResolveExampleEnvironmentInput): Promise<ExampleEnvironment> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigurationError('PORT', `PORT must be a whole number from 1 to 65535; got ${port}.`)
  }
  const redisUrl = readVariable(env, 'REDIS_URL')
  const localRedirectUri = `http://localhost:${port}${callbackPath}`
  const tokenKey = readVariable(env, 'RW_TOKEN_KEY')
  const base = {
    port,
    redisUrl,
    redisPrefix: readVariable(env, 'RW_REDIS_PREFIX') ?? defaultRedisPrefix,
    tokenEncryptionKey: tokenKey === null ? null : { id: readVariable(env, 'RW_TOKEN_KEY_ID') ?? 'k1', key: tokenKey },
  }

  if (REAL_VARIABLES.some((name) => readVariable(env, name) !== null)) {
    const rwOptions = readRealOptions(env, localRedirectUri)
    return { ...base, mode: 'radio-workflow', origin: readOrigin(rwOptions.redirectUri), rwOptions, mock: null, close }
  }

  const sharedMockUrl = readVariable(env, 'RW_MOCK_URL')
  if (sharedMockUrl !== null) {
    // Only its URLs are used: the running mock elsewhere serves the requests.
    const { createMockRadioWorkflow } = await loadMock()
    const { urls } = createMockRadioWorkflow({ baseUrl: requireLoopbackUrl(sharedMockUrl) })
    const rwOptions = createMockOptions(localRedirectUri, urls)
    return { ...base, mode: 'shared-mock', origin: readOrigin(localRedirectUri), rwOptions, mock: null, close }
  }

  const { createMockRadioWorkflow } = await loadMock()
  const mock = createMockRadioWorkflow({
    partners: [{ partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris: [localRedirectUri] }],
  })
  let server: MockServerHandle | null = null
  if (listenMock) server = await mock.listen({ port: readMockPort(env), hostname: '127.0.0.1' })
  const rwOptions = {
    ...createMockOptions(localRedirectUri, mock.urls),
    ...(listenMock ? {} : { fetch: mock.fetch }),
  }
  return {
    ...base,
    mode: 'embedded-mock',
    origin: readOrigin(localRedirectUri),
    rwOptions,
    mock,
    close: async () => {
      await server?.close()
    },
  }
}

async function close(): Promise<void> {}

// Loaded only in the mock modes: an app talking to the real Radio Workflow never loads the test double.
function loadMock() {
  return import('./create-mock-radio-workflow')
}

function createMockOptions(
  redirectUri: string,
  urls: MockRadioWorkflow['urls'],
): Omit<ExampleRadioWorkflowOptions, 'fetch'> {
  return { partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUri, endpoints: { ...urls } }
}

function readRealOptions(env: ExampleEnvironmentVariables, localRedirectUri: string): ExampleRadioWorkflowOptions {
  const missing = REQUIRED_VARIABLES.filter((name) => readVariable(env, name) === null)
  if (missing.length > 0) {
    throw new ConfigurationError(
      missing[0] as string,
      `Set ${missing.join(', ')} to talk to Radio Workflow (or unset every RW_* variable to use the embedded mock).`,
    )
  }
  const authorize = readVariable(env, 'RW_AUTHORIZE_URL')
  const api = readVariable(env, 'RW_API_URL')
  return {
    partnerKey: readVariable(env, 'RW_PARTNER_KEY') as string,
    partnerSecret: readVariable(env, 'RW_PARTNER_SECRET') as string,
    redirectUri: readVariable(env, 'RW_REDIRECT_URI') ?? localRedirectUri,
    endpoints: {
      token: readVariable(env, 'RW_TOKEN_URL') as string,
      refresh: readVariable(env, 'RW_REFRESH_URL') as string,
      ...(authorize === null ? {} : { authorize }),
      ...(api === null ? {} : { api }),
    },
  }
}

function readVariable(env: ExampleEnvironmentVariables, name: string): string | null {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? null : value
}

function readPort(env: ExampleEnvironmentVariables): number {
  const value = readVariable(env, 'PORT')
  return value === null ? 3000 : Number(value)
}

function readMockPort(env: ExampleEnvironmentVariables): number {
  const value = readVariable(env, 'RW_MOCK_PORT')
  const port = value === null ? 0 : Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigurationError('RW_MOCK_PORT', `RW_MOCK_PORT must be a whole number from 0 to 65535; got ${value}.`)
  }
  return port
}

function readOrigin(redirectUri: string): string {
  try {
    return new URL(redirectUri).origin
  } catch {
    throw new ConfigurationError('RW_REDIRECT_URI', 'RW_REDIRECT_URI must be an absolute URL.')
  }
}

function requireLoopbackUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigurationError('RW_MOCK_URL', 'RW_MOCK_URL must be an absolute URL such as http://127.0.0.1:4010.')
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new ConfigurationError(
      'RW_MOCK_URL',
      'RW_MOCK_URL must point at a loopback address: the mock is a test double.',
    )
  }
  return url.origin
}
