import type { BackendWasm } from '../wasm_heap.js';
import { simdKernels, type SimdKernels } from './module.js';

/** The SIMD kernels on this backend's memory, or an error that says why there are none. */
export function requireSimdKernels(backend: BackendWasm): SimdKernels {
  const kernels = simdKernels(backend);
  if (kernels == null) {
    throw new Error(
      "nophd's fused wasm kernels cannot reach the wasm backend's memory (neither Module.wasmMemory nor Module.asm.memory is " +
        'a WebAssembly.Memory): this @tensorflow/tfjs-backend-wasm is not the 4.x these kernels were built for. Use 4.22, or ' +
        'train on another backend.',
    );
  }
  return kernels;
}
