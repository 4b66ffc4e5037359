/** Float32 and Float64 views of the wasm backend's memory (take them after the last allocation: growth detaches them). */
import type { BackendWasm } from '../wasm_heap.js';

export interface HeapViews {
  f32: Float32Array;
  f64: Float64Array;
}

export function heapViews(backend: BackendWasm): HeapViews {
  const buffer = (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer;
  return { f32: new Float32Array(buffer), f64: new Float64Array(buffer) };
}
