import { type ArgumentsHost, Catch, type ExceptionFilter, Module } from '@nestjs/common'
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core'
import type { HttpErrorDescription } from '@rw/oauth-client'
import { createMockSetup } from '@rw/oauth-testing'
import { afterEach, describe, expect, it } from 'vitest'
import { type RadioWorkflowErrorResponse, RadioWorkflowExceptionFilter, RadioWorkflowModule } from '../src/index'
import { createTestAppModule, type StartedNestApp, startNestApp } from './support/start-nest-app'

class PlainTextFilter extends RadioWorkflowExceptionFilter {
  protected override createErrorResponse(description: HttpErrorDescription): RadioWorkflowErrorResponse {
    return {
      status: 422,
      contentType: 'text/plain; charset=utf-8',
      body: `${description.code}: ${description.message}`,
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

const BAD_LOGIN = '/auth/rw/login?instance=desert-broadcasters&returnTo=%2F%2Fevil.example'

describe('RadioWorkflowExceptionFilter', () => {
  let app: StartedNestApp | undefined
  afterEach(() => app?.close())

  it('answers SDK errors with the HTML error page by default', async () => {
    app = await startNestApp(createTestAppModule(RadioWorkflowModule.forRoot(createMockSetup().clientOptions)))
    const response = await app.request(BAD_LOGIN)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.text()).toContain('Error code: usage_invalid (HTTP 400)')
  })

  it('is replaced by a subclass passed as exceptionFilter', async () => {
    const radioWorkflowModule = RadioWorkflowModule.forRoot({
      ...createMockSetup().clientOptions,
      exceptionFilter: PlainTextFilter,
    })
    app = await startNestApp(createTestAppModule(radioWorkflowModule))
    const response = await app.request(BAD_LOGIN)
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
    app = await startNestApp(createTestAppModule(radioWorkflowModule, AppFilterModule))
    const response = await app.request(BAD_LOGIN)
    expect(response.status).toBe(418)
    expect(await response.json()).toEqual({ handledBy: 'app' })
  })
})
