import { EdgeVM } from '@edge-runtime/vm'
import type { CompatFlowInput, CompatFlowReport } from './run-compat-flow'

/** What the flow reported inside the VM, and which Node globals the VM's code could see. */
export interface EdgeRunResult {
  readonly report: CompatFlowReport
  readonly nodeGlobals: Record<'process' | 'Buffer' | 'require' | 'module', string>
}

/**
 * Evaluates the IIFE bundle in Vercel's Edge Runtime VM (a fresh V8 context with Web APIs only:
 * fetch, crypto, URL, streams, timers; no `process`, `Buffer` or `require`) and runs the flow there.
 * The VM's own fetch makes the HTTP calls.
 */
export async function runFlowInEdgeVm(iifeBundle: string, input: CompatFlowInput): Promise<EdgeRunResult> {
  const vm = new EdgeVM()
  const nodeGlobals = vm.evaluate<EdgeRunResult['nodeGlobals']>(
    '({ process: typeof process, Buffer: typeof Buffer, require: typeof require, module: typeof module })',
  )
  vm.evaluate(iifeBundle)
  // JSON across the boundary: objects made in the VM belong to another realm.
  const json = await vm.evaluate<Promise<string>>(
    `RwCompat.runCompatFlow(${JSON.stringify(input)}).then((report) => JSON.stringify(report))`,
  )
  return { report: JSON.parse(json) as CompatFlowReport, nodeGlobals: { ...nodeGlobals } }
}
