import { UsageError } from '@rw/oauth-core'
import { SLOT_COUNT } from './slot-tags'

/** Where a listing resumes: in `slot`, after the instance key `after` (`null`: from the slot's start). */
export interface RegistryPosition {
  readonly slot: number
  readonly after: string | null
}

const CURSOR = /^r1\.(\d{1,5})\.([A-Za-z0-9_-]*)$/

/** `r1.<slot>.<base64url of the last instance key returned>`: opaque to callers, versioned for us. */
export function encodeRegistryCursor({ slot, after }: RegistryPosition): string {
  return `r1.${slot}.${after === null ? '' : Buffer.from(after, 'utf8').toString('base64url')}`
}

export function decodeRegistryCursor(cursor: string): RegistryPosition {
  const match = CURSOR.exec(cursor)
  const slot = Number(match?.[1])
  if (match === null || slot >= SLOT_COUNT) {
    throw new UsageError('query.cursor is not a cursor this store returned: pass the previous page’s cursor unchanged.')
  }
  return { slot, after: match[2] === '' ? null : Buffer.from(match[2]!, 'base64url').toString('utf8') }
}
