import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

it('imports only hono and the SDK in src, so it runs on Node and edge runtimes', () => {
  const sourceDirectory = join(import.meta.dirname, '../src')
  const imported = readdirSync(sourceDirectory)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => [...readFileSync(join(sourceDirectory, file), 'utf8').matchAll(/from '([^']+)'/g)])
    .map((match) => match[1] ?? '')
  expect(imported.length).toBeGreaterThan(0)
  for (const specifier of imported) expect(specifier).toMatch(/^(\.\/|hono($|\/)|@rw\/oauth-(client|core)$)/)
})
