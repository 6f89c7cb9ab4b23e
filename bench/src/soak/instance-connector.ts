import type { RadioWorkflow } from '@rw/oauth-client'
import type { MockRadioWorkflow } from '@rw/oauth-testing'
import { createSoakClient } from './create-soak-client'
import type { SoakWorkerConfig } from './soak-protocol'

const CONSENT_TIMEOUT_MS = 5000

/**
 * The supervisor's own client (no hooks): plays the customer who connects an instance (again), and
 * probes every instance at the end of the run.
 */
export interface InstanceConnector {
  readonly rw: RadioWorkflow
  /** Status of the stored record, or `missing`; `unreadable` while Redis is down. */
  readStatus(instanceKey: string): Promise<string>
  /** The stored refresh token (the supervisor checks whether a dead holder's save landed). */
  readRefreshToken(instanceKey: string): Promise<string | null>
  /** Authorization-code flow through the mock's auto-consent; one at a time (the consent switch is global). */
  connect(instanceKey: string): Promise<void>
  close(): Promise<void>
}

export function createInstanceConnector(
  mock: MockRadioWorkflow,
  config: Pick<SoakWorkerConfig, 'redisUrl' | 'prefix' | 'encryptionKey' | 'endpoints' | 'sdk'>,
): InstanceConnector {
  const { rw, store, close } = createSoakClient(config)
  let queue: Promise<unknown> = Promise.resolve()

  async function connectNow(instanceKey: string): Promise<void> {
    mock.setAutoConsent({ instanceKey, scopes: ['basic'] })
    const started = await rw.startAuthorization({ instanceKey })
    const answer = await fetch(started.url, { redirect: 'manual', signal: AbortSignal.timeout(CONSENT_TIMEOUT_MS) })
    const location = answer.headers.get('location')
    if (answer.status !== 302 || location === null) throw new Error(`consent at the mock answered ${answer.status}`)
    await rw.completeAuthorization(location, { binding: started.binding })
  }

  return {
    rw,
    async readStatus(instanceKey) {
      try {
        return (await store.getConnection(instanceKey))?.status ?? 'missing'
      } catch {
        return 'unreadable'
      }
    },
    async readRefreshToken(instanceKey) {
      return (await store.getConnection(instanceKey))?.refreshToken ?? null
    },
    connect(instanceKey) {
      const next = queue.then(() => connectNow(instanceKey))
      queue = next.catch(() => {})
      return next
    },
    close,
  }
}
