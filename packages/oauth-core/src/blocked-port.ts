// The Fetch Standard's "bad ports": every fetch implementation refuses them before sending anything.
// https://fetch.spec.whatwg.org/#port-blocking
const BLOCKED_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
])

/**
 * Whether fetch refuses to connect to this URL's port (the Fetch Standard's port blocking list, e.g.
 * 6000 or 6667): such an endpoint can never be reached, so configuration refuses it.
 *
 * @example
 * ```ts
 * isFetchBlockedPort(new URL('http://127.0.0.1:6000/token')) // true
 * ```
 * @see https://fetch.spec.whatwg.org/#port-blocking
 */
export function isFetchBlockedPort(url: URL): boolean {
  return url.port !== '' && BLOCKED_PORTS.has(Number(url.port))
}
