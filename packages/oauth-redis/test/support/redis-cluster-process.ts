import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Cluster, Redis } from 'ioredis'
import { RedisServerProcess } from './redis-server-process'

const run = promisify(execFile)

/** A 3-primary Redis Cluster of child processes on loopback ports, for the Cluster contract run. */
export class RedisClusterProcess {
  readonly nodes: readonly RedisServerProcess[]

  private constructor(nodes: readonly RedisServerProcess[]) {
    this.nodes = nodes
  }

  static async start(): Promise<RedisClusterProcess> {
    const nodes: RedisServerProcess[] = []
    try {
      for (let index = 0; index < 3; index++) {
        nodes.push(
          await RedisServerProcess.start([
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            '2000',
          ]),
        )
      }
      const cluster = new RedisClusterProcess(nodes)
      await run('redis-cli', [
        '--cluster',
        'create',
        ...nodes.map((node) => `127.0.0.1:${node.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ])
      await cluster.#waitUntilOk()
      return cluster
    } catch (error) {
      await Promise.all(nodes.map((node) => node.dispose()))
      throw error
    }
  }

  createClient(): Cluster {
    return new Cluster(this.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })))
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.dispose()))
  }

  /** Polls CLUSTER INFO on every node (bounded) until each reports `cluster_state:ok`. */
  async #waitUntilOk(): Promise<void> {
    const probes = this.nodes.map((node) => new Redis({ port: node.port, host: '127.0.0.1' }))
    try {
      for (let attempt = 0; attempt < 300; attempt++) {
        const infos = await Promise.all(probes.map((probe) => probe.cluster('INFO')))
        if (infos.every((info) => String(info).includes('cluster_state:ok'))) return
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      throw new Error('the test cluster never reached cluster_state:ok')
    } finally {
      for (const probe of probes) probe.disconnect()
    }
  }
}
