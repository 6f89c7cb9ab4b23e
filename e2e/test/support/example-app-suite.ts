import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { approveConsent, waitForConsentPage } from '../../src/consent-page'
import type { ExampleAppDefinition } from '../../src/start-example-app'
import { findTokenLikeStrings } from '../../src/token-leaks'
import { useBrowser } from '../../src/use-browser'
import { denyConsentExpectingFailurePage } from './deny-consent-expecting-failure-page'
import { useExampleApp } from './use-example-app'

/** How one example app's home page shows a connection (their markup differs; their HTTP surface does not). */
export interface ExampleAppPage {
  /** The status the page shows for `instance` once back from the callback, e.g. `active`. */
  readShownStatus(page: Page, instance: string): Promise<string>
  /** Only for pages that call the API themselves: the instance name they show. */
  readShownInstanceName?(page: Page, instance: string): Promise<string>
}

/**
 * The browser flows every example app must pass: connect through the mock's consent page, see the
 * connection active with no token anywhere, call the API through `/connections/<key>/api/instance`,
 * and get a plain failure page when consent is denied.
 */
export function describeExampleAppInBrowser(definition: ExampleAppDefinition, appPage: ExampleAppPage): void {
  describe(`${definition.name} in chromium`, () => {
    const browser = useBrowser()
    const app = useExampleApp(definition)

    async function startConnect(page: Page, instance: string): Promise<void> {
      // networkidle: a client-rendered page (SvelteKit) hydrates after load, and hydration may reset the field.
      await page.goto(`${app().origin}/`, { waitUntil: 'networkidle' })
      await page.fill('input#instance', instance)
      expect(await page.inputValue('input#instance')).toBe(instance)
      await page.click('#connect-button')
      await waitForConsentPage(page)
    }

    async function readBody(page: Page, path: string): Promise<{ status: number; text: string }> {
      const response = await page.goto(`${app().origin}${path}`)
      const text = (await response?.text()) ?? ''
      expect(findTokenLikeStrings(text)).toEqual([])
      return { status: response?.status() ?? 0, text }
    }

    it('connects through the consent page, shows the connection active without a token and calls the API', async () => {
      const page = browser.page()
      await startConnect(page, 'desert-broadcasters')
      await approveConsent(page, { instance: 'desert-broadcasters' })

      expect(new URL(page.url()).origin).toBe(app().origin)
      expect(await appPage.readShownStatus(page, 'desert-broadcasters')).toBe('active')
      if (appPage.readShownInstanceName !== undefined) {
        expect(await appPage.readShownInstanceName(page, 'desert-broadcasters')).toBe('Desert Broadcasters')
      }
      expect(findTokenLikeStrings(await page.content())).toEqual([])

      const connection = await readBody(page, '/connections/desert-broadcasters')
      expect(connection.status).toBe(200)
      expect(JSON.parse(connection.text)).toMatchObject({
        instanceKey: 'desert-broadcasters',
        status: 'active',
        version: 1,
        scopes: ['basic'],
      })
      const api = await readBody(page, '/connections/desert-broadcasters/api/instance')
      expect(api.status).toBe(200)
      expect(JSON.parse(api.text)).toMatchObject({ key: 'desert-broadcasters', name: 'Desert Broadcasters' })
    })

    it('replaces the record when an instance is connected again (version + 1)', async () => {
      const page = browser.page()
      for (const version of [1, 2]) {
        await startConnect(page, 'mountain-radio')
        await approveConsent(page, { instance: 'mountain-radio', user: 'super' })
        expect(await appPage.readShownStatus(page, 'mountain-radio')).toBe('active')
        const connection = await readBody(page, '/connections/mountain-radio')
        expect(JSON.parse(connection.text)).toMatchObject({ instanceKey: 'mountain-radio', status: 'active', version })
      }
    })

    it('shows a plain failure page when consent is denied, and connects nothing', async () => {
      const page = browser.page()
      await startConnect(page, 'coastal-fm')
      await denyConsentExpectingFailurePage(page)
      expect((await readBody(page, '/connections/coastal-fm')).status).toBe(404)
    })
  })
}
