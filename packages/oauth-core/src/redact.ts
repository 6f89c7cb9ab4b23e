/**
 * Placeholder printed instead of a secret or token. It deliberately carries nothing of the
 * value (no prefix, no length), so a log line can never help reconstruct it.
 *
 * @example
 * ```ts
 * redactSecret('s3cr3t') // '[redacted]'
 * redactSecret(null) // '[none]'
 * ```
 */
export function redactSecret(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '[none]' : '[redacted]'
}

/**
 * The printable view of anything carrying an access/refresh token pair (`TokenSet`, `ConnectionRecord`):
 * both tokens redacted, a missing refresh token kept as `null`.
 *
 * @example
 * ```ts
 * redactTokenPair({ accessToken: 'a', refreshToken: null, scopes: ['basic'] }) // { accessToken: '[redacted]', refreshToken: null, scopes: ['basic'] }
 * ```
 */
export function redactTokenPair<T extends { readonly accessToken: string; readonly refreshToken: string | null }>(
  value: T,
): T {
  return {
    ...value,
    accessToken: redactSecret(value.accessToken),
    refreshToken: value.refreshToken === null ? null : redactSecret(value.refreshToken),
  }
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom')

/**
 * Makes `target` print its redacted view through `JSON.stringify`, `String()` and Node's
 * `util.inspect` (which `console.log` uses), by adding `toJSON`, `toString` and the
 * `nodejs.util.inspect.custom` method as non-enumerable properties.
 *
 * Why non-enumerable methods rather than non-enumerable secret fields: code that builds records
 * spreads them (`{ ...record, status }`) and stores serialize them field by field; both must see
 * every data field. A spread copy is a plain object again and prints everything, which is why the
 * core's own constructors (`createConnectionRecord`, `parseConnectionRecord`, …) always re-attach
 * the redaction. `structuredClone` copies only enumerable data, so clones stay cloneable.
 *
 * @example
 * ```ts
 * const tokens = attachRedactedPrinting({ accessToken: 'a' }, 'Tokens', (t) => ({ accessToken: redactSecret(t.accessToken) }))
 * JSON.stringify(tokens) // '{"accessToken":"[redacted]"}'
 * ```
 */
export function attachRedactedPrinting<T extends object>(target: T, name: string, view: (target: T) => object): T {
  const render = () => view(target)
  Object.defineProperties(target, {
    toJSON: { value: render, enumerable: false },
    toString: { value: () => `${name} ${JSON.stringify(render())}`, enumerable: false },
    [inspectCustom]: {
      value: (_depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string) =>
        inspect === undefined ? `${name} ${JSON.stringify(render())}` : `${name} ${inspect(render(), options)}`,
      enumerable: false,
    },
  })
  return target
}

/**
 * A prototype carrying the same redacted printing as {@link attachRedactedPrinting} (`toJSON`, `toString`,
 * `nodejs.util.inspect.custom`, all non-enumerable), for objects created in bulk: `Object.create(prototype)`
 * shares the three methods instead of giving each object three closures of its own, which keeps a cached
 * record at about a quarter of the memory and makes creating one several times cheaper.
 *
 * @example
 * ```ts
 * const PRINTING = createRedactedPrintingPrototype('Tokens', (t: { accessToken: string }) => ({ accessToken: redactSecret(t.accessToken) }))
 * const tokens = Object.freeze(Object.assign(Object.create(PRINTING), { accessToken: 'a' }))
 * ```
 */
export function createRedactedPrintingPrototype<T extends object>(name: string, view: (target: T) => object): object {
  const prototype = {}
  Object.defineProperties(prototype, {
    toJSON: {
      value(this: T) {
        return view(this)
      },
      enumerable: false,
    },
    toString: {
      value(this: T) {
        return `${name} ${JSON.stringify(view(this))}`
      },
      enumerable: false,
    },
    [inspectCustom]: {
      value(this: T, _depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string) {
        return inspect === undefined
          ? `${name} ${JSON.stringify(view(this))}`
          : `${name} ${inspect(view(this), options)}`
      },
      enumerable: false,
    },
  })
  return Object.freeze(prototype)
}
