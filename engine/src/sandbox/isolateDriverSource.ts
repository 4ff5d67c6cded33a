/**
 * Script evaluated in every generator isolate after the SDK prelude (which leaves
 * `globalThis.__neuroSdk = { createRng, detMath }`) and before the bundle's module. It
 *  - binds Math's transcendental functions to the SDK's deterministic ones,
 *  - replaces every source of nondeterminism or I/O with a throwing accessor that also records
 *    the violation in a closure the generator cannot reach (so catching the error does not
 *    hide it),
 *  - returns { setGenerate, run } to the host, which keeps references to them: a generator
 *    that overwrites globals later cannot swap the driver.
 * Errors it raises carry a `[neuro:<Code>]` prefix the host maps to SandboxError codes.
 */
export const isolateDriverSource = `
(function () {
  'use strict'
  const sdk = globalThis.__neuroSdk
  delete globalThis.__neuroSdk
  let violation = null
  const forbid = (name) => {
    if (violation === null) violation = name
    throw new Error('[neuro:Forbidden] ' + name + ' is not available to generators: use the rng argument and the SDK (no clock, randomness or I/O)')
  }
  // Plain assignment on the built-in Math object: redefining property attributes or swapping in
  // another object makes V8 stop inlining Math.floor/min/max/sqrt in generator hot loops
  // (measured 2.5x slower). The originals are gone once replaced, so a generator that assigns
  // Math.sin itself can only install its own (deterministic) JavaScript.
  for (const name of Object.keys(sdk.detMath)) Math[name] = sdk.detMath[name]
  Math.random = function random() { forbid('Math.random') }
  const forbiddenGlobals = [
    'Date', 'require', 'process', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout',
    'clearInterval', 'clearImmediate', 'queueMicrotask', 'performance', 'XMLHttpRequest', 'WebSocket',
    'importScripts', 'Intl', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'crypto', 'module', 'exports',
    'global', 'Buffer', 'navigator', 'location', 'Deno', 'Bun', 'FinalizationRegistry', 'WeakRef',
  ]
  for (const name of forbiddenGlobals) {
    Object.defineProperty(globalThis, name, { get() { forbid(name) }, set() { forbid(name) }, configurable: false })
  }
  // Locale-dependent formatting differs between hosts.
  const localeMethods = [
    [String.prototype, 'localeCompare'], [String.prototype, 'toLocaleUpperCase'], [String.prototype, 'toLocaleLowerCase'],
    [Number.prototype, 'toLocaleString'], [Array.prototype, 'toLocaleString'], [Object.prototype, 'toLocaleString'],
    [BigInt.prototype, 'toLocaleString'],
  ]
  for (const [proto, name] of localeMethods) {
    Object.defineProperty(proto, name, { value() { forbid(name) }, writable: false, configurable: false })
  }

  let generate = null
  const setGenerate = (fn) => {
    if (typeof fn !== 'function') {
      throw new Error('[neuro:BadBundle] the module has no default export function: write "export default function generate({ seed, index, params, rng }) { ... }"')
    }
    generate = fn
  }

  const isBytes = (d) => d instanceof Uint8Array || d instanceof Uint16Array
  const copyOf = (d) => (d.byteOffset === 0 && d.byteLength === d.buffer.byteLength ? d : d.slice())
  const checkRaster = (what, r, allow16) => {
    if (r === null || typeof r !== 'object') throw new Error('[neuro:BadOutput] ' + what + ' must be an object { width, height, channels, data }')
    const { width, height, channels, data } = r
    for (const [k, v] of [['width', width], ['height', height], ['channels', channels]]) {
      if (!Number.isInteger(v) || v < 1 || v > 16384) throw new Error('[neuro:BadOutput] ' + what + '.' + k + ' must be an integer in [1, 16384], got ' + String(v))
    }
    if (channels > 4) throw new Error('[neuro:BadOutput] ' + what + '.channels must be 1 to 4, got ' + channels)
    if (!(data instanceof Uint8Array) && !(allow16 && data instanceof Uint16Array)) {
      throw new Error('[neuro:BadOutput] ' + what + '.data must be a Uint8Array' + (allow16 ? ' or Uint16Array' : ''))
    }
    if (data.length !== width * height * channels) {
      throw new Error('[neuro:BadOutput] ' + what + '.data has ' + data.length + ' values, expected width*height*channels = ' + width * height * channels)
    }
    return { width, height, channels, bits: data instanceof Uint16Array ? 16 : 8, data: copyOf(data) }
  }

  const run = (seed, index, paramsJson, maxBytes) => {
    violation = null
    const rng = sdk.createRng(seed, index)
    let out
    try {
      out = generate({ seed, index, params: JSON.parse(paramsJson), rng })
    } catch (error) {
      if (violation !== null) forbid(violation)
      throw error
    }
    if (violation !== null) forbid(violation)
    if (out !== null && typeof out === 'object' && typeof out.then === 'function') {
      throw new Error('[neuro:BadOutput] generate() returned a Promise: it must return the sample synchronously')
    }
    if (out === null || typeof out !== 'object') throw new Error('[neuro:BadOutput] generate() must return { image, planes?, label }, got ' + String(out))
    const image = checkRaster('image', out.image, false)
    const planes = []
    if (out.planes !== undefined) {
      if (out.planes === null || typeof out.planes !== 'object') throw new Error('[neuro:BadOutput] planes must be an object of named rasters')
      for (const name of Object.keys(out.planes).sort()) {
        if (!/^[a-z][a-z0-9_-]{0,31}$/.test(name)) throw new Error('[neuro:BadOutput] plane name "' + name + '" must match [a-z][a-z0-9_-]{0,31}')
        planes.push([name, checkRaster('planes.' + name, out.planes[name], true)])
      }
    }
    let label
    try {
      label = JSON.stringify(out.label)
    } catch (error) {
      throw new Error('[neuro:BadOutput] label is not JSON-serializable: ' + error.message)
    }
    if (label === undefined) throw new Error('[neuro:BadOutput] label must be a JSON value, got ' + typeof out.label)
    let bytes = image.data.byteLength + label.length
    for (const [, p] of planes) bytes += p.data.byteLength
    if (bytes > maxBytes) throw new Error('[neuro:OutputTooLarge] the sample has ' + bytes + ' bytes, over the limit of ' + maxBytes)
    return { image, planes, label }
  }
  return { setGenerate, run }
})()
`
