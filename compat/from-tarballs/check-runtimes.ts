import { type ChildProcess, spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { findFreePort } from './app-flow'
import { FLOW_INSTANCE, type FlowMock } from './mock-for-flows'
import { runCommand } from './scratch-project'

/** What hono-flow.mjs reports. */
interface HonoFlowReport {
  readonly login: number
  readonly consent: number
  readonly callback: number
  readonly returnTo: string | null
  readonly api: number
  readonly apiInstance: unknown
  readonly refreshedVersion: number
}

function expectCompleteHonoFlow(runtime: string, report: HonoFlowReport): void {
  const expected: HonoFlowReport = {
    login: 302,
    consent: 302,
    callback: 302,
    returnTo: `/stations/${FLOW_INSTANCE}/instance`,
    api: 200,
    apiInstance: FLOW_INSTANCE,
    // Connected at version 1; a refresh writes twice (the write-ahead marker, then the new pair).
    refreshedVersion: 3,
  }
  if (JSON.stringify(report) !== JSON.stringify(expected)) {
    throw new Error(`Hono flow on ${runtime}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(report)}`)
  }
}

function parseLastLine(stdout: string): HonoFlowReport {
  const lines = stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1] ?? '') as HonoFlowReport
}

/** Writes flow-input.json (read by every runtime's entry point) into the consumer project. */
export async function writeFlowInput(projectDir: string, mock: FlowMock): Promise<void> {
  await writeFile(join(projectDir, 'flow-input.json'), JSON.stringify(mock.input))
}

/** The Hono flow in a runtime that runs the project's ES modules directly (Node, Bun, Deno). */
export async function runHonoFlowWith(
  runtime: string,
  command: string,
  args: readonly string[],
  projectDir: string,
  mock: FlowMock,
): Promise<string> {
  let version = ''
  await mock.expectTokenCalls({ exchanges: 1, refreshes: 1 }, async () => {
    const { stdout } = await runCommand(command, [...args, 'run-hono-flow.mjs'], {
      cwd: projectDir,
      timeoutMs: 120_000,
    })
    expectCompleteHonoFlow(runtime, parseLastLine(stdout))
    version = (await runCommand(command, ['--version'], { cwd: projectDir })).stdout.trim().split('\n')[0] ?? ''
  })
  return version
}

async function fetchWhenListening(url: string, child: ChildProcess, log: () => string): Promise<Response> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}: ${log()}`)
    try {
      return await fetch(url)
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`workerd did not listen on ${url} within 30 s: ${log()}`, { cause: error })
      // Readiness poll of a child process that offers no readiness signal; not a test synchronisation.
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

/**
 * The Hono flow on workerd (Cloudflare Workers' runtime, from the `workerd` npm package): bundled by esbuild with
 * the `workerd` and `worker` conditions, as wrangler would, served on a loopback port, run by one request.
 */
export async function runHonoFlowOnWorkerd(projectDir: string, mock: FlowMock): Promise<string> {
  await build({
    entryPoints: [join(projectDir, 'hono-flow-worker.mjs')],
    outfile: join(projectDir, 'hono-flow-worker.bundle.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  })
  const port = await findFreePort()
  const template = await readFile(join(projectDir, 'workerd.capnp.template'), 'utf8')
  await writeFile(join(projectDir, 'workerd.capnp'), template.replace('__PORT__', String(port)))
  const workerd = join(projectDir, 'node_modules', '.bin', 'workerd')
  const child = spawn(workerd, ['serve', 'workerd.capnp'], { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  try {
    await mock.expectTokenCalls({ exchanges: 1, refreshes: 1 }, async () => {
      const response = await fetchWhenListening(`http://127.0.0.1:${port}/`, child, () => output)
      const text = await response.text()
      if (response.status !== 200) throw new Error(`The flow failed on workerd (${response.status}): ${text}`)
      expectCompleteHonoFlow('workerd', parseLastLine(text))
    })
  } finally {
    child.kill('SIGTERM')
  }
  return `workerd ${(await runCommand(workerd, ['--version'], { cwd: projectDir })).stdout.trim()}`
}
