import 'reflect-metadata'
import { type DynamicModule, type INestApplication, Module, type Type } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { AdapterUnderTest } from '@rw/oauth-testing/contract'
import { ConnectionsController } from './connections.controller'

export interface StartedNestApp extends AdapterUnderTest {
  readonly app: INestApplication
  readonly url: string
  close(): Promise<void>
}

/** An app module importing `radioWorkflowModule`, serving the standard surface plus `controllers`. */
export function createTestAppModule(radioWorkflowModule: DynamicModule, ...imports: Type[]): Type {
  @Module({ imports: [radioWorkflowModule, ...imports], controllers: [ConnectionsController] })
  class TestAppModule {}
  return TestAppModule
}

/** Boots `moduleClass` on Express, listening on 127.0.0.1 port 0, and talks to it over real HTTP. */
export async function startNestApp(moduleClass: Type): Promise<StartedNestApp> {
  const app = await NestFactory.create(moduleClass, { logger: false, abortOnError: false })
  await app.listen(0, '127.0.0.1')
  const url = await app.getUrl()
  return {
    app,
    url,
    request: (path, init = {}) => fetch(new URL(path, url), { ...init, redirect: 'manual' }),
    close: () => app.close(),
  }
}
