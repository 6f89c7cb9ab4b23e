import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'

const appRoot = fileURLToPath(new URL('..', import.meta.url))
let child: ChildProcess | null = null

afterEach(async () => {
  if (child === null || child.exitCode !== null) return
  const exited = once(child, 'exit')
  // Detached: the group holds pnpm, tsx and node; end all of them.
  process.kill(-(child.pid as number), 'SIGTERM')
  await exited
})

async function findFreePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Resolves with the URL the app prints once it listens; rejects if it exits first. */
function waitForStartLine(started: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /open (http:\/\/\S+)/.exec(output)?.[1]
      if (url !== undefined) resolve(url)
    })
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    started.once('exit', (code) => reject(new Error(`The example exited (${code}) before listening:\n${output}`)))
  })
}

async function approveAtConsentPage(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl)
  expect(page.status).toBe(200)
  const requestId = /name="request_id" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const form = new URLSearchParams({ request_id: requestId, instance: 'desert-broadcasters', user: 'normal' })
  form.append('scope', 'basic')
  form.set('action', 'approve')
  const answer = await fetch(authorizeUrl, { method: 'POST', body: form, redirect: 'manual' })
  expect(answer.status).toBe(302)
  return new URL(answer.headers.get('location') ?? '')
}

it('starts with `pnpm start` against the embedded mock, whose consent page connects an instance', async () => {
  const port = await findFreePort()
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(RW_|REDIS_URL$)/.test(name)))
  child = spawn('pnpm', ['start'], { cwd: appRoot, env: { ...env, PORT: String(port) }, detached: true })
  expect(await waitForStartLine(child)).toBe(`http://localhost:${port}/`)
  const app = `http://127.0.0.1:${port}`

  const login = await fetch(`${app}/auth/rw/login?instance=desert-broadcasters&returnTo=/`, { redirect: 'manual' })
  expect(login.status).toBe(302)
  const authorizeUrl = login.headers.get('location') ?? ''
  expect(new URL(authorizeUrl).hostname).toBe('127.0.0.1')

  const callback = await approveAtConsentPage(authorizeUrl)
  expect(`${callback.origin}${callback.pathname}`).toBe(`http://localhost:${port}/auth/rw/callback`)
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  const landed = await fetch(`${app}${callback.pathname}${callback.search}`, {
    headers: { cookie },
    redirect: 'manual',
  })
  expect(landed.status).toBe(302)
  expect(landed.headers.get('location')).toBe('/')

  const home = await (await fetch(`${app}/`)).text()
  expect(home).toMatch(/<li data-instance-key="desert-broadcasters">.*class="connection-status">active</s)
  const api = await fetch(`${app}/connections/desert-broadcasters/api/instance`)
  expect(await api.json()).toMatchObject({ key: 'desert-broadcasters' })
})
