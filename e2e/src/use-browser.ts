import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { launchChromium } from './launch-chromium'

/** Where failure screenshots go (gitignored). */
export const TEST_RESULTS_DIRECTORY = fileURLToPath(new URL('../test-results/', import.meta.url))

export interface BrowserFixture {
  /** The current test's first page (a fresh browser context per test: no cookies carried over). */
  page(): Page
  /** The current test's context, e.g. to open a second page. */
  context(): BrowserContext
}

/**
 * Registers hooks in the calling `describe`: one chromium per file, a new context per test, and a
 * screenshot of every open page of a failed test in `e2e/test-results/<test name>.png`.
 *
 * @example
 * const browser = useBrowser()
 * it('opens', async () => { await browser.page().goto(url) })
 */
export function useBrowser(): BrowserFixture {
  let browser: Browser | null = null
  let context: BrowserContext | null = null
  let page: Page | null = null

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  beforeEach(async () => {
    if (browser === null) throw new Error('chromium did not start (see the beforeAll error)')
    context = await browser.newContext()
    context.setDefaultTimeout(15_000)
    page = await context.newPage()
  })
  afterEach(async ({ task }) => {
    const current = context
    context = null
    page = null
    if (current === null) return
    try {
      if (task.result?.state === 'fail') {
        for (const path of await saveScreenshots(current, task.fullTestName ?? task.name)) {
          console.error(`Failed test "${task.fullTestName ?? task.name}": screenshot saved to ${path}`)
        }
      }
    } finally {
      await current.close()
    }
  })

  return {
    page: () => {
      if (page === null) throw new Error('page() is only available inside a test')
      return page
    },
    context: () => {
      if (context === null) throw new Error('context() is only available inside a test')
      return context
    },
  }
}

/** Saves a full-page PNG of every open page of `context`, named after the test; returns the paths saved. */
export async function saveScreenshots(context: BrowserContext, testName: string): Promise<string[]> {
  await mkdir(TEST_RESULTS_DIRECTORY, { recursive: true })
  const saved: string[] = []
  for (const [index, page] of context.pages().entries()) {
    const path = `${TEST_RESULTS_DIRECTORY}${toFileName(testName)}${index === 0 ? '' : `-${index + 1}`}.png`
    try {
      await page.screenshot({ path, fullPage: true, timeout: 5_000 })
      saved.push(path)
    } catch (error) {
      console.error(`Could not save a screenshot of "${testName}" (${page.url()}) to ${path}: ${String(error)}`)
    }
  }
  return saved
}

/** A test name as a safe file name: letters, digits, dots and dashes. */
export function toFileName(testName: string): string {
  return (
    testName
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 150) || 'unnamed-test'
  )
}
