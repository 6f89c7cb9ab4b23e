import { Inject, Injectable } from '@nestjs/common'
import {
  type ConnectionInfo,
  type ConnectionInfoPage,
  createRequestHandle,
  type RadioWorkflow,
  type RadioWorkflowRequestHandle,
} from '@rw/oauth-client'
import { type ConnectionCounts, type ConnectionQuery, validateInstanceKey } from '@rw/oauth-core'
import { RADIO_WORKFLOW_CLIENT, RADIO_WORKFLOW_MODULE_OPTIONS } from './radio-workflow.constants'
import type { RadioWorkflowRequestOptions } from './radio-workflow-module-options'
import { type RadioWorkflowRequest, readInstanceQueryParameter } from './radio-workflow-request'

/**
 * The client bound to one instance: what `@RadioWorkflowInstance()` gives a route handler. The client's
 * per-request handle (`getAccessToken()`, `fetch()`, `getConnection()`, the same names in every adapter)
 * plus the resolved `instanceKey`.
 */
export interface RadioWorkflowInstanceHandle extends RadioWorkflowRequestHandle {
  readonly instanceKey: string
}

/**
 * The Radio Workflow client as a Nest provider. Tokens stay in the store; this only forwards. Anything
 * else (`startAuthorization`, `refresh`, `on`, ...) is on `client`.
 *
 * @example
 * constructor(@Inject(RadioWorkflowService) private readonly radioWorkflow: RadioWorkflowService) {}
 * const response = await this.radioWorkflow.fetch('desert-broadcasters', '/instance')
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
@Injectable()
export class RadioWorkflowService {
  constructor(
    @Inject(RADIO_WORKFLOW_CLIENT) readonly client: RadioWorkflow,
    @Inject(RADIO_WORKFLOW_MODULE_OPTIONS) private readonly options: RadioWorkflowRequestOptions,
  ) {}

  /** A valid access token for the instance; refreshes when due, once across processes sharing the store. */
  getAccessToken(instanceKey: string): Promise<string> {
    return this.client.getAccessToken(instanceKey)
  }

  /**
   * `fetch` against the API as the instance, Bearer token attached; one forced refresh and retry on 401.
   *
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (401 with `invalid_token`)
   */
  fetch(instanceKey: string, path: string | URL, init?: RequestInit): Promise<Response> {
    return this.client.fetch(instanceKey, path, init)
  }

  /** The instance's connection as data, or `null` when it is not connected. Never contains a token. */
  getConnection(instanceKey: string): Promise<ConnectionInfo | null> {
    return this.client.getConnection(instanceKey)
  }

  /** Deletes the instance's stored connection; returns whether there was one. */
  disconnect(instanceKey: string): Promise<boolean> {
    return this.client.disconnect(instanceKey)
  }

  /** One page of the store's connections (never a token); pass `cursor` back until it is `null`. See `rw.listConnections`. */
  listConnections(query?: ConnectionQuery): Promise<ConnectionInfoPage> {
    return this.client.listConnections(query)
  }

  /** How many stored connections are in each status. See `rw.countConnections`. */
  countConnections(): Promise<ConnectionCounts> {
    return this.client.countConnections()
  }

  /** The instance key of a request, through your `resolveInstanceKey` (default `?instance=`). */
  async resolveInstanceKey(request: RadioWorkflowRequest): Promise<string> {
    return this.resolveInstanceKeyNow(request)
  }

  /**
   * `resolveInstanceKey` without a promise when your resolver answers synchronously (the default does):
   * `@RadioWorkflowInstance()` then adds no await to the request.
   *
   * @example
   * const key = this.radioWorkflow.resolveInstanceKeyNow(request)
   * const instanceKey = typeof key === 'string' ? key : await key
   */
  resolveInstanceKeyNow(request: RadioWorkflowRequest): string | Promise<string> {
    const resolve = this.options.resolveInstanceKey ?? readInstanceQueryParameter
    const resolved = resolve(request)
    return isPromiseLike(resolved) ? Promise.resolve(resolved).then(validateInstanceKey) : validateInstanceKey(resolved)
  }

  /** The client bound to one instance, as `@RadioWorkflowInstance()` injects it. */
  forInstance(instanceKey: string): RadioWorkflowInstanceHandle {
    // Object.assign keeps the handle's prototype (its methods); a spread would drop them.
    return Object.assign(
      createRequestHandle(this.client, () => instanceKey),
      { instanceKey },
    )
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}
