// A standalone mock Radio Workflow for several app processes sharing one Redis (see README "Shared mock").
import { createMockRadioWorkflow, MOCK_PARTNER_KEY, MOCK_PARTNER_SECRET } from '../src/index'

const port = Number(process.env.RW_MOCK_PORT ?? 4010)
const redirectUris =
  process.env.RW_MOCK_REDIRECT_URIS?.split(',').map((uri) => uri.trim()) ??
  Array.from({ length: 10 }, (_, index) => `http://localhost:${3000 + index}/auth/rw/callback`)

const mock = createMockRadioWorkflow({
  partners: [{ partnerKey: MOCK_PARTNER_KEY, partnerSecret: MOCK_PARTNER_SECRET, redirectUris }],
})
const server = await mock.listen({ port, hostname: '127.0.0.1' })
console.log(`Mock Radio Workflow listening on ${server.url}`)
console.log(`Registered redirect URIs: ${redirectUris.join(', ')}`)
console.log(`Start apps with RW_MOCK_URL=${server.url}`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)))
}
