/**
 * The dashboard's browser script, served as `/dashboard.js` (no build step, no framework). It polls
 * `GET /connections` (the store's registry, page by page up to MAX_PAGES) and only ever writes text
 * (`textContent`), never markup built from data.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict'
const rows = document.getElementById('connection-rows')
const empty = document.getElementById('no-connections')
const result = document.getElementById('api-result')
const counts = document.getElementById('connection-counts')
const statusFilter = document.getElementById('status-filter')
const POLL_MS = 2000
const MAX_PAGES = 10

function describeStatus(connection) {
  if (connection.refreshBackoff) {
    const { failures, nextAttemptAt } = connection.refreshBackoff
    return 'backing off (' + failures + ' failed) until ' + new Date(nextAttemptAt).toLocaleTimeString()
  }
  if (connection.status === 'reauthorization_required') return 'reauthorization required'
  if (connection.status === 'refresh_outcome_unknown') return 'refresh outcome unknown'
  return connection.expiry
}

function formatDuration(ms) {
  const sign = ms < 0 ? '-' : ''
  const seconds = Math.floor(Math.abs(ms) / 1000)
  return sign + Math.floor(seconds / 60) + 'm ' + String(seconds % 60).padStart(2, '0') + 's'
}

function cell(text, className) {
  const td = document.createElement('td')
  if (className) td.className = className
  td.textContent = text
  return td
}

function button(action, label, key) {
  const element = document.createElement('button')
  element.type = 'button'
  element.dataset.action = action
  element.dataset.key = key
  element.textContent = label
  return element
}

function renderRow(connection, serverNow) {
  const row = document.createElement('tr')
  row.dataset.instance = connection.instanceKey
  const status = describeStatus(connection)
  row.append(
    cell(connection.instanceKey, 'instance-key'),
    cell(status, 'status status-' + (connection.refreshBackoff ? 'backoff' : status.replaceAll(' ', '_'))),
    cell(formatDuration(connection.expiresAt - serverNow), 'expires-in'),
    cell(new Date(connection.expiresAt).toLocaleTimeString(), 'expires-at'),
    cell(connection.lastRefreshAt === null ? 'never' : new Date(connection.lastRefreshAt).toLocaleTimeString(), 'last-refresh'),
    cell(String(connection.version), 'version'),
    cell(connection.scopes.join(' '), 'scopes'),
  )
  const actions = cell('', 'actions')
  actions.append(button('call-api', 'Call API', connection.instanceKey), ' ',
    button('refresh', 'Force refresh', connection.instanceKey), ' ',
    button('disconnect', 'Disconnect', connection.instanceKey))
  if (connection.status === 'reauthorization_required') {
    const link = document.createElement('a')
    link.dataset.action = 'reconnect'
    link.href = '/auth/rw/login?' + new URLSearchParams({ instance: connection.instanceKey, returnTo: '/' })
    link.textContent = 'Reconnect'
    actions.append(' ', link)
  }
  row.append(actions)
  return row
}

function describeCounts(byStatus) {
  return Object.entries(byStatus).map(([status, count]) => count + ' ' + status.replaceAll('_', ' ')).join(' · ')
}

async function fetchPage(cursor) {
  const query = new URLSearchParams()
  if (statusFilter.value) query.set('status', statusFilter.value)
  if (cursor) query.set('cursor', cursor)
  const response = await fetch('/connections?' + query, { headers: { accept: 'application/json' } })
  const body = await response.json()
  if (!response.ok) throw new Error(body.message)
  return body
}

async function refreshList() {
  try {
    let body = await fetchPage(null)
    const connections = [...body.connections]
    for (let pages = 1; body.cursor !== null && pages < MAX_PAGES; pages++) {
      body = await fetchPage(body.cursor)
      connections.push(...body.connections)
    }
    rows.replaceChildren(...connections.map((connection) => renderRow(connection, body.now)))
    counts.textContent =
      describeCounts(body.counts) +
      (body.cursor === null ? '' : ' (showing the first ' + connections.length + ')') +
      (body.breaker === 'open' ? ' · token endpoint circuit OPEN: refreshes held back' : '')
    empty.hidden = connections.length > 0
  } catch (error) {
    empty.hidden = false
    empty.textContent = 'Could not load the connections: ' + error.message
  }
}

async function show(label, response) {
  const text = await response.text()
  let shown = text
  try { shown = JSON.stringify(JSON.parse(text), null, 2) } catch {}
  result.textContent = label + ' → HTTP ' + response.status + '\n' + shown
}

const ACTIONS = {
  'call-api': (key) => fetch('/connections/' + encodeURIComponent(key) + '/api/instance'),
  refresh: (key) => fetch('/connections/' + encodeURIComponent(key) + '/refresh', { method: 'POST' }),
  disconnect: (key) => fetch('/connections/' + encodeURIComponent(key) + '/disconnect', { method: 'POST' }),
}

document.addEventListener('click', async (event) => {
  const target = event.target.closest('button[data-action]')
  if (!target || !ACTIONS[target.dataset.action]) return
  target.disabled = true
  try {
    await show(target.dataset.action + ' ' + target.dataset.key, await ACTIONS[target.dataset.action](target.dataset.key))
  } catch (error) {
    result.textContent = target.dataset.action + ' failed: ' + error.message
  } finally {
    target.disabled = false
    await refreshList()
  }
})

statusFilter.addEventListener('change', refreshList)
refreshList()
setInterval(refreshList, POLL_MS)
`
