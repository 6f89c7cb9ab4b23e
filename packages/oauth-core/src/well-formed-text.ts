// A lone UTF-16 surrogate cannot be encoded as UTF-8: Redis, URLs and headers all refuse it, late.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether `text` is well-formed Unicode (no lone surrogate), i.e. encodable as UTF-8. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text)
}
