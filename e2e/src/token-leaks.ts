/** The mock's token prefixes: access token, refresh token, authorization code. */
const TOKEN_PATTERN = /\b(?:rwat|rwrt|rwac)_[A-Za-z0-9_-]{8,}/g

/**
 * Every mock-issued token or code found in `text` (a page's HTML, a JSON body, a log). The tests run
 * outside the app process, so they cannot compare against the exact tokens; the mock's prefixes are enough.
 *
 * @example
 * expect(findTokenLikeStrings(await page.content())).toEqual([])
 */
export function findTokenLikeStrings(text: string): string[] {
  return [...text.matchAll(TOKEN_PATTERN)].map(([match]) => `${match.slice(0, 9)}…`)
}
