import { describe, expect, it } from 'vitest'
import { readRequestedScopes } from '../src/consent-page'
import { DEMO_APP } from '../src/start-example-app'
import { findTokenLikeStrings } from '../src/token-leaks'
import { useBrowser } from '../src/use-browser'
import { connectInDemo, demoRow, runDemoAction, startDemoConnect, waitForDemoCell } from './support/demo-dashboard'
import { denyConsentExpectingFailurePage } from './support/deny-consent-expecting-failure-page'
import { useExampleApp } from './support/use-example-app'

describe('demo (Hono) in chromium', () => {
  const browser = useBrowser()
  const demo = useExampleApp(DEMO_APP)

  async function readConnection(instance: string) {
    const response = await fetch(`http://127.0.0.1:${demo().port}/connections/${instance}`)
    const text = await response.text()
    expect(findTokenLikeStrings(text)).toEqual([])
    return { status: response.status, body: JSON.parse(text) }
  }

  it('connects through the consent page, shows the connection active without a token and calls the API', async () => {
    const page = browser.page()
    await connectInDemo(page, demo().origin, { instance: 'desert-broadcasters' })

    expect(new URL(page.url()).pathname).toBe('/')
    await waitForDemoCell(page, 'desert-broadcasters', 'status', 'fresh')
    await waitForDemoCell(page, 'desert-broadcasters', 'version', '1')
    expect(await demoRow(page, 'desert-broadcasters').locator('.scopes').textContent()).toBe('basic')
    // The list is the store's registry: counts per status, and a status filter.
    await page.locator('#connection-counts', { hasText: /^1 active · 0 refresh outcome unknown/ }).waitFor()
    await page.locator('#status-filter').selectOption('reauthorization_required')
    await demoRow(page, 'desert-broadcasters').waitFor({ state: 'detached' })
    await page.locator('#status-filter').selectOption('')
    await waitForDemoCell(page, 'desert-broadcasters', 'status', 'fresh')
    expect(findTokenLikeStrings(await page.content())).toEqual([])
    expect(await readConnection('desert-broadcasters')).toMatchObject({
      status: 200,
      body: { instanceKey: 'desert-broadcasters', status: 'active', version: 1, scopes: ['basic'] },
    })

    const result = await runDemoAction(page, 'desert-broadcasters', 'call-api')
    expect(result).toContain('call-api desert-broadcasters → HTTP 200')
    expect(result).toContain('Desert Broadcasters')
    expect(findTokenLikeStrings(await page.content())).toEqual([])
  })

  it('shows a plain failure page when consent is denied, and connects nothing', async () => {
    const page = browser.page()
    await startDemoConnect(page, demo().origin, { instance: 'coastal-fm' })
    await denyConsentExpectingFailurePage(page)
    expect((await readConnection('coastal-fm')).status).toBe(404)

    await page.getByRole('link', { name: 'Connect again' }).click()
    await page.locator('#connect-form').waitFor()
  })

  it('disconnects (the row and the record go away) and reconnects with a new record', async () => {
    const page = browser.page()
    await connectInDemo(page, demo().origin, { instance: 'mountain-radio' })
    await waitForDemoCell(page, 'mountain-radio', 'version', '1')

    expect(await runDemoAction(page, 'mountain-radio', 'refresh')).toContain('HTTP 200')
    // A refresh writes two versions: its write-ahead marker, then the new pair (DESIGN.md rule 8).
    await waitForDemoCell(page, 'mountain-radio', 'version', '3')

    expect(await runDemoAction(page, 'mountain-radio', 'disconnect')).toMatch(/HTTP 200\n[\s\S]*"disconnected": true/)
    await demoRow(page, 'mountain-radio').waitFor({ state: 'detached' })
    expect((await readConnection('mountain-radio')).status).toBe(404)

    // Disconnect deleted the record, so the next connection starts a new one at version 1.
    await connectInDemo(page, demo().origin, { instance: 'mountain-radio' })
    await waitForDemoCell(page, 'mountain-radio', 'status', 'fresh')
    await waitForDemoCell(page, 'mountain-radio', 'version', '1')
    expect(await runDemoAction(page, 'mountain-radio', 'call-api')).toContain('Mountain Radio')
  })

  it('lets only a Super User grant dubbed; reconnecting replaces the record with a higher version', async () => {
    const page = browser.page()
    await startDemoConnect(page, demo().origin, { instance: 'coastal-fm', scopes: ['basic', 'dubbed'] })
    expect(await readRequestedScopes(page)).toEqual(['basic', 'dubbed'])
    await connectInDemo(page, demo().origin, { instance: 'coastal-fm', scopes: ['basic', 'dubbed'], user: 'normal' })
    await waitForDemoCell(page, 'coastal-fm', 'scopes', 'basic')
    expect((await readConnection('coastal-fm')).body).toMatchObject({ scopes: ['basic'], version: 1 })

    await connectInDemo(page, demo().origin, { instance: 'coastal-fm', scopes: ['basic', 'dubbed'], user: 'super' })
    await waitForDemoCell(page, 'coastal-fm', 'scopes', 'basic dubbed')
    expect((await readConnection('coastal-fm')).body).toMatchObject({ scopes: ['basic', 'dubbed'], version: 2 })
  })
})
