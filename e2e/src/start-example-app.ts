import { findFreePort } from './find-free-port'
import { type AppProcess, startAppProcess } from './start-app-process'

/** A runnable app of this repository, started with `pnpm --filter <packageName> start`. */
export interface ExampleAppDefinition {
  readonly name: string
  readonly packageName: string
  /** How long start-up may take (SvelteKit builds first). */
  readonly readyTimeoutMs: number
}

export const DEMO_APP: ExampleAppDefinition = { name: 'demo', packageName: '@rw/demo', readyTimeoutMs: 60_000 }
export const NESTJS_EXAMPLE_APP: ExampleAppDefinition = {
  name: 'example-nestjs',
  packageName: '@rw/example-nestjs',
  readyTimeoutMs: 60_000,
}
export const SVELTEKIT_EXAMPLE_APP: ExampleAppDefinition = {
  name: 'example-sveltekit',
  packageName: '@rw/example-sveltekit',
  readyTimeoutMs: 180_000,
}

export interface RunningExampleApp extends AppProcess {
  readonly port: number
  /**
   * `http://localhost:<port>`: the origin of the app's redirect URI. The browser must use it, or the
   * binding cookie set on 127.0.0.1 would not come back with the callback on localhost.
   */
  readonly origin: string
}

export interface StartExampleAppOptions {
  /** Added to the app's environment, e.g. `REDIS_URL`. */
  readonly env?: Readonly<Record<string, string>>
  /** Default: a free one. Choose it first when something else must know it (a shared mock's redirect URIs). */
  readonly port?: number
}

/**
 * Starts an app on a free port with no `RW_*` variable, so it embeds the mock (on a port of its own
 * choosing, `RW_MOCK_PORT` unset = a free one) unless `env` says otherwise.
 *
 * @example
 * const demo = await startExampleApp(DEMO_APP)
 * await page.goto(`${demo.origin}/`)
 * await demo.stop()
 */
export async function startExampleApp(
  definition: ExampleAppDefinition,
  { env = {}, port: chosenPort }: StartExampleAppOptions = {},
): Promise<RunningExampleApp> {
  const port = chosenPort ?? (await findFreePort())
  const app = await startAppProcess({
    name: definition.name,
    args: ['--filter', definition.packageName, 'start'],
    env: { ...env, PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/`,
    readyTimeoutMs: definition.readyTimeoutMs,
  })
  return { ...app, port, origin: `http://localhost:${port}` }
}
