import { findFreePort } from './find-free-port'
import { type AppProcess, startAppProcess } from './start-app-process'

export interface RunningSharedMock extends AppProcess {
  /** What the apps get as `RW_MOCK_URL`. */
  readonly url: string
}

/**
 * Starts the standalone mock Radio Workflow (`pnpm --filter @rw/oauth-testing mock`) on a free port,
 * accepting callbacks of the given app ports only: several app processes on one Redis must share one
 * mock, since tokens from one mock mean nothing to another.
 *
 * @example
 * const mock = await startSharedMock([portA, portB])
 * await startExampleApp(DEMO_APP, { port: portA, env: { RW_MOCK_URL: mock.url, REDIS_URL } })
 */
export async function startSharedMock(appPorts: readonly number[]): Promise<RunningSharedMock> {
  const port = await findFreePort()
  const url = `http://127.0.0.1:${port}`
  const mock = await startAppProcess({
    name: 'shared mock',
    args: ['--filter', '@rw/oauth-testing', 'mock'],
    env: {
      RW_MOCK_PORT: String(port),
      RW_MOCK_REDIRECT_URIS: appPorts.map((appPort) => `http://localhost:${appPort}/auth/rw/callback`).join(','),
    },
    readyUrl: `${url}/`,
  })
  return { ...mock, url }
}
