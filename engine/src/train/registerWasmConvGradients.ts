import {
  backend_util,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core'

// The wasm backend ships a fast XNNPACK Conv2D but no Conv2DBackpropFilter kernel (training a
// CNN throws), and its Conv2DBackpropInput is a slow scalar loop. Both gradients are themselves
// convolutions, so they are computed here by the fast Conv2D kernel on transposed operands:
//   filter gradient: dW[i,j,ci,co] = sum_{n,y,x} X[n, y*s+i-pt, x*s+j-pl, ci] * dY[n,y,x,co]
//     = Conv2D(input = X^T [Cin,H,W,N], filter = dY^T [Ho,Wo,N,Cout], dilation = stride)
//   input gradient (stride 1): dX = Conv2D(dY, reverse_hw(W) with in/out channels swapped),
//     padded by (k - 1 - pad).
// Strided input gradients keep the stock kernel (it handles the zero-insertion).

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

function requireNhwc(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports only NHWC (channelsLast) data; got ${String(dataFormat)}`)
  }
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo }
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: number | [number, number]
    pad: backend_util.PadInfo['type'] | number | backend_util.ExplicitPadding
    dataFormat: string
    dimRoundingMode?: 'floor' | 'round' | 'ceil'
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
  const dW = run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: [info.strideHeight, info.strideWidth],
  } as unknown as NamedAttrMap)
  const out = run('Transpose', { x: dW }, { perm: [1, 2, 0, 3] })
  dispose(...temps, xT, dyT, dW)
  return out
}

function conv2DBackpropInputVia(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs, backend } = args
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo }
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
      strides: number | [number, number]
      pad: backend_util.PadInfo['type'] | number | backend_util.ExplicitPadding
      dataFormat: string
      dimRoundingMode?: 'floor' | 'round' | 'ceil'
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
    const dx = run('Conv2D', { x: dy, filter: swapped }, {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    } as unknown as NamedAttrMap)
    dispose(flipped, swapped)
    return dx
  }
}

let registered = false

/**
 * Registers the two conv-gradient kernels on the wasm backend (idempotent). Call after
 * importing `@tensorflow/tfjs-backend-wasm`, before training a model with Conv2D layers.
 */
export function registerWasmConvGradients(): void {
  if (registered) return
  const stockInput = getKernel('Conv2DBackpropInput', BACKEND)
  if (!stockInput) throw new Error('the wasm backend is not loaded: import @tensorflow/tfjs-backend-wasm first')
  if (getKernel('Conv2DBackpropFilter', BACKEND)) unregisterKernel('Conv2DBackpropFilter', BACKEND)
  registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2DBackpropFilter } as KernelConfig)
  unregisterKernel('Conv2DBackpropInput', BACKEND)
  registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: BACKEND,
    setupFunc: stockInput.setupFunc,
    kernelFunc: conv2DBackpropInputVia(stockInput.kernelFunc),
  } as KernelConfig)
  registered = true
}
