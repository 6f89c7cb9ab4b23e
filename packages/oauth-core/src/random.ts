/** Port for randomness: returns `length` cryptographically random bytes. */
export type RandomBytes = (length: number) => Uint8Array
