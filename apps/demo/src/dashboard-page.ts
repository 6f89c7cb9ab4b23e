import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

export interface DashboardPageInput {
  readonly suggestedInstances: readonly { readonly key: string; readonly name: string }[]
  readonly backendDescription: string
}

const SCOPES = [
  { scope: 'basic', note: 'read-only', checked: true },
  { scope: 'edit-logs', note: '', checked: false },
  { scope: 'edit-settings', note: '', checked: false },
  { scope: 'dubbed', note: 'only a Super User can grant it', checked: false },
] as const

/** The dashboard shell; `/dashboard.js` fills `#connections` from `GET /connections` (the store's registry). Element ids are documented in the README. */
export function renderDashboardPage({
  suggestedInstances,
  backendDescription,
}: DashboardPageInput): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Radio Workflow OAuth demo</title>
<style>
body{font-family:system-ui,sans-serif;max-width:68rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
.status{font-weight:600}.status-fresh{color:#16794a}.status-due,.status-backoff{color:#9a6700}.status-expired,.status-reauthorization_required,.status-refresh_outcome_unknown{color:#b3261e}
pre{background:#f5f5f5;padding:.75rem;overflow:auto;max-height:20rem}fieldset{border:1px solid #ddd}label{margin-right:1rem}
</style>
</head>
<body>
<h1>Radio Workflow OAuth demo</h1>
<p id="backend">${backendDescription}</p>
<h2>Connect a Radio Workflow instance</h2>
<form id="connect-form" method="get" action="/auth/rw/login">
  <label>Instance key <input id="instance" name="instance" required list="suggested-instances" placeholder="desert-broadcasters"></label>
  <datalist id="suggested-instances">
    ${suggestedInstances.map((instance) => html`<option value="${instance.key}">${instance.name}</option>`)}
  </datalist>
  <fieldset id="scopes"><legend>Scopes</legend>
    ${SCOPES.map(
      ({ scope, note, checked }) =>
        html`<label><input type="checkbox" id="scope-${scope}" name="scope" value="${scope}" ${checked ? 'checked' : ''}> ${scope}${note === '' ? '' : ` (${note})`}</label>`,
    )}
  </fieldset>
  <input type="hidden" name="returnTo" value="/">
  <p><button id="connect-button" type="submit">Connect</button></p>
</form>
<h2>Connected instances</h2>
<p><label>Status <select id="status-filter">
  <option value="">all</option><option value="active">active</option>
  <option value="refresh_outcome_unknown">refresh outcome unknown</option>
  <option value="reauthorization_required">reauthorization required</option>
</select></label> <span id="connection-counts"></span></p>
<table id="connections">
  <thead><tr><th>Instance</th><th>Status</th><th>Expires in</th><th>Expires at</th><th>Last refresh</th><th>Version</th><th>Scopes</th><th>Actions</th></tr></thead>
  <tbody id="connection-rows"></tbody>
</table>
<p id="no-connections">No instance connected yet.</p>
<h2>Last result</h2>
<pre id="api-result">(call the API, refresh or disconnect to see the response here)</pre>
<script src="/dashboard.js" defer></script>
</body>
</html>
`
}
