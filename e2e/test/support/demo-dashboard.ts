import type { Page } from 'playwright-core'
import { approveConsent, type ConsentChoice, waitForConsentPage } from '../../src/consent-page'

export interface DemoConnectInput {
  /** The key the demo stores the connection under (typed into `input#instance`). */
  readonly instance: string
  /** Scopes ticked on the dashboard; `basic` is ticked already. */
  readonly scopes?: readonly string[]
}

/** Opens the dashboard, types the instance, ticks the scopes and presses Connect: ends on the mock's consent page. */
export async function startDemoConnect(page: Page, origin: string, { instance, scopes = ['basic'] }: DemoConnectInput) {
  await page.goto(`${origin}/`)
  await page.fill('input#instance', instance)
  for (const scope of ['basic', 'edit-logs', 'edit-settings', 'dubbed']) {
    await page.setChecked(`#scope-${scope}`, scopes.includes(scope))
  }
  await page.click('#connect-button')
  await waitForConsentPage(page)
}

/** The whole flow: dashboard → consent (approved as `consent.user`) → back on the dashboard. */
export async function connectInDemo(page: Page, origin: string, input: DemoConnectInput & Partial<ConsentChoice>) {
  await startDemoConnect(page, origin, input)
  await approveConsent(page, { instance: input.instance, user: input.user ?? 'normal' })
}

/** A row of the dashboard's connection table (the dashboard re-renders it every 2 s). */
export function demoRow(page: Page, instance: string) {
  return page.locator(`#connection-rows tr[data-instance="${instance}"]`)
}

/** Waits until the row's cell shows exactly `text` (bounded by the page's default timeout). */
export async function waitForDemoCell(page: Page, instance: string, cell: string, text: string): Promise<void> {
  await demoRow(page, instance)
    .locator(`.${cell}`, { hasText: new RegExp(`^${escapeRegExp(text)}$`) })
    .waitFor()
}

/** Clicks a row action (`call-api`, `refresh`, `disconnect`) and returns the `#api-result` text it produced. */
export async function runDemoAction(page: Page, instance: string, action: string): Promise<string> {
  const label = `${action} ${instance} → HTTP`
  // Only the front page gets animation frames, which the click's stability check waits for.
  await page.bringToFront()
  // A repeated action would show the same label: empty the result first so the wait sees the new one.
  await page.locator('#api-result').evaluate((element) => {
    element.textContent = ''
  })
  await demoRow(page, instance).locator(`button[data-action="${action}"]`).click()
  const result = page.locator('#api-result', { hasText: label })
  await result.waitFor()
  return (await result.textContent()) ?? ''
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
