import type { ConnectionInfo } from '@rw/oauth-client'
import type { ConnectionCounts } from '@rw/oauth-core'

export interface HomePageInput {
  /** The first page of the store's registry. */
  readonly connections: readonly ConnectionInfo[]
  /** Connections per status, over the whole store. */
  readonly counts: ConnectionCounts
  /** Whether the registry holds more connections than `connections`. */
  readonly more: boolean
  /** Offered in the instance field (e.g. the mock's instances). */
  readonly suggestedInstances: readonly { readonly key: string; readonly name: string }[]
}

/**
 * The example's only page: a connect form (`#connect-form`, `#instance`, `#connect-button`), the counts per
 * status (`#connection-counts`) and the store's connections from its registry (`#connections`, one
 * `li[data-instance-key]` each, status in `.connection-status`).
 */
export function renderHomePage({ connections, counts, more, suggestedInstances }: HomePageInput): string {
  const options = suggestedInstances
    .map(({ key, name }) => `<option value="${escapeHtml(key)}">${escapeHtml(name)}</option>`)
    .join('')
  const items = connections.map(renderConnection).join('\n')
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Radio Workflow × NestJS</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem">
<h1>Radio Workflow × NestJS</h1>
<form id="connect-form" method="get" action="/auth/rw/login">
  <label for="instance">Instance key</label>
  <input id="instance" name="instance" list="suggested-instances" required placeholder="desert-broadcasters">
  <datalist id="suggested-instances">${options}</datalist>
  <input type="hidden" name="returnTo" value="/">
  <button id="connect-button" type="submit">Connect</button>
</form>
<h2>Connections</h2>
<p id="connection-counts">${Object.entries(counts)
    .map(([status, count]) => `${count} ${escapeHtml(status.replaceAll('_', ' '))}`)
    .join(' · ')}${more ? ` (showing the first ${connections.length})` : ''}</p>
${connections.length === 0 ? '<p id="no-connections">No instance connected yet.</p>' : ''}
<ul id="connections">
${items}
</ul>
</body>
</html>
`
}

function renderConnection(connection: ConnectionInfo): string {
  const key = escapeHtml(connection.instanceKey)
  const path = encodeURIComponent(connection.instanceKey)
  return `<li data-instance-key="${key}"><code>${key}</code>: <span class="connection-status">${escapeHtml(connection.status)}</span>,
  token expires ${new Date(connection.expiresAt).toISOString()} ·
  <a href="/connections/${path}">connection JSON</a> · <a href="/connections/${path}/api/instance">API: instance</a> ·
  <a href="/broadcast-logs?instance=${path}">broadcast logs</a></li>`
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}
