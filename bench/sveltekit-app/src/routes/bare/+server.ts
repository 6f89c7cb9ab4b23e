import type { RequestHandler } from '@sveltejs/kit'
import { readBenchRegistry } from '$lib/server/bench-registry'

/** Baseline: a raw GET of the instance's record. */
export const GET: RequestHandler = async ({ url }) => {
  const { redis, recordKeys } = readBenchRegistry()
  return new Response((await redis.get(recordKeys.get(url.searchParams.get('instance') ?? '') ?? '')) ?? '')
}
