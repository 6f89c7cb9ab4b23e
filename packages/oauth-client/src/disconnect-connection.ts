import { StoreError } from '@rw/oauth-core'
import { type InterpreterPorts, runConnectionStep } from './connection-interpreter'

/** A disconnect racing a refresh retries its version-checked delete this many times. */
const DELETE_ATTEMPTS = 5

/**
 * `rw.disconnect`: the `disconnected` event through the machine (a version-checked delete, then the
 * `disconnected` event), so a refresh saving concurrently either lands first (and we retry) or fails.
 */
export async function disconnectConnection(ports: InterpreterPorts, instanceKey: string): Promise<boolean> {
  for (let attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
    const record = await ports.store.getConnection(instanceKey)
    const outcome = await runConnectionStep(ports, { current: null }, record?.status ?? 'disconnected', record, {
      type: 'disconnected',
    })
    if (outcome.kind === 'completed') return record !== null
  }
  throw new StoreError(
    'store_unavailable',
    `disconnect: the stored connection kept changing (${DELETE_ATTEMPTS} attempts); try again.`,
    { instanceKey },
  )
}
