/** Resource limits of a sandboxed generator. */
export interface SandboxLimits {
  /** V8 heap of each isolate, in MiB (isolated-vm minimum 8). */
  memoryMb: number
  /** Wall-clock limit for one generate() call, in milliseconds. */
  sampleTimeoutMs: number
  /** Limit for loading the module (its top-level code), in milliseconds. */
  loadTimeoutMs: number
  /** Bytes of one sample: image + planes + label JSON. */
  maxOutputBytes: number
}

export const DEFAULT_LIMITS: SandboxLimits = {
  memoryMb: 256,
  sampleTimeoutMs: 10_000,
  loadTimeoutMs: 10_000,
  maxOutputBytes: 64 * 1024 * 1024,
}

/** Defaults filled in and every field checked, with a message naming the bad field. */
export function resolveLimits(limits: Partial<SandboxLimits> = {}): SandboxLimits {
  const out = { ...DEFAULT_LIMITS, ...limits }
  const check = (name: keyof SandboxLimits, min: number): void => {
    const v = out[name]
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
      throw new RangeError(`limits.${name} must be a number >= ${min}, got ${String(v)}`)
  }
  check('memoryMb', 8)
  check('sampleTimeoutMs', 1)
  check('loadTimeoutMs', 1)
  check('maxOutputBytes', 1)
  return out
}
