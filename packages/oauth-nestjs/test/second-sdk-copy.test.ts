import { Controller, Get, Module } from '@nestjs/common'
import { createMockSetup } from '@rw/oauth-testing'
import { afterEach, describe, expect, it } from 'vitest'
import { RadioWorkflowModule } from '../src/index'
import { createTestAppModule, type StartedNestApp, startNestApp } from './support/start-nest-app'

// The query string makes Vite load the core's errors a second time, with their own classes: what a partial upgrade
// (or the CommonJS build next to the ESM one) installs. compat/ checks the real CJS + ESM pair from the tarballs.
const secondCore: typeof import('@rw/oauth-core') = await import(
  /* @vite-ignore */ '../../oauth-core/src/errors.ts?second-copy' as string
)

@Controller('stations')
class StationsController {
  @Get('logs')
  logs(): never {
    throw new secondCore.NotConnectedError('desert-broadcasters')
  }
}

@Module({ controllers: [StationsController] })
class StationsModule {}

describe('RadioWorkflowExceptionFilter and an error from another copy of @rw/oauth-core', () => {
  let app: StartedNestApp | undefined
  afterEach(() => app?.close())

  it('still answers it as an SDK error (status, code, message), not as an unknown 500', async () => {
    app = await startNestApp(
      createTestAppModule(RadioWorkflowModule.forRoot(createMockSetup().clientOptions), StationsModule),
    )
    const response = await app.request('/stations/logs')
    expect(response.status).toBe(409)
    expect(await response.text()).toContain('Error code: not_connected (HTTP 409)')
  })
})
