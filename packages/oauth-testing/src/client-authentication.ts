import { auth } from 'hono/utils/basic-auth'
import type { MockPartner } from './mock-defaults'

// RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into Basic credentials.
function decodeFormComponent(value: string): string | null {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '))
  } catch {
    return null
  }
}

/** The partner whose `Authorization: Basic` credentials the request carries, or `null`. */
export function authenticatePartner(request: Request, partners: readonly MockPartner[]): MockPartner | null {
  const credentials = auth(request)
  if (credentials === undefined) return null
  const partnerKey = decodeFormComponent(credentials.username)
  const partnerSecret = decodeFormComponent(credentials.password)
  if (partnerKey === null || partnerSecret === null) return null
  return (
    partners.find((partner) => partner.partnerKey === partnerKey && partner.partnerSecret === partnerSecret) ?? null
  )
}
