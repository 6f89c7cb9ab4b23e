import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { FLOW_INSTANCE, type FlowMock } from './mock-for-flows'

/** A server process of an example app, started from a scratch project. */
export interface RunningApp {
  readonly url: string
  stop(): void
}

/** A free loopback port, for servers that cannot report the port they were given. */
export async function findFreePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Spawns `command` and resolves with the URL it prints once it listens (`listening <url>` or `Listening on <url>`). */
export function startApp(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env?: NodeJS.ProcessEnv },
): Promise<RunningApp> {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk
      const match = /listening(?: on)? (http:\/\/\S+)/i.exec(output)
      if (match?.[1]) resolve({ url: match[1].replace(/\/$/, ''), stop: () => child.kill('SIGTERM') })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output}`)))
  })
}

/** What a standard app answered along the flow. */
export interface AppFlowReport {
  readonly notConnected: number
  readonly login: number
  readonly consent: number
  readonly callback: number
  readonly returnTo: string | null
  readonly station: unknown
}

/**
 * Plays the browser against a running app: GET /stations before connecting (must fail with `notConnectedStatus`:
 * 409 from an adapter that maps SDK errors, 500 from a framework that does not), the login redirect,
 * consent at the mock, the callback with the binding cookie, then GET /stations?instance=<key> through the SDK.
 */
export async function driveAppFlow(
  appName: string,
  app: RunningApp,
  mock: FlowMock,
  { notConnectedStatus }: { readonly notConnectedStatus: number },
): Promise<void> {
  await mock.expectTokenCalls({ exchanges: 1, refreshes: 0 }, async () => {
    const station = `${app.url}/stations?instance=${FLOW_INSTANCE}`
    const notConnected = await fetch(station)
    const login = await fetch(`${app.url}/auth/rw/login?instance=${FLOW_INSTANCE}&returnTo=/done`, {
      redirect: 'manual',
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const consent = await fetch(login.headers.get('location') ?? 'about:blank', { redirect: 'manual' })
    const callbackUrl = new URL(consent.headers.get('location') ?? 'about:blank')
    const callback = await fetch(`${app.url}${callbackUrl.pathname}${callbackUrl.search}`, {
      redirect: 'manual',
      headers: { cookie },
    })
    const connected = await fetch(station)
    const report: AppFlowReport = {
      notConnected: notConnected.status,
      login: login.status,
      consent: consent.status,
      callback: callback.status,
      returnTo: callback.headers.get('location'),
      station: connected.status === 200 ? await connected.json() : connected.status,
    }
    const expected: AppFlowReport = {
      notConnected: notConnectedStatus,
      login: 302,
      consent: 302,
      callback: 302,
      returnTo: '/done',
      station: { status: 200, instance: FLOW_INSTANCE },
    }
    if (JSON.stringify(report) !== JSON.stringify(expected)) {
      throw new Error(`${appName}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(report)}`)
    }
  })
}
