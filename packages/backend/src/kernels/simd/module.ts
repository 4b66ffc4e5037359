/**
 * nophd's SIMD kernel module (assembly/kernels.ts), instantiated on the wasm backend's own memory so its
 * functions read and write tensors where tfjs-backend-wasm keeps them. One instance per memory: the
 * ordinary SIMD build and the threaded build (shared memory) each get the module built for them.
 */
import type { BackendWasm } from '../wasm_heap.js';
import { SIMD_KERNELS_SHARED_WASM, SIMD_KERNELS_WASM } from './binaries.generated.js';

/** The module's exports; pointers are byte offsets into the backend's memory, sums are float64. */
export interface SimdKernels {
  sumRows(x: number, rows: number, c: number, acc: number, total: number): void;
  sumSquaredDeviations(x: number, rows: number, c: number, mean: number, acc: number, total: number): void;
  sumGradientProducts(dy: number, x: number, rows: number, c: number, mean: number, acc: number, dySum: number, dyXSum: number): void;
  scaleShift(x: number, rows: number, c: number, a: number, b: number, y: number): void;
  addRowVector(x: number, rows: number, c: number, v: number, y: number): void;
  normalizeGradient(dy: number, x: number, rows: number, c: number, mean: number, a: number, b: number, k: number, dx: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  swapBatchAndChannels(x: number, batch: number, height: number, width: number, c: number, h: number, w: number, dst: number): void;
  copyBlocks(src: number, srcOuter: number, srcStep: number, dst: number, dstOuter: number, dstStep: number, outer: number, count: number, width: number): void;
  padImages(x: number, batch: number, h: number, w: number, top: number, left: number, hp: number, wp: number, dst: number): void;
  oneChannelFilterGradient(
    frames: number, batch: number, hp: number, wp: number, dy: number, oh: number, ow: number, co: number,
    stride: number, kh: number, kw: number, dw: number,
  ): void;
  oneChannelConv(
    frames: number, batch: number, hp: number, wp: number, w: number, kh: number, kw: number, co: number,
    stride: number, oh: number, ow: number, y: number,
  ): void;
  adamUpdate(
    w: number, m: number, v: number, g: number, n: number,
    wOut: number, mOut: number, vOut: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number,
    oneMinusPower1: number, oneMinusPower2: number, epsilon: number, negativeRate: number,
  ): void;
}

const compiled = new Map<string, WebAssembly.Module>();
const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

function moduleFrom(base64: string): WebAssembly.Module {
  let module = compiled.get(base64);
  if (module == null) {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    // Synchronous, because kernels are: the module is about 3.5 KB, far below what browsers compile
    // synchronously on a page's main thread.
    module = new WebAssembly.Module(bytes);
    compiled.set(base64, module);
  }
  return module;
}

/** The backend's WebAssembly.Memory: exported by the SIMD build, handed to Module by the threaded one. */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const wasm = backend.wasm as unknown as { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  const memory = wasm.wasmMemory ?? wasm.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** The kernels on this backend's memory, or an error that says why there are none. */
export function simdKernels(backend: BackendWasm): SimdKernels {
  const memory = backendMemory(backend);
  if (memory == null) {
    throw new Error(
      "nophd's fused wasm kernels cannot reach the wasm backend's memory (neither Module.wasmMemory nor Module.asm.memory is " +
        'a WebAssembly.Memory): this @tensorflow/tfjs-backend-wasm is not the 4.x these kernels were built for. Use 4.22, or ' +
        'train on another backend.',
    );
  }
  let kernels = instances.get(memory);
  if (kernels == null) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new WebAssembly.Instance(moduleFrom(shared ? SIMD_KERNELS_SHARED_WASM : SIMD_KERNELS_WASM), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}
