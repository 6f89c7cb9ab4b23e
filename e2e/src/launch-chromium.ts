import { type Browser, chromium } from 'playwright-core'

/** Debian's chromium (`apt-get install chromium`, done by `.ci/run` when missing); never a downloaded browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium'

// Without the background-networking flags chromium reaches out to Google hosts, which a closed network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Launches headless chromium from `CHROMIUM_PATH` (default `/usr/bin/chromium`).
 *
 * @example
 * const browser = await launchChromium()
 * const page = await (await browser.newContext()).newPage()
 */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS })
  } catch (error) {
    throw new Error(
      `Could not start chromium at ${executablePath}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH. ${String(error)}`,
    )
  }
}
