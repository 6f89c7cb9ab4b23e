import type { HttpErrorDescription } from './http-error-description'

/** Options of {@link renderErrorPage}. */
export interface RenderErrorPageOptions {
  /** Where a "Connect again" link points when `description.reconnect` is true. */
  readonly reconnectUrl?: string
}

/**
 * A small self-contained HTML error page. Everything interpolated is escaped; it holds no stack,
 * token or secret because `HttpErrorDescription` holds none.
 *
 * @example
 * const description = describeErrorForHttp(error)
 * return c.html(renderErrorPage(description), description.status)
 *
 * @see https://html.spec.whatwg.org/multipage/syntax.html#escapingString
 */
export function renderErrorPage(description: HttpErrorDescription, options: RenderErrorPageOptions = {}): string {
  const title = escapeHtml(description.title)
  const reconnect =
    description.reconnect && options.reconnectUrl !== undefined
      ? `\n<p><a href="${escapeHtml(options.reconnectUrl)}">Connect again</a></p>`
      : ''
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>${title}</h1>
<p>${escapeHtml(description.message)}</p>
<p><small>Error code: ${escapeHtml(description.code)} (HTTP ${description.status})</small></p>${reconnect}
</body>
</html>
`
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}
