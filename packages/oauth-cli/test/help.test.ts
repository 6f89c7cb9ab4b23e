import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { createProgram } from '../src/create-program'
import { runCli } from '../src/index'
import { runCliProcess } from './support/cli-process'
import { createMemoryIo } from './support/memory-io'

function listLeafCommands(command: Command, path: string[] = []): string[][] {
  return command.commands.flatMap((child) => {
    const childPath = [...path, child.name()]
    return child.commands.length === 0 ? [childPath] : listLeafCommands(child, childPath)
  })
}

const LEAVES = listLeafCommands(createProgram(createMemoryIo({}), { exitCode: 0 }))

describe('rw-oauth --help', () => {
  it('lists every command group and the environment, from the real binary', async () => {
    const run = await runCliProcess(['--help'], {})
    expect(run.code).toBe(0)
    for (const group of ['connections', 'keys', 'migrate', 'import', 'repair', 'events'])
      expect(run.stdout).toContain(group)
    for (const variable of ['REDIS_URL', 'RW_REDIS_PREFIX', 'RW_TOKEN_KEYS', 'RW_PARTNER_KEY']) {
      expect(run.stdout).toContain(variable)
    }
    expect(run.stdout).toContain('Exit codes')
  })

  it('covers every command the issue asks for', () => {
    expect(LEAVES.map((path) => path.join(' ')).sort()).toEqual([
      'connections count',
      'connections disconnect',
      'connections list',
      'connections refresh',
      'connections reindex',
      'connections show',
      'events dead-letters',
      'events tail',
      'import',
      'keys drop',
      'keys report',
      'keys rotate',
      'migrate encrypt',
      'repair',
    ])
  })

  it.each(LEAVES)('%s … --help has a description, the global options and an example', async (...path) => {
    const io = createMemoryIo({})
    expect(await runCli([...path, '--help'], io)).toBe(0)
    const help = io.out()
    expect(help).toContain(`Usage: rw-oauth ${path.join(' ')}`)
    expect(help.split('\n')[2]?.trim().length).toBeGreaterThan(20)
    expect(help).toContain('--json')
    expect(help).toMatch(/Examples?:|step by step/)
    expect(help).toContain('rw-oauth ')
  })

  it('every command that writes offers --dry-run', () => {
    const program = createProgram(createMemoryIo({}), { exitCode: 0 })
    const writers = [
      'connections refresh',
      'connections reindex',
      'connections disconnect',
      'keys rotate',
      'migrate encrypt',
      'import',
      'repair',
    ]
    for (const name of writers) {
      let command: Command | undefined = program
      for (const part of name.split(' ')) command = command?.commands.find((child) => child.name() === part)
      expect(
        command?.options.map((option) => option.long),
        name,
      ).toContain('--dry-run')
    }
  })

  it('answers bad usage with exit code 2 and the help hint', async () => {
    const io = createMemoryIo({})
    expect(await runCli(['keys', 'spin'], io)).toBe(2)
    expect(io.err()).toContain("unknown command 'spin'")
  })
})
