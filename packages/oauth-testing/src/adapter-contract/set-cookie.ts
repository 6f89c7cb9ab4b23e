/** A parsed `Set-Cookie` header: name, value and attributes with lower-cased names. */
export interface ParsedSetCookie {
  readonly name: string
  readonly value: string
  readonly attributes: Readonly<Record<string, string | true>>
}

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...parts] = header.split(';').map((part) => part.trim())
  const separator = pair.indexOf('=')
  const attributes: Record<string, string | true> = {}
  for (const part of parts) {
    if (part === '') continue
    const equals = part.indexOf('=')
    if (equals === -1) attributes[part.toLowerCase()] = true
    else attributes[part.slice(0, equals).toLowerCase()] = part.slice(equals + 1)
  }
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes }
}

export function readSetCookies(response: Response): ParsedSetCookie[] {
  return response.headers.getSetCookie().map(parseSetCookie)
}
