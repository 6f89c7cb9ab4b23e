import { NESTJS_EXAMPLE_APP } from '../src/start-example-app'
import { describeExampleAppInBrowser } from './support/example-app-suite'

describeExampleAppInBrowser(NESTJS_EXAMPLE_APP, {
  readShownStatus: async (page, instance) =>
    (await page.locator(`#connections li[data-instance-key="${instance}"] .connection-status`).textContent()) ?? '',
})
