import { vi } from 'vitest'

/**
 * Test support (by its own path, not the devkit's index: it imports vitest): runs a CLI entry point in this process with stdout and stderr captured, for help
 * texts and argument errors that exit before any real work (faster than a child process).
 */
export async function runCaptured(
  cli: (argv: string[]) => Promise<number>,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk)
    return true
  })
  try {
    return { code: await cli(argv), stdout, stderr }
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
}
