import type { ChildProcess } from 'node:child_process'

const children = new Set<ChildProcess>()

/** Every process the soak starts is tracked here, so no exit path leaves one behind. */
export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

/** SIGKILL (works on stopped processes too) to every tracked child; synchronous, so safe in `exit` handlers. */
export function killTrackedChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
}
