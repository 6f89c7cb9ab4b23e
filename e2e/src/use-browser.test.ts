import { existsSync, rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { saveScreenshots, TEST_RESULTS_DIRECTORY, toFileName, useBrowser } from './use-browser'

describe('useBrowser', () => {
  const browser = useBrowser()

  it('drives Debian chromium', async () => {
    await browser.page().setContent('<h1 id="title">Radio</h1>')
    expect(await browser.page().textContent('#title')).toBe('Radio')
    expect(browser.context().browser()?.version()).toMatch(/^\d+\./)
  })

  it('saves a screenshot per open page, named after the test', async () => {
    const second = await browser.context().newPage()
    await browser.page().setContent('<p>first</p>')
    await second.setContent('<p>second</p>')
    const name = `screenshot self-test ${process.pid}`
    const paths = [
      `${TEST_RESULTS_DIRECTORY}${toFileName(name)}.png`,
      `${TEST_RESULTS_DIRECTORY}${toFileName(name)}-2.png`,
    ]
    try {
      expect(await saveScreenshots(browser.context(), name)).toEqual(paths)
      expect(paths.map((path) => existsSync(path))).toEqual([true, true])
    } finally {
      for (const path of paths) rmSync(path, { force: true })
    }
  })
})

describe('toFileName', () => {
  it('keeps names readable and free of path separators', () => {
    expect(toFileName('demo > consent denied: shows the failure page')).toBe(
      'demo-consent-denied-shows-the-failure-page',
    )
    expect(toFileName('../../etc/passwd')).toBe('..-..-etc-passwd')
  })
})
