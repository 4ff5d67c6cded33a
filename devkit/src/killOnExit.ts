// Last resort against orphans: if this Node process exits without stopping what it started (an
// uncaught exception, process.exit() from elsewhere), SIGKILL those process groups on the way out.
const groups = new Set<number>()
let installed = false

/** Registers process group `pgid` (a detached child's pid); returns the function that forgets it. */
export function killOnExit(pgid: number): () => void {
  if (!installed) {
    installed = true
    process.once('exit', () => {
      for (const id of groups) {
        try {
          process.kill(-id, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    })
  }
  groups.add(pgid)
  return () => groups.delete(pgid)
}
