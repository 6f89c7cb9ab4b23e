import { type ArgumentsHost, Catch, type ExceptionFilter, Module } from '@nestjs/common'
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core'
import type { RouteAnswer } from '@rw/oauth-client'
import type { RadioWorkflowError } from '@rw/oauth-core'
import { createMockSetup } from '@rw/oauth-testing'
import { afterEach, describe, expect, it } from 'vitest'
import { RadioWorkflowExceptionFilter, RadioWorkflowModule } from '../src/index'
import { createTestAppModule, type StartedNestApp, startNestApp } from './support/start-nest-app'
import { StationsModule } from './support/stations.module'

class PlainTextFilter extends RadioWorkflowExceptionFilter {
  protected override createErrorAnswer(error: RadioWorkflowError): RouteAnswer {
    return {
      status: 422,
      headers: [['content-type', 'text/plain; charset=utf-8']],
      body: `${error.code}: ${error.message}`,
    }
  }
}

@Catch()
class CatchEverythingFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}
  catch(_error: unknown, host: ArgumentsHost): void {
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { handledBy: 'app' }, 418)
  }
}

@Module({
  providers: [
    {
      provide: APP_FILTER,
      useFactory: (host: HttpAdapterHost) => new CatchEverythingFilter(host),
      inject: [HttpAdapterHost],
    },
  ],
})
class AppFilterModule {}

// The pipe refuses a request without ?instance=: an SDK error thrown inside the user's route.
const BAD_REQUEST = '/stations/current'

describe('RadioWorkflowExceptionFilter', () => {
  let app: StartedNestApp | undefined
  afterEach(() => app?.close())

  it('answers SDK errors with the HTML error page by default', async () => {
    app = await startNestApp(
      createTestAppModule(RadioWorkflowModule.forRoot(createMockSetup().clientOptions), StationsModule),
    )
    const response = await app.request(BAD_REQUEST)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('Error code: usage_invalid (HTTP 400)')
  })

  it('is replaced by a subclass passed as exceptionFilter', async () => {
    const radioWorkflowModule = RadioWorkflowModule.forRoot({
      ...createMockSetup().clientOptions,
      exceptionFilter: PlainTextFilter,
    })
    app = await startNestApp(createTestAppModule(radioWorkflowModule, StationsModule))
    const response = await app.request(BAD_REQUEST)
    expect(response.status).toBe(422)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toMatch(/^usage_invalid: /)
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it("is left out with exceptionFilter: false, so the app's own filter answers", async () => {
    const radioWorkflowModule = RadioWorkflowModule.forRootAsync({
      useFactory: () => createMockSetup().clientOptions,
      exceptionFilter: false,
    })
    app = await startNestApp(createTestAppModule(radioWorkflowModule, AppFilterModule, StationsModule))
    const response = await app.request(BAD_REQUEST)
    expect(response.status).toBe(418)
    expect(await response.json()).toEqual({ handledBy: 'app' })
  })
})
