import type { Page } from 'playwright-core'
import { SVELTEKIT_EXAMPLE_APP } from '../src/start-example-app'
import { describeExampleAppInBrowser } from './support/example-app-suite'

// The page describes the instance of `?instance=` (the connect form's returnTo points there).
async function readConnectionField(page: Page, instance: string, id: string): Promise<string> {
  await page.locator('#connection-instance', { hasText: new RegExp(`^${instance}$`) }).waitFor()
  return (await page.locator(`#${id}`).textContent()) ?? ''
}

describeExampleAppInBrowser(SVELTEKIT_EXAMPLE_APP, {
  readShownStatus: (page, instance) => readConnectionField(page, instance, 'connection-status'),
  readShownInstanceName: (page, instance) => readConnectionField(page, instance, 'connection-name'),
})
