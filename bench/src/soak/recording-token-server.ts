import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { MockRadioWorkflow } from '@rw/oauth-testing'
import { fingerprintToken, WORKER_HEADER } from './soak-protocol'
import type { NetworkFault, Presentation, PresentationOutcome } from './token-request-record'

/** Decides the injected fault and latency of each refresh request (the supervisor's schedule). */
export interface NetworkFaultSource {
  /** `workerId` and `instanceKey` say whom the fault hits, for the report. */
  takeRefreshFault(target: { readonly workerId: string; readonly instanceKey: string | null }): {
    readonly fault: NetworkFault
    readonly latencyMs: number
  }
}

export interface RecordingTokenServer {
  readonly url: string
  close(): Promise<void>
}

export interface RecordingTokenServerOptions {
  readonly mock: MockRadioWorkflow
  readonly faults: NetworkFaultSource
  readonly clock: () => number
  readonly onPresentation: (presentation: Presentation) => void
}

const REFRESH_PATH = '/oauth/refreshToken'

/**
 * The mock Radio Workflow server over HTTP on loopback, with a recording front: every refresh
 * request is logged (which token, which grant, what the mock answered, whether the answer reached
 * an open socket) and may get a fault of its own. The mock's own fault queue is not used because
 * under concurrency its next entry belongs to whichever request gets there first.
 */
export async function startRecordingTokenServer(options: RecordingTokenServerOptions): Promise<RecordingTokenServer> {
  const { mock } = options
  const grants = createGrantIndex(mock)
  let nextId = 0
  let origin = ''

  async function serveRefresh(request: Request, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = nextId++
    const workerId = request.headers.get(WORKER_HEADER) ?? 'supervisor'
    const body = await request.clone().text()
    const presented = new URLSearchParams(body).get('refresh_token')
    const presentedHash = presented === null ? null : fingerprintToken(presented)
    const known = presentedHash === null ? undefined : grants.find(presentedHash)
    const { fault, latencyMs } = options.faults.takeRefreshFault({ workerId, instanceKey: known?.instanceKey ?? null })
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs))
    const base = { id, workerId, instanceKey: known?.instanceKey ?? null, grantId: known?.grantId ?? null }
    const record = (outcome: PresentationOutcome, issuedHash: string | null, delivered: boolean) =>
      options.onPresentation({
        ...base,
        presentedHash,
        decidedAt: options.clock(),
        fault,
        latencyMs,
        outcome,
        issuedHash,
        delivered,
      })
    if (fault === 'lose_request') {
      req.socket.destroy()
      return record('lost_request', null, false)
    }
    if (fault === 'http_503') {
      const delivered = await writeResponse(res, req, new Response('Service Unavailable', { status: 503 }))
      return record('fault_503', null, delivered)
    }
    const response = await mock.app.fetch(request)
    const text = await response.text()
    const { outcome, issuedHash } = classifyAnswer(response.status, text)
    if (fault === 'lose_response') {
      req.socket.destroy()
      return record(outcome, issuedHash, false)
    }
    const delivered = await writeResponse(res, req, new Response(text, response))
    record(outcome, issuedHash, delivered)
  }

  const server = createServer(function serveSoakRequest(req, res) {
    const request = toWebRequest(req, origin)
    const handle = request.then(async (webRequest): Promise<void> => {
      if (new URL(webRequest.url).pathname === REFRESH_PATH) return serveRefresh(webRequest, req, res)
      await writeResponse(res, req, await mock.app.fetch(webRequest))
    })
    handle.catch((error: unknown) => {
      console.error('soak server error:', error instanceof Error ? error.message : error)
      res.destroy()
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function classifyAnswer(status: number, text: string): { outcome: PresentationOutcome; issuedHash: string | null } {
  let parsed: { refresh_token?: unknown; error?: unknown; error_description?: unknown } = {}
  try {
    parsed = JSON.parse(text)
  } catch {
    return { outcome: 'rejected', issuedHash: null }
  }
  if (status === 200 && typeof parsed.refresh_token === 'string') {
    return { outcome: 'rotated', issuedHash: fingerprintToken(parsed.refresh_token) }
  }
  // The mock's wording for RFC 9700 §4.14.2 reuse detection (grant-registry.ts).
  const reuse = parsed.error === 'invalid_grant' && String(parsed.error_description).includes('already used')
  return { outcome: reuse ? 'reuse_revoked' : 'rejected', issuedHash: null }
}

async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(`${origin}${req.url}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  })
}

/** Resolves whether the whole answer went to a socket that was still open. */
async function writeResponse(res: ServerResponse, req: IncomingMessage, response: Response): Promise<boolean> {
  const body = Buffer.from(await response.arrayBuffer())
  if (req.socket.destroyed || res.destroyed) return false
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  return new Promise((resolve) => {
    res.once('finish', () => resolve(true))
    res.once('close', () => resolve(res.writableFinished))
    res.writeHead(response.status, headers).end(body)
  })
}

/** Refresh token fingerprint → grant, read incrementally from the mock's issued-token log. */
function createGrantIndex(mock: MockRadioWorkflow) {
  const byToken = new Map<string, { grantId: string; instanceKey: string }>()
  let seen = 0
  return {
    find(tokenHash: string) {
      const issued = mock.issued()
      for (; seen < issued.length; seen++) {
        const token = issued[seen]!
        if (token.kind === 'refresh_token') {
          byToken.set(fingerprintToken(token.value), { grantId: token.grantId, instanceKey: token.instanceKey })
        }
      }
      return byToken.get(tokenHash)
    },
  }
}
