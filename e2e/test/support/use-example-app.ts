import { afterAll, beforeAll, expect } from 'vitest'
import { type ExampleAppDefinition, type RunningExampleApp, startExampleApp } from '../../src/start-example-app'
import { findTokenLikeStrings } from '../../src/token-leaks'

/**
 * Registers hooks in the calling `describe`: starts the app once before its tests, stops it after
 * them, and then checks the app's whole log for token-like strings. Returns a getter for the
 * running app, usable inside tests.
 */
export function useExampleApp(definition: ExampleAppDefinition): () => RunningExampleApp {
  let app: RunningExampleApp | undefined

  beforeAll(async () => {
    app = await startExampleApp(definition)
  })
  afterAll(async () => {
    await app?.stop()
    // Checked last: the whole run's log, including every refresh and API call.
    if (app !== undefined) expect(findTokenLikeStrings(app.output())).toEqual([])
  })

  return () => {
    if (app === undefined) throw new Error(`${definition.name} did not start (see the beforeAll error)`)
    return app
  }
}
