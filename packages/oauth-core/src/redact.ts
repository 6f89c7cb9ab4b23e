// STUB
/** `ab…(32 chars)` style placeholder: never the value, enough to tell two values apart in debugging is NOT given. */
export function redactSecret(value: string | null | undefined): string {
  void value
  throw new Error('not implemented')
}
