import { describe, expect, it } from 'vitest'
import { resolveExampleEnvironment } from './example-environment'
import { MOCK_PARTNER_KEY } from './mock-defaults'

describe('resolveExampleEnvironment', () => {
  it('starts the embedded mock, registered for the app callback, when no RW_* variable is set', async () => {
    const environment = await resolveExampleEnvironment({ env: { PORT: '3456' } })
    try {
      expect(environment.mode).toBe('embedded-mock')
      expect(environment.origin).toBe('http://localhost:3456')
      expect(environment.rwOptions.redirectUri).toBe('http://localhost:3456/auth/rw/callback')
      expect(environment.rwOptions.partnerKey).toBe(MOCK_PARTNER_KEY)
      expect(environment.mock?.partners[0]?.redirectUris).toEqual(['http://localhost:3456/auth/rw/callback'])
      expect(environment.rwOptions.endpoints.token).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/)
      const served = await fetch(`${environment.rwOptions.endpoints.api}/instance`)
      expect(served.status).toBe(401)
    } finally {
      await environment.close()
    }
  })

  it('serves the mock in-process through rwOptions.fetch when listenMock is false', async () => {
    const environment = await resolveExampleEnvironment({ env: {}, port: 4321, listenMock: false })
    expect(environment.port).toBe(4321)
    expect(environment.rwOptions.fetch).toBe(environment.mock?.fetch)
    const response = await environment.rwOptions.fetch?.(`${environment.rwOptions.endpoints.api}/instance`)
    expect(response?.status).toBe(401)
  })

  it('uses the real endpoints from RW_* and REDIS_URL', async () => {
    const environment = await resolveExampleEnvironment({
      env: {
        RW_PARTNER_KEY: 'partner',
        RW_PARTNER_SECRET: 'secret',
        RW_TOKEN_URL: 'https://rw.example/token',
        RW_REFRESH_URL: 'https://rw.example/refreshToken',
        RW_REDIRECT_URI: 'https://partner.example/auth/rw/callback',
        REDIS_URL: 'redis://127.0.0.1:6379',
      },
    })
    expect(environment.mode).toBe('radio-workflow')
    expect(environment.mock).toBeNull()
    expect(environment.origin).toBe('https://partner.example')
    expect(environment.redisUrl).toBe('redis://127.0.0.1:6379')
    expect(environment.redisPrefix).toBe('rw:example:')
    expect(environment.rwOptions).toEqual({
      partnerKey: 'partner',
      partnerSecret: 'secret',
      redirectUri: 'https://partner.example/auth/rw/callback',
      endpoints: { token: 'https://rw.example/token', refresh: 'https://rw.example/refreshToken' },
    })
  })

  it('takes the Redis key prefix from RW_REDIS_PREFIX, else the app default', async () => {
    const env = { RW_MOCK_URL: 'http://127.0.0.1:4010', REDIS_URL: 'redis://127.0.0.1:6379' }
    const own = await resolveExampleEnvironment({ env, defaultRedisPrefix: 'rw:my-app:' })
    expect(own.redisPrefix).toBe('rw:my-app:')
    const configured = await resolveExampleEnvironment({ env: { ...env, RW_REDIS_PREFIX: ' rw:run-42: ' } })
    expect(configured.redisPrefix).toBe('rw:run-42:')
  })

  it('names every missing variable when only some RW_* are set, without echoing the secret', async () => {
    const attempt = resolveExampleEnvironment({ env: { RW_PARTNER_SECRET: 'do-not-print' } })
    await expect(attempt).rejects.toMatchObject({ code: 'configuration_invalid', field: 'RW_PARTNER_KEY' })
    await expect(attempt).rejects.toThrow('Set RW_PARTNER_KEY, RW_TOKEN_URL, RW_REFRESH_URL')
    await expect(attempt).rejects.not.toThrow('do-not-print')
  })

  it('points at a shared mock with RW_MOCK_URL and refuses non-loopback ones', async () => {
    const environment = await resolveExampleEnvironment({ env: { RW_MOCK_URL: 'http://127.0.0.1:4010' } })
    expect(environment.mode).toBe('shared-mock')
    expect(environment.rwOptions.endpoints.refresh).toBe('http://127.0.0.1:4010/oauth/refreshToken')
    await expect(resolveExampleEnvironment({ env: { RW_MOCK_URL: 'http://mock.example' } })).rejects.toMatchObject({
      field: 'RW_MOCK_URL',
    })
  })

  it('rejects an invalid PORT', async () => {
    await expect(resolveExampleEnvironment({ env: { PORT: 'eighty' } })).rejects.toMatchObject({ field: 'PORT' })
  })
})

describe('the production path of @rw/oauth-testing/environment', () => {
  it('statically imports no mock or server code (the mock is loaded only in the mock modes)', async () => {
    const { readFile } = await import('node:fs/promises')
    const { dirname, resolve } = await import('node:path')
    const { fileURLToPath } = await import('node:url')
    const seen = new Set<string>()
    const external = new Set<string>()
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return
      seen.add(file)
      const source = await readFile(file, 'utf8')
      for (const [, specifier] of source.matchAll(/^(?:import|export)\s(?!type\b)[^'"]*from\s+'([^']+)'/gm)) {
        if (specifier === undefined) continue
        if (specifier.startsWith('.')) await visit(resolve(dirname(file), `${specifier.replace(/\.ts$/, '')}.ts`))
        else external.add(specifier)
      }
    }
    await visit(fileURLToPath(new URL('./environment/index.ts', import.meta.url)))
    expect([...seen].map((file) => file.replace(/^.*\/src\//, '')).sort()).toEqual([
      'environment/index.ts',
      'example-environment.ts',
      'mock-defaults.ts',
    ])
    expect([...external]).toEqual(['@rw/oauth-core'])
  })

  it('reads the Redis token encryption key from RW_TOKEN_KEY', async () => {
    const key = Buffer.alloc(32, 1).toString('base64')
    const environment = await resolveExampleEnvironment({
      env: {
        RW_PARTNER_KEY: 'pk',
        RW_PARTNER_SECRET: 's',
        RW_TOKEN_URL: 'https://a.example/t',
        RW_REFRESH_URL: 'https://a.example/r',
        RW_TOKEN_KEY: key,
      },
    })
    expect(environment.tokenEncryptionKey).toEqual({ id: 'k1', key })
    expect(environment.mock).toBeNull()
  })
})
