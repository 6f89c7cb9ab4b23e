import { findUndocumentedScopes, RADIO_WORKFLOW_SCOPES } from '@rw/oauth-core'
import type { RadioWorkflowLogger } from './radio-workflow-types'

/**
 * Warns, once per scope name and client, about scopes Radio Workflow does not document. They are still requested
 * (the docs may lag the server), but a typo such as `edit-log` would otherwise surface only at the consent screen.
 */
export function createUndocumentedScopeWarner(
  logger: RadioWorkflowLogger,
): (scopes: readonly string[], source: string) => void {
  const warned = new Set<string>()
  return function warnAboutUndocumentedScopes(scopes, source) {
    const fresh = findUndocumentedScopes(scopes).filter((scope) => !warned.has(scope))
    if (fresh.length === 0) return
    for (const scope of fresh) warned.add(scope)
    logger.warn(
      `${source} names scopes Radio Workflow does not document: ${fresh.join(', ')}. They are requested anyway; ` +
        `check the spelling (documented: ${RADIO_WORKFLOW_SCOPES.join(', ')}).`,
      { scopes: fresh },
    )
  }
}
