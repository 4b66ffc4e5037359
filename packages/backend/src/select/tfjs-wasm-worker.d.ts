// tfjs-backend-wasm ships no types for its pthread worker's source, a CommonJS module exporting one string.
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
