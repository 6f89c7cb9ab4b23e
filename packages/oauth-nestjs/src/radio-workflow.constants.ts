/** Injection token of the `RadioWorkflow` client the module created (or was given). */
export const RADIO_WORKFLOW_CLIENT = Symbol('RADIO_WORKFLOW_CLIENT')

/** Injection token of the mounted routes' path prefix (`'auth/rw'` by default), or `null` when `routes: false`. */
export const RADIO_WORKFLOW_ROUTE_PREFIX = Symbol('RADIO_WORKFLOW_ROUTE_PREFIX')

/** Where the login and callback routes are mounted unless `routes.prefix` says otherwise: `/auth/rw/login`, `/auth/rw/callback`. */
export const DEFAULT_ROUTE_PREFIX = 'auth/rw'

/** Injection token of the options given to `RadioWorkflowModule.forRoot` (or made by `forRootAsync`). */
export const RADIO_WORKFLOW_MODULE_OPTIONS = Symbol('RADIO_WORKFLOW_MODULE_OPTIONS')
