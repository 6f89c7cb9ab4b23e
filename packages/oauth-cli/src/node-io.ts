import { createInterface } from 'node:readline/promises'
import type { CliIo } from './cli-context'

/**
 * The real process's streams and environment for {@link runCli}: confirmations are asked on the terminal, and
 * answer `null` (refuse) when standard input is not one.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), createNodeIo())
 * ```
 */
export function createNodeIo(): CliIo {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    async confirm(question) {
      if (process.stdin.isTTY !== true) return null
      const prompt = createInterface({ input: process.stdin, output: process.stderr })
      try {
        const answer = await prompt.question(`${question} [y/N] `)
        return /^y(es)?$/i.test(answer.trim())
      } finally {
        prompt.close()
      }
    },
    async readStdin() {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
  }
}
