import { waitUntil } from '@rw/oauth-testing/contract'
import { Redis } from 'ioredis'
import { RedisServerProcess } from './redis-server-process'

const MASTER_NAME = 'rwtest'
const POLLING = { timeoutMs: 20_000, intervalMs: 50 }

/**
 * A primary, one replica and one Sentinel monitoring them as `rwtest`, all child processes on
 * loopback ports, for the Sentinel contract run and a failover.
 */
export class RedisSentinelProcess {
  readonly masterName = MASTER_NAME
  readonly primary: RedisServerProcess
  readonly replica: RedisServerProcess
  readonly sentinel: RedisServerProcess

  private constructor(primary: RedisServerProcess, replica: RedisServerProcess, sentinel: RedisServerProcess) {
    this.primary = primary
    this.replica = replica
    this.sentinel = sentinel
  }

  static async start(): Promise<RedisSentinelProcess> {
    const started: RedisServerProcess[] = []
    try {
      const primary = await RedisServerProcess.start()
      started.push(primary)
      const replica = await RedisServerProcess.start(['--replicaof', '127.0.0.1', String(primary.port)])
      started.push(replica)
      // Sentinel learns replicas from the primary's INFO, read at once on connect and then every
      // 10 s: a replica already linked is known from the start, so a failover can begin at once.
      await waitUntil(() => isReplicaLinked(replica.port), 'the replica is linked to the primary', POLLING)
      const sentinel = await RedisServerProcess.start(['--sentinel'], {
        config: [
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary.port} 1`,
          `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
          `sentinel failover-timeout ${MASTER_NAME} 10000`,
          '',
        ].join('\n'),
      })
      started.push(sentinel)
      const deployment = new RedisSentinelProcess(primary, replica, sentinel)
      await deployment.waitForMaster(primary.port)
      await waitUntil(() => deployment.#isReplicaKnown(replica.port), 'the sentinel knows the replica', POLLING)
      return deployment
    } catch (error) {
      await Promise.all(started.map((server) => server.dispose()))
      throw error
    }
  }

  /** How applications connect: the sentinel's address and the master name, never the primary's. */
  createClient(): Redis {
    return new Redis({
      sentinels: [{ host: '127.0.0.1', port: this.sentinel.port }],
      name: MASTER_NAME,
      failoverDetector: true,
    })
  }

  /** Polls `SENTINEL get-master-addr-by-name` (bounded) until the sentinel names `port`. */
  async waitForMaster(port: number): Promise<void> {
    await this.#withSentinel((sentinel) =>
      waitUntil(
        async () => {
          const address = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', MASTER_NAME)) as string[] | null
          return address?.[1] === String(port)
        },
        `the sentinel names port ${port} as master`,
        POLLING,
      ),
    )
  }

  /** Starts `SENTINEL FAILOVER` (the replica takes over) and waits until the sentinel names it. */
  async failOverToReplica(): Promise<void> {
    await this.#withSentinel((sentinel) => sentinel.call('SENTINEL', 'FAILOVER', MASTER_NAME))
    await this.waitForMaster(this.replica.port)
  }

  async dispose(): Promise<void> {
    await Promise.all([this.sentinel.dispose(), this.replica.dispose(), this.primary.dispose()])
  }

  async #isReplicaKnown(port: number): Promise<boolean> {
    const replicas = (await this.#withSentinel((sentinel) =>
      sentinel.call('SENTINEL', 'REPLICAS', MASTER_NAME),
    )) as string[][]
    return replicas.some((fields) => {
      const entry = readFlatMap(fields)
      return entry.get('port') === String(port) && entry.get('flags') === 'slave'
    })
  }

  async #withSentinel<T>(use: (sentinel: Redis) => Promise<T>): Promise<T> {
    const sentinel = new Redis({ host: '127.0.0.1', port: this.sentinel.port })
    try {
      return await use(sentinel)
    } finally {
      sentinel.disconnect()
    }
  }
}

async function isReplicaLinked(port: number): Promise<boolean> {
  const probe = new Redis({ host: '127.0.0.1', port })
  try {
    return (await probe.info('replication')).includes('master_link_status:up')
  } finally {
    probe.disconnect()
  }
}

function readFlatMap(fields: string[]): Map<string, string> {
  const entries = new Map<string, string>()
  for (let index = 0; index + 1 < fields.length; index += 2) entries.set(fields[index]!, fields[index + 1]!)
  return entries
}
