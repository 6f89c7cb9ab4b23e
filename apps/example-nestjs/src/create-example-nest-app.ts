import 'reflect-metadata'
import { type INestApplication, type LogLevel, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { RadioWorkflow } from '@rw/oauth-client'
import { RadioWorkflowModule } from '@rw/oauth-nestjs'
import { BroadcastLogsController } from './broadcast-logs.controller'
import { ConnectionsController } from './connections.controller'
import { HomeController, SUGGESTED_INSTANCES } from './home.controller'

export interface ExampleNestAppOptions {
  /** The client (your store, endpoints and credentials). */
  readonly rw: RadioWorkflow
  /** Offered in the connect form. Default none. */
  readonly suggestedInstances?: readonly { readonly key: string; readonly name: string }[]
  /** Nest's logger levels, or `false` for silence. Default `['error', 'warn']`. */
  readonly logger?: false | LogLevel[]
}

/**
 * The example Nest app, not yet listening: the standard surface (`/auth/rw/login`, `/auth/rw/callback`,
 * `/connections/<key>`, `/connections/<key>/api/<path>`), a home page at `/` and `/broadcast-logs?instance=<key>`.
 *
 * @example
 * const app = await createExampleNestApp({ rw: createRadioWorkflow(options) })
 * await app.listen(3001, '127.0.0.1')
 */
export async function createExampleNestApp({
  rw,
  suggestedInstances = [],
  logger = ['error', 'warn'],
}: ExampleNestAppOptions): Promise<INestApplication> {
  @Module({
    imports: [RadioWorkflowModule.forRoot({ rw })],
    controllers: [HomeController, ConnectionsController, BroadcastLogsController],
    providers: [{ provide: SUGGESTED_INSTANCES, useValue: suggestedInstances }],
  })
  class ExampleAppModule {}

  return NestFactory.create(ExampleAppModule, { logger, abortOnError: false })
}
