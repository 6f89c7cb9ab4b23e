import { createRadioWorkflow, type RadioWorkflow } from '@rw/oauth-client'
import { type RedisEncryptionOptions, RedisStoreMaintenance, RedisTokenStore } from '@rw/oauth-redis'
import { Cluster, Redis } from 'ioredis'
import {
  type CliEnvironmentVariables,
  readPartnerSettings,
  readStoreSettings,
  type StoreSettings,
} from './cli-environment'
import { type CliOutput, type CliStreams, createCliOutput } from './cli-output'
import { createProgressReporter, type ProgressReporter } from './progress-reporter'

/**
 * Options every command accepts (set on the program, before or after the command name).
 *
 * @example
 * ```ts
 * await runCli(['--json', '--prefix', 'rw:prod:', 'keys', 'report'], createNodeIo())
 * ```
 */
export interface GlobalOptions {
  readonly json?: boolean
  readonly redisUrl?: string
  readonly prefix?: string
  /** `true`: always, `false`: never, unset: when stderr is a terminal. */
  readonly progress?: boolean
}

/**
 * How a run reaches the outside world: environment, streams, confirmation and standard input. The binary uses
 * {@link createNodeIo}; tests and embedding tools pass their own.
 *
 * @example
 * ```ts
 * const io: CliIo = { ...createNodeIo(), env: { ...process.env, RW_REDIS_PREFIX: 'rw:staging:' } }
 * ```
 */
export interface CliIo extends CliStreams {
  readonly env: CliEnvironmentVariables
  /** Answers a yes/no question (`repair`, `disconnect` without `--yes`); `null` when nobody can answer (no terminal). */
  readonly confirm: (question: string) => Promise<boolean | null>
  /** All of standard input as text (`rw-oauth import -`). */
  readonly readStdin: () => Promise<string>
}

// Shows in CLIENT LIST (with the pid), so operators and tests can tell the CLI's connections from the apps'.
const CONNECTION_NAME = `rw-oauth-${process.pid}`
const SILENT_LOGGER = { debug() {}, warn() {}, error() {} }

/** The resources of one command, opened on first use and closed by `close()`. */
export class CliContext {
  readonly output: CliOutput
  readonly #io: CliIo
  readonly #options: GlobalOptions
  #settings: StoreSettings | undefined
  #redis: Redis | Cluster | undefined
  readonly #stores: RedisTokenStore[] = []
  #maintenance: RedisStoreMaintenance | undefined

  constructor(io: CliIo, options: GlobalOptions) {
    this.#io = io
    this.#options = options
    this.output = createCliOutput(io, options.json === true)
  }

  get settings(): StoreSettings {
    this.#settings ??= readStoreSettings(this.#io.env, this.#options)
    return this.#settings
  }

  get redis(): Redis | Cluster {
    this.#redis ??= this.#connect()
    return this.#redis
  }

  /** A store like the apps' one; `encryption` overrides the environment's ring (e.g. to read plaintext while migrating). */
  openStore(encryption: RedisEncryptionOptions | undefined = this.settings.encryption): RedisTokenStore {
    const store = new RedisTokenStore({
      redis: this.redis,
      prefix: this.settings.prefix,
      encryption,
      logger: SILENT_LOGGER,
    })
    this.#stores.push(store)
    return store
  }

  get maintenance(): RedisStoreMaintenance {
    this.#maintenance ??= new RedisStoreMaintenance({ redis: this.redis, prefix: this.settings.prefix })
    return this.#maintenance
  }

  /** The SDK client with the apps' configuration (`RW_PARTNER_KEY`, ...), on the CLI's store. */
  openRadioWorkflow(): RadioWorkflow {
    const partner = readPartnerSettings(this.#io.env)
    return createRadioWorkflow({ ...partner, store: this.openStore(), logger: SILENT_LOGGER })
  }

  progress(label: string): ProgressReporter {
    return createProgressReporter(this.#io.stderr as NodeJS.WritableStream, this.#options.progress, label)
  }

  confirm(question: string): Promise<boolean | null> {
    return this.#io.confirm(question)
  }

  async close(): Promise<void> {
    await Promise.all(this.#stores.map((store) => store.close()))
    if (this.#redis !== undefined) await this.#redis.quit().catch(() => this.#redis?.disconnect())
  }

  #connect(): Redis | Cluster {
    const { redisUrl, cluster } = this.settings
    // One attempt per command: an operator wants a clear error, not a CLI retrying forever.
    const client = cluster
      ? new Cluster([redisUrl], { clusterRetryStrategy: () => null, redisOptions: { connectionName: CONNECTION_NAME } })
      : new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null, connectionName: CONNECTION_NAME })
    client.on('error', () => {})
    return client
  }
}
