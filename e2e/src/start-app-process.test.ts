import { describe, expect, it } from 'vitest'
import { findFreePort } from './find-free-port'
import { createAppEnvironment, startAppProcess } from './start-app-process'

// A server that also starts a grandchild, like `pnpm → tsx → node` does: stop() must end both.
const SERVER_WITH_GRANDCHILD = `
const { spawn } = require('node:child_process')
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
console.log('grandchild ' + grandchild.pid)
require('node:http').createServer((_, response) => response.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')
`

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startAppProcess', () => {
  it('waits until the app answers HTTP and stop() ends its whole process tree', async () => {
    const port = await findFreePort()
    const app = await startAppProcess({
      name: 'fixture',
      command: process.execPath,
      args: ['-e', SERVER_WITH_GRANDCHILD],
      env: { PORT: String(port) },
      readyUrl: `http://127.0.0.1:${port}/`,
    })
    const response = await fetch(`http://127.0.0.1:${port}/`)
    expect(await response.text()).toBe('ok')
    const grandchildPid = Number(/grandchild (\d+)/.exec(app.output())?.[1])
    expect(isAlive(grandchildPid)).toBe(true)

    await app.stop()

    expect(isAlive(grandchildPid)).toBe(false)
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow()
  })

  it('rejects with the output of an app that exits before answering', async () => {
    const port = await findFreePort()
    await expect(
      startAppProcess({
        name: 'broken',
        command: process.execPath,
        args: ['-e', 'console.error("RW_TOKEN_URL is missing"); process.exit(3)'],
        env: {},
        readyUrl: `http://127.0.0.1:${port}/`,
      }),
    ).rejects.toThrow(/broken exited with code 3[\s\S]*RW_TOKEN_URL is missing/)
  })

  it('rejects when the app does not answer within the bound', async () => {
    const port = await findFreePort()
    await expect(
      startAppProcess({
        name: 'silent',
        command: process.execPath,
        args: ['-e', 'setInterval(() => {}, 1000)'],
        env: {},
        readyUrl: `http://127.0.0.1:${port}/`,
        readyTimeoutMs: 500,
      }),
    ).rejects.toThrow(/silent did not answer/)
  })
})

describe('createAppEnvironment', () => {
  it('drops RW_*, REDIS_URL, PORT and vitest variables so an app embeds the mock', () => {
    const env = createAppEnvironment({
      PATH: '/usr/bin',
      RW_TOKEN_URL: 'https://example.test/token',
      RW_MOCK_URL: 'http://127.0.0.1:1',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '3000',
      VITEST_WORKER_ID: '1',
      NODE_ENV: 'test',
    })
    expect(env).toEqual({ PATH: '/usr/bin' })
  })
})
