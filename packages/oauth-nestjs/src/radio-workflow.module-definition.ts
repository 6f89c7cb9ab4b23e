import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common'
import { APP_FILTER } from '@nestjs/core'
import { ConfigurationError } from '@rw/oauth-core'
import { createModuleClient } from './create-module-client'
import {
  DEFAULT_ROUTE_PREFIX,
  RADIO_WORKFLOW_CLIENT,
  RADIO_WORKFLOW_MODULE_OPTIONS,
  RADIO_WORKFLOW_ROUTE_PREFIX,
} from './radio-workflow.constants'
import { createRadioWorkflowController } from './radio-workflow.controller'
import { RadioWorkflowService } from './radio-workflow.service'
import { RadioWorkflowExceptionFilter } from './radio-workflow-exception.filter'
import { createRadioWorkflowHealthController } from './radio-workflow-health.controller'
import { RadioWorkflowInstancePipe } from './radio-workflow-instance.decorator'
import type { RadioWorkflowModuleExtras, RadioWorkflowModuleOptions } from './radio-workflow-module-options'

export const {
  /** Base class of `RadioWorkflowModule`, made by Nest's `ConfigurableModuleBuilder`: gives it `forRoot` and `forRootAsync`. */
  ConfigurableModuleClass: ConfigurableRadioWorkflowModule,
  /** Type-only helper: the argument of `RadioWorkflowModule.forRoot` (use as `typeof RADIO_WORKFLOW_OPTIONS_TYPE`). */
  OPTIONS_TYPE: RADIO_WORKFLOW_OPTIONS_TYPE,
  /** Type-only helper: the argument of `RadioWorkflowModule.forRootAsync` (use as `typeof RADIO_WORKFLOW_ASYNC_OPTIONS_TYPE`). */
  ASYNC_OPTIONS_TYPE: RADIO_WORKFLOW_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RadioWorkflowModuleOptions>({
  moduleName: 'RadioWorkflow',
  optionsInjectionToken: RADIO_WORKFLOW_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setExtras<RadioWorkflowModuleExtras>(
    { routes: {}, isGlobal: true, exceptionFilter: RadioWorkflowExceptionFilter },
    addRadioWorkflowProviders,
  )
  .build()

function addRadioWorkflowProviders(definition: DynamicModule, extras: RadioWorkflowModuleExtras): DynamicModule {
  const { routes = {}, isGlobal = true, exceptionFilter = RadioWorkflowExceptionFilter } = extras
  const prefix = routes === false ? null : readRoutePrefix(routes.prefix)
  const providers: Provider[] = [
    { provide: RADIO_WORKFLOW_CLIENT, useFactory: createModuleClient, inject: [RADIO_WORKFLOW_MODULE_OPTIONS] },
    { provide: RADIO_WORKFLOW_ROUTE_PREFIX, useValue: prefix },
    RadioWorkflowService,
    RadioWorkflowInstancePipe,
  ]
  if (exceptionFilter !== false) providers.push({ provide: APP_FILTER, useClass: exceptionFilter })
  return {
    ...definition,
    global: isGlobal,
    providers: [...(definition.providers ?? []), ...providers],
    controllers: prefix === null ? [] : createRouteControllers(prefix, routes !== false && routes.health === true),
    exports: [RADIO_WORKFLOW_CLIENT, RADIO_WORKFLOW_ROUTE_PREFIX, RadioWorkflowService, RadioWorkflowInstancePipe],
  }
}

function createRouteControllers(prefix: string, health: boolean) {
  const auth = createRadioWorkflowController(prefix)
  return health ? [auth, createRadioWorkflowHealthController(prefix)] : [auth]
}

function readRoutePrefix(prefix: unknown = DEFAULT_ROUTE_PREFIX): string {
  if (typeof prefix !== 'string') {
    throw new ConfigurationError('routes.prefix', 'routes.prefix must be a path such as "auth/rw".')
  }
  return prefix.replace(/^\/+|\/+$/g, '')
}
