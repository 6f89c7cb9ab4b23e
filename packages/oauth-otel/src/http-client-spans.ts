import { type Attributes, context, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api'
import type { HttpTransport } from '@rw/oauth-client'
import type { ResolvedConfig } from '@rw/oauth-core'
import { describeErrorType } from './error-type'
import { describeHttpTarget } from './http-target'
import { OPERATION_CONTEXT_KEY } from './operation-context'
import type { RadioWorkflowMetrics } from './radio-workflow-metrics'
import { ATTRIBUTES, type EndpointName } from './telemetry-names'
import { readTokenEndpointErrorCode } from './token-endpoint-error'

/**
 * Wraps the token-endpoint transport: one HTTP client span per call (OTel HTTP client conventions; the
 * span name is the method, as they ask when there is no URL template) and the token-endpoint error count.
 * Neither the request body (code, verifier, refresh token) nor any header (Basic credentials) is read.
 */
export function traceTokenTransport(
  transport: HttpTransport,
  config: ResolvedConfig,
  tracer: Tracer,
  metrics: RadioWorkflowMetrics,
): HttpTransport {
  return function performTracedTokenRequest(request) {
    const endpoint = nameTokenEndpoint(config, request.url)
    return traceHttpCall(tracer, request.method, request.url, endpoint, async (span) => {
      try {
        const response = await transport(request)
        recordStatus(span, response.status)
        if (response.status >= 400) {
          const code = readTokenEndpointErrorCode(response)
          metrics.tokenEndpointErrors.add(1, { [ATTRIBUTES.ENDPOINT]: endpoint, [ATTRIBUTES.ERROR_TYPE]: code })
        }
        return response
      } catch (error) {
        metrics.tokenEndpointErrors.add(1, {
          [ATTRIBUTES.ENDPOINT]: endpoint,
          [ATTRIBUTES.ERROR_TYPE]: describeErrorType(error),
        })
        throw error
      }
    })
  }
}

/** Wraps the API transport of `rw.fetch`: one HTTP client span per request (the 401 retry is a second one). */
export function traceApiFetch(fetch: typeof globalThis.fetch, tracer: Tracer): typeof globalThis.fetch {
  return function performTracedApiRequest(input, init) {
    const url = input instanceof Request ? input.url : String(input)
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    return traceHttpCall(tracer, method, url, 'api', async (span) => {
      const response = await fetch(input, init)
      recordStatus(span, response.status)
      return response
    })
  }
}

function traceHttpCall<T>(
  tracer: Tracer,
  method: string,
  url: string,
  endpoint: EndpointName,
  run: (span: Span) => Promise<T>,
): Promise<T> {
  const attributes: Attributes = {
    [ATTRIBUTES.HTTP_REQUEST_METHOD]: method,
    ...describeHttpTarget(url),
    [ATTRIBUTES.ENDPOINT]: endpoint,
  }
  return tracer.startActiveSpan(method, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    try {
      return await run(span)
    } catch (error) {
      span.setAttribute(ATTRIBUTES.ERROR_TYPE, describeErrorType(error))
      span.setStatus({ code: SpanStatusCode.ERROR })
      throw error
    } finally {
      span.end()
    }
  })
}

function recordStatus(span: Span, status: number): void {
  span.setAttribute(ATTRIBUTES.HTTP_RESPONSE_STATUS_CODE, status)
  // The conventions: a client span is an error from 400 up, and error.type is then the status code.
  if (status >= 400) {
    span.setAttribute(ATTRIBUTES.ERROR_TYPE, String(status))
    span.setStatus({ code: SpanStatusCode.ERROR })
  }
}

// The enclosing operation names the endpoint (the two may share one URL); without a context manager
// (no parent to read) the URL decides, and a shared URL reads `token`.
function nameTokenEndpoint(config: ResolvedConfig, url: string): EndpointName {
  const operation = context.active().getValue(OPERATION_CONTEXT_KEY)
  if (operation === 'refresh') return 'refresh'
  if (operation === 'code_exchange') return 'token'
  return url === config.endpoints.refresh && url !== config.endpoints.token ? 'refresh' : 'token'
}
