import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { denyConsent } from '../../src/consent-page'
import { findTokenLikeStrings } from '../../src/token-leaks'

const STACK_FRAME = /^\s*at .+:\d+:\d+\)?\s*$/m

/**
 * Denies on the mock's consent page and checks what every app answers: the callback is a 400 plain
 * "Authorization was not granted" page naming `authorization_denied`, with no stack frame and no token.
 */
export async function denyConsentExpectingFailurePage(page: Page): Promise<void> {
  const callback = page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/rw/callback')
  await denyConsent(page)

  expect((await callback).status()).toBe(400)
  expect(await page.locator('h1').textContent()).toBe('Authorization was not granted')
  const text = (await page.locator('body').textContent()) ?? ''
  expect(text).toContain('authorization_denied')
  expect(text).not.toMatch(STACK_FRAME)
  expect(findTokenLikeStrings(await page.content())).toEqual([])
}
