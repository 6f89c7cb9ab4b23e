import { expect, it } from 'vitest'
import { findTokenLikeStrings } from './token-leaks'

it('finds mock access tokens, refresh tokens and codes and prints only their start', () => {
  const html = '<p>rwat_AbCdEfGh12345678-_x</p><code>{"r":"rwrt_ZZZZZZZZZZZZ"}</code> ?code=rwac_0123456789ab'
  expect(findTokenLikeStrings(html)).toEqual(['rwat_AbCd…', 'rwrt_ZZZZ…', 'rwac_0123…'])
})

it('ignores the bare prefixes and ordinary words', () => {
  expect(findTokenLikeStrings('Token prefixes: rwat_, rwrt_. A network of radio stations.')).toEqual([])
})
