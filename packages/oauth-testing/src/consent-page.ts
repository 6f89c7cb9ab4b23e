import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { MOCK_USERS, type MockInstance } from './mock-defaults'

export interface ConsentPageInput {
  readonly requestId: string
  readonly partnerKey: string
  readonly redirectUri: string
  readonly requestedScopes: readonly string[]
  readonly instances: readonly MockInstance[]
  readonly formAction: string
}

type Html = HtmlEscapedString | Promise<HtmlEscapedString>

function renderDocument(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;line-height:1.5}label{display:block;margin:.4rem 0}</style>
  </head>
  <body>
    ${body}
  </body>
</html>`
}

/**
 * The mock's consent page. Every interpolated value is escaped by `hono/html`; element ids
 * and names are a stable contract for browser tests (see the README).
 */
export function renderConsentPage(input: ConsentPageInput): Html {
  return renderDocument(
    'Authorize application - Radio Workflow (mock)',
    html`<h1>Authorize <span id="partner">${input.partnerKey}</span></h1>
    <p>After you decide, you will return to <code id="redirect-uri">${input.redirectUri}</code>.</p>
    <form id="consent" method="post" action="${input.formAction}">
      <input type="hidden" name="request_id" value="${input.requestId}" />
      <label>Instance
        <select id="instance" name="instance">
          ${input.instances.map((instance) => html`<option value="${instance.key}">${instance.name}</option>`)}
        </select>
      </label>
      <label>Signed in as
        <select id="user" name="user">
          ${MOCK_USERS.map((user) => html`<option value="${user.kind}">${user.name}</option>`)}
        </select>
      </label>
      <fieldset>
        <legend>Scopes</legend>
        ${input.requestedScopes.map(
          (scope) =>
            html`<label><input type="checkbox" id="scope-${scope}" name="scope" value="${scope}" checked />
            ${scope}${scope === 'dubbed' ? ' (only a Super User can grant this)' : ''}</label>`,
        )}
      </fieldset>
      <button id="approve" type="submit" name="action" value="approve">Approve</button>
      <button id="deny" type="submit" name="action" value="deny">Deny</button>
    </form>`,
  )
}

/** An authorization error that must not redirect (unknown client or redirect URI, RFC 6749 §4.1.2.1). */
export function renderAuthorizationErrorPage(message: string): Html {
  return renderDocument(
    'Authorization error - Radio Workflow (mock)',
    html`<h1>Authorization error</h1>
    <p id="error">${message}</p>`,
  )
}
