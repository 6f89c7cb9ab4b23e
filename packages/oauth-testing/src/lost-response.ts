// Responses the client must never receive. Marked here (not by a header a client could
// read) so each transport drops them its own way: `mock.fetch` rejects, `listen` destroys the socket.
const lostResponses = new WeakSet<Response>()

/** Name of the header that also marks a lost response, for tests that call `app.request()` directly. */
export const LOST_RESPONSE_HEADER = 'x-rw-mock-lost-response'

export function createLostResponse(): Response {
  const response = new Response(null, { status: 599, headers: { [LOST_RESPONSE_HEADER]: '1' } })
  lostResponses.add(response)
  return response
}

export function isLostResponse(response: Response): boolean {
  return lostResponses.has(response) || response.headers.get(LOST_RESPONSE_HEADER) === '1'
}
