import Table from 'cli-table3'

/** A column of a table: its heading and how to print a row's cell. */
export interface Column<T> {
  readonly heading: string
  readonly cell: (row: T) => string
}

/** Where a command's results go: a table (default) or JSON (`--json`) on stdout, notes on stderr. */
export interface CliOutput {
  readonly json: boolean
  /** Rows as a table, or as a JSON array of `jsonRows` (default: the rows themselves). */
  table<T>(rows: readonly T[], columns: readonly Column<T>[], jsonValue?: unknown): void
  /** A single result: `label: value` lines, or the JSON object. */
  record(fields: Readonly<Record<string, unknown>>): void
  /** A human note on stderr (never in JSON output, so scripts can parse stdout). */
  note(message: string): void
}

/**
 * Something text is written to: `process.stdout`, or a test's buffer.
 *
 * @example
 * ```ts
 * let captured = ''
 * const sink: TextSink = { write: (text) => (captured += text) }
 * ```
 */
export interface TextSink {
  /** Writes `text` as is (the CLI adds its own newlines). */
  write(text: string): unknown
  /** `true` on a terminal: progress bars are drawn only there unless `--progress` is given. */
  readonly isTTY?: boolean
}

/**
 * The streams a run writes to: results on stdout, notes, errors and progress on stderr.
 *
 * @example
 * ```ts
 * const streams: CliStreams = { stdout: process.stdout, stderr: process.stderr }
 * ```
 */
export interface CliStreams {
  readonly stdout: TextSink
  readonly stderr: TextSink
}

export function createCliOutput(streams: CliStreams, json: boolean): CliOutput {
  return {
    json,
    table(rows, columns, jsonValue = rows) {
      if (json) {
        streams.stdout.write(`${JSON.stringify(jsonValue, null, 2)}\n`)
        return
      }
      const table = new Table({ head: columns.map((column) => column.heading), style: { head: [], border: [] } })
      for (const row of rows) table.push(columns.map((column) => column.cell(row)))
      streams.stdout.write(`${table.toString()}\n`)
    },
    record(fields) {
      if (json) {
        streams.stdout.write(`${JSON.stringify(fields, null, 2)}\n`)
        return
      }
      const width = Math.max(...Object.keys(fields).map((key) => key.length))
      for (const [key, value] of Object.entries(fields)) {
        streams.stdout.write(`${`${key}:`.padEnd(width + 2)}${formatValue(value)}\n`)
      }
    },
    note(message) {
      streams.stderr.write(`${message}\n`)
    },
  }
}

/** Epoch milliseconds as ISO 8601, `-` for none. */
export function formatTime(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined ? '-' : new Date(epochMs).toISOString()
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '-'
  if (Array.isArray(value)) return value.join(' ')
  return String(value)
}
