import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('../workers/event-consumer-worker.ts', import.meta.url))
const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url))

/** A consumer in its own process (see the worker), and what it received. */
export interface ConsumerProcess {
  readonly pid: number
  /** Ids received so far, in order. */
  readonly received: readonly string[]
  /** Calls `listener` after each event this process receives. */
  onReceive(listener: () => void): void
  /** Stops the consumer cleanly and waits for the process to exit. */
  stop(): Promise<void>
  /** SIGKILL: a crash, nothing acknowledged or cleaned up. */
  kill(): Promise<void>
}

/** Starts a consumer process that acknowledges what it receives (`ack`) or never does (`hang`). */
export async function startConsumerProcess(config: {
  prefix: string
  group: string
  consumer: string
  mode: 'ack' | 'hang'
}): Promise<ConsumerProcess> {
  const child = spawn(process.execPath, ['--conditions=@rw/source', '--import', 'tsx', WORKER], {
    cwd: PACKAGE_DIRECTORY,
    env: { ...process.env, RW_CONSUMER_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const received: string[] = []
  const listeners: (() => void)[] = []
  child.on('message', (message: { type: string; id?: string }) => {
    if (message.type !== 'received') return
    received.push(message.id!)
    for (const listener of listeners) listener()
  })
  const [ready] = (await once(child, 'message')) as [{ type: string }]
  if (ready.type !== 'ready') throw new Error(`consumer process sent ${ready.type} first`)
  const exit = async (stop: () => void) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    stop()
    await exited
  }
  return {
    pid: child.pid!,
    received,
    onReceive: (listener) => listeners.push(listener),
    stop: () => exit(() => child.send({ type: 'stop' })),
    kill: () => exit(() => child.kill('SIGKILL')),
  }
}

/** Resolves once the processes received `count` events between them (woken by their messages, not polled). */
export function whenReceivedInTotal(processes: readonly ConsumerProcess[], count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const total = () => processes.flatMap((consumer) => consumer.received)
    const timer = setTimeout(() => reject(new Error(`only ${total().length} of ${count} events arrived`)), 20_000)
    const check = () => {
      if (total().length < count) return
      clearTimeout(timer)
      resolve(total())
    }
    for (const consumer of processes) consumer.onReceive(check)
    check()
  })
}
