import type { Page } from 'playwright-core'

export interface ConsentChoice {
  /** An instance key of the mock, e.g. `desert-broadcasters`. */
  readonly instance: string
  /** Default `normal`; `super` is the Super User who may grant `dubbed`. */
  readonly user?: 'normal' | 'super'
}

/** Waits for the mock's consent page (stable ids, see packages/oauth-testing/README.md). */
export async function waitForConsentPage(page: Page): Promise<void> {
  await page.locator('form#consent').waitFor()
}

/** Chooses the instance and user on the mock's consent page and approves; resolves once the app answered. */
export async function approveConsent(page: Page, { instance, user = 'normal' }: ConsentChoice): Promise<void> {
  await waitForConsentPage(page)
  await page.selectOption('select#instance', instance)
  await page.selectOption('select#user', user)
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/app/listeners/')),
    page.click('button#approve'),
  ])
}

/** Denies on the mock's consent page; resolves once the app answered. */
export async function denyConsent(page: Page): Promise<void> {
  await waitForConsentPage(page)
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/app/listeners/')), page.click('button#deny')])
}

/** The scopes the consent page asks for (its checkboxes). */
export async function readRequestedScopes(page: Page): Promise<string[]> {
  await waitForConsentPage(page)
  return page
    .locator('input[name=scope]')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
}
