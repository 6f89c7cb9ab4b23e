import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  CONNECTION_TRANSITIONS,
  type ConnectionEffect,
} from './connection-machine'

/**
 * A Mermaid `stateDiagram-v2` of {@link CONNECTION_TRANSITIONS}, generated so the docs can never
 * drift from the table. Each edge is labelled `event / effects`.
 *
 * @example
 * ```ts
 * console.log(renderConnectionStateDiagram()) // paste into a ```mermaid block
 * ```
 */
export function renderConnectionStateDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> disconnected']
  for (const state of CONNECTION_STATES) {
    for (const event of CONNECTION_EVENTS) {
      const transition = CONNECTION_TRANSITIONS[state][event]
      if (transition === null) continue
      const effects = transition.effects.map(describeEffect).join(', ')
      lines.push(`  ${state} --> ${transition.state}: ${event}${effects === '' ? '' : ` / ${effects}`}`)
    }
  }
  return `${lines.join('\n')}\n`
}

function describeEffect(effect: ConnectionEffect): string {
  switch (effect.type) {
    case 'persist':
      return `persist ${effect.change}`
    case 'emit':
      return `emit ${effect.event}`
    default:
      return effect.type
  }
}
