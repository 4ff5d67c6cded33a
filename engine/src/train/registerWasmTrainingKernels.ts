import {
  add,
  backend_util,
  getGradient,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  mul,
  type NamedAttrMap,
  registerGradient,
  registerKernel,
  reshape,
  rsqrt,
  scalar,
  type Tensor,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core'

// Kernels the wasm backend lacks or runs slowly when training, measured on the sim2real CNN
// (batch 64, one thread: 57 ms a step before, of which 17 ms MaxPoolGrad and 16 ms BatchMatMul):
// - Conv2DBackpropFilter is missing (training a CNN throws) and Conv2DBackpropInput is a slow
//   scalar loop. Both gradients are themselves convolutions, so they are computed here by the
//   fast XNNPACK Conv2D kernel on transposed operands:
//     filter gradient: dW[i,j,ci,co] = sum_{n,y,x} X[n, y*s+i-pt, x*s+j-pl, ci] * dY[n,y,x,co]
//       = Conv2D(input = X^T [Cin,H,W,N], filter = dY^T [Ho,Wo,N,Cout], dilation = stride)
//     input gradient (stride 1): dX = Conv2D(dY, reverse_hw(W) with in/out channels swapped),
//       padded by (k - 1 - pad).
//   Strided input gradients keep the stock kernel (it handles the zero-insertion).
// - BatchMatMul and _FusedMatMul with a transposed operand (every dense layer's two gradients)
//   take a strided path ~12x slower than the plain product (7.4 ms vs 0.6 ms for 64x1568 by
//   1568x128): the operand is transposed first (0.07 ms) and the plain kernel does the product.
// - MaxPoolGrad walks every window of every input pixel; here each pooling window sends its
//   gradient to its maximum in one pass (the first maximum in scan order, as the cpu backend).
// - Batch normalization's input gradient (tfjs-core's FusedBatchNorm gradient) tiles the per-channel
//   1/sqrt(variance + eps) out to the whole activation before multiplying, and wasm's Tile is a
//   generic index loop: a third of a training step of `mnist-cnn-bn` (176 of 521 ms at batch 64).
//   The same products with the per-channel factor broadcast give the same floats without the copy.
const BACKEND = 'wasm'

interface WasmBackendLike {
  disposeData(dataId: object): void
}

type Run = (name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo

function kernelRunner(backend: WasmBackendLike): { run: Run; dispose: (...t: TensorInfo[]) => void } {
  const run: Run = (name, inputs, attrs) => {
    const config = getKernel(name, BACKEND)
    if (!config) throw new Error(`the wasm backend has no ${name} kernel, which the conv gradients need`)
    return config.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo
  }
  const dispose = (...tensors: TensorInfo[]) => {
    for (const t of tensors) backend.disposeData(t.dataId)
  }
  return { run, dispose }
}

/** The attributes the conv and pooling gradients share (kernels receive them untyped). */
interface WindowAttrs {
  strides: number | [number, number]
  pad: backend_util.PadInfo['type'] | number | backend_util.ExplicitPadding
  dataFormat?: string
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
}

/** The stock Conv2D kernel, stride 1, NHWC, with explicit [top, bottom, left, right] padding. */
function conv(run: Run, x: TensorInfo, filter: TensorInfo, pad: number[], dilations: [number, number]): TensorInfo {
  const [top, bottom, left, right] = pad
  return run('Conv2D', { x, filter }, {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations,
  } as unknown as NamedAttrMap)
}

function requireNhwc(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports only NHWC (channelsLast) data; got ${String(dataFormat)}`)
  }
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as WindowAttrs & {
    filterShape: [number, number, number, number]
  }
  requireNhwc('Conv2DBackpropFilter', dataFormat)
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad as never,
    dimRoundingMode,
  )
  const { run, dispose } = kernelRunner(backend as unknown as WasmBackendLike)
  const [, H, W] = x.shape
  const { top, left } = info.padInfo
  // Rows/columns past the last window the forward pass read contribute nothing; the bottom/right
  // padding is chosen so the result is exactly filterHeight x filterWidth, cropping X if the
  // forward pass ignored its last rows (valid padding with a stride that does not divide).
  let bottom = info.filterHeight + (info.outHeight - 1) * info.strideHeight - H - top
  let right = info.filterWidth + (info.outWidth - 1) * info.strideWidth - W - left
  let input = x
  const temps: TensorInfo[] = []
  if (bottom < 0 || right < 0) {
    input = run('Slice', { x }, { begin: [0, 0, 0, 0], size: [-1, H + Math.min(0, bottom), W + Math.min(0, right), -1] })
    temps.push(input)
    bottom = Math.max(0, bottom)
    right = Math.max(0, right)
  }
  const xT = run('Transpose', { x: input }, { perm: [3, 1, 2, 0] })
  const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] })
  const dW = conv(run, xT, dyT, [top, bottom, left, right], [info.strideHeight, info.strideWidth])
  const out = run('Transpose', { x: dW }, { perm: [1, 2, 0, 3] })
  dispose(...temps, xT, dyT, dW)
  return out
}

function conv2DBackpropInputVia(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as WindowAttrs & {
      inputShape: [number, number, number, number]
    }
    requireNhwc('Conv2DBackpropInput', dataFormat)
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad as never,
      dimRoundingMode,
    )
    const top = info.filterHeight - 1 - info.padInfo.top
    const left = info.filterWidth - 1 - info.padInfo.left
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || top < 0 || left < 0) return stock(args)
    const { run, dispose } = kernelRunner(backend as unknown as WasmBackendLike)
    const bottom = inputShape[1] - info.outHeight - top + info.filterHeight - 1
    const right = inputShape[2] - info.outWidth - left + info.filterWidth - 1
    if (bottom < 0 || right < 0) return stock(args)
    const flipped = run('Reverse', { x: filter }, { dims: [0, 1] })
    const swapped = run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] })
    const dx = conv(run, dy, swapped, [top, bottom, left, right], [1, 1])
    dispose(flipped, swapped)
    return dx
  }
}

/**
 * BatchMatMul / _FusedMatMul with the transposed operands materialized: the stock kernel then runs
 * its fast untransposed product. Without a transpose the stock kernel runs as it is.
 */
function untransposedMatMul(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean }
    if (!transposeA && !transposeB) return stock(args)
    const { run, dispose } = kernelRunner(args.backend as unknown as WasmBackendLike)
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    const swapLast = (t: TensorInfo) => {
      const perm = t.shape.map((_, i) => i)
      const r = perm.length
      ;[perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]]
      return run('Transpose', { x: t }, { perm })
    }
    const a2 = transposeA ? swapLast(a) : a
    const b2 = transposeB ? swapLast(b) : b
    const out = stock({
      ...args,
      inputs: { ...args.inputs, a: a2, b: b2 },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    }) as TensorInfo
    dispose(...[a2, b2].filter((t) => t !== a && t !== b))
    return out
  }
}

interface WasmHeapBackend extends WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfo
  typedArrayFromHeap(t: TensorInfo): Float32Array
}

/**
 * The gradient of MaxPool: each window's output gradient goes to the window's maximum (the first
 * strictly greatest input in row-major scan order, padding excluded, as the cpu backend picks it),
 * summed where windows overlap. NHWC, float32.
 */
const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo }
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as WindowAttrs & {
    filterSize: number | [number, number]
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad as never,
    dimRoundingMode,
  )
  const heap = backend as unknown as WasmHeapBackend
  // Allocate first: a new output can grow the wasm memory, which would detach earlier views.
  const out = heap.makeOutput(input.shape as number[], 'float32')
  const dx = heap.typedArrayFromHeap(out)
  const x = heap.typedArrayFromHeap(input)
  const g = heap.typedArrayFromHeap(dy)
  dx.fill(0)
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth } = info
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info
  const { top, left } = info.padInfo
  // Channels are innermost (NHWC): each window is scanned position by position, all channels at
  // once, which keeps every read sequential. Per channel the scan order is row-major, so the first
  // strict maximum wins as in the cpu backend.
  const best = new Float32Array(C)
  const at = new Int32Array(C)
  let o = 0 // index into dy: [n, yR, yC, 0]
  for (let n = 0; n < batchSize; n++) {
    const base = n * inHeight * inWidth * C
    for (let yR = 0; yR < outHeight; yR++) {
      const r0 = yR * strideHeight - top
      const rFrom = Math.max(0, r0)
      const rTo = Math.min(inHeight, r0 + filterHeight)
      for (let yC = 0; yC < outWidth; yC++, o += C) {
        const c0 = yC * strideWidth - left
        const cFrom = Math.max(0, c0)
        const cTo = Math.min(inWidth, c0 + filterWidth)
        for (let c = 0; c < C; c++) {
          best[c] = Number.NEGATIVE_INFINITY
          at[c] = -1
        }
        for (let r = rFrom; r < rTo; r++) {
          for (let q = cFrom; q < cTo; q++) {
            const k0 = base + (r * inWidth + q) * C
            for (let c = 0; c < C; c++) {
              const v = x[k0 + c]
              if (v > best[c]) {
                best[c] = v
                at[c] = k0 + c
              }
            }
          }
        }
        for (let c = 0; c < C; c++) if (at[c] >= 0) dx[at[c]] += g[o + c]
      }
    }
  }
  return out
}

let registered = false

/**
 * Registers the training kernels above on the wasm backend (idempotent). Call after importing
 * `@tensorflow/tfjs-backend-wasm`, before training a model on it.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return
  if (!getKernel('Conv2D', BACKEND)) throw new Error('the wasm backend is not loaded: import @tensorflow/tfjs-backend-wasm first')
  if (getKernel('Conv2DBackpropFilter', BACKEND)) unregisterKernel('Conv2DBackpropFilter', BACKEND)
  registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2DBackpropFilter } as KernelConfig)
  replace('Conv2DBackpropInput', conv2DBackpropInputVia)
  replace('BatchMatMul', untransposedMatMul)
  replace('_FusedMatMul', untransposedMatMul)
  replace('MaxPoolGrad', () => maxPoolGrad)
  broadcastBatchNormInputGradient()
  registered = true
}

/**
 * Re-registers FusedBatchNorm's gradient with the input gradient dy * rsqrt(variance + eps) * scale
 * computed by broadcasting instead of tiling (every other gradient is the stock one). Gradients
 * are registered for all backends, which is harmless: the values are the stock ones.
 */
function broadcastBatchNormInputGradient(): void {
  const stock = getGradient('FusedBatchNorm')
  if (!stock) throw new Error('tfjs-core has no FusedBatchNorm gradient to replace')
  registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const grads = stock.gradFunc(dy, saved, attrs)
      const [x, , variance, scale] = saved
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number }
      const inputGradient = () => {
        const perChannel = rsqrt(add(variance, scalar(varianceEpsilon)))
        return reshape(mul(mul(dy as Tensor, perChannel), scale ?? scalar(1)), x.shape)
      }
      return { ...grads, x: inputGradient }
    },
  })
}

/** Swaps the wasm backend's `name` kernel for `wrap(stock)`, keeping its setup (wasm bindings). */
function replace(name: string, wrap: (stock: KernelFunc) => KernelFunc): void {
  const stock = getKernel(name, BACKEND)
  if (!stock) throw new Error(`the wasm backend has no ${name} kernel to replace`)
  unregisterKernel(name, BACKEND)
  registerKernel({
    kernelName: name,
    backendName: BACKEND,
    setupFunc: stock.setupFunc,
    kernelFunc: wrap(stock.kernelFunc),
  } as KernelConfig)
}
