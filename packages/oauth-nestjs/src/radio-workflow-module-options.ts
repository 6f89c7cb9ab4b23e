import type { ExceptionFilter, Type } from '@nestjs/common'
import type { CreateRadioWorkflowOptions, RadioWorkflow } from '@rw/oauth-client'
import type { RadioWorkflowRequest } from './radio-workflow-request'

/** Per-request options of `RadioWorkflowModule.forRoot` / `forRootAsync`. */
export interface RadioWorkflowRequestOptions {
  /**
   * Which instance the current request is about: read it from your own session or route. It decides
   * what `/login` connects and what `@RadioWorkflowInstance()` gives. Default: `?instance=<key>`.
   */
  resolveInstanceKey?(request: RadioWorkflowRequest): string | Promise<string>
}

/** `createRadioWorkflow` options, or a client you created yourself (`{ rw }`), plus the request options. */
export type RadioWorkflowModuleOptions = (CreateRadioWorkflowOptions | { readonly rw: RadioWorkflow }) &
  RadioWorkflowRequestOptions

/** Options read when the module is declared (also in `forRootAsync`): they shape routes and providers. */
export interface RadioWorkflowModuleExtras {
  /**
   * Mount `GET <prefix>/login` and `GET <prefix>/callback` (default prefix `auth/rw`), or `false` for none.
   * `health: true` also mounts `GET <prefix>/health` (`rw.health()`; default `false`).
   */
  readonly routes?: { readonly prefix?: string; readonly health?: boolean } | false
  /** Default `true`, so `RadioWorkflowService` and `@RadioWorkflowInstance()` work in every module. */
  readonly isGlobal?: boolean
  /** The app-wide filter for SDK errors: a subclass of `RadioWorkflowExceptionFilter`, or `false` for none. */
  readonly exceptionFilter?: Type<ExceptionFilter> | false
}
