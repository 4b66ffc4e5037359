/** Where a wasm backend finds `tfjs-backend-wasm*.wasm`: a folder URL ending in `/`, or a map file → URL. */
export type WasmPaths = string | Record<string, string>;

/**
 * Name of the global the `nophdWasm()` Vite plugin sets (in a tiny inline script in index.html)
 * to the URL of the folder it serves and emits the .wasm files into.
 */
export const WASM_PATHS_GLOBAL = '__NOPHD_WASM_PATHS__';

/** The .wasm files tfjs-backend-wasm may load; which one depends on SIMD and threads. */
export const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** The wasm paths to use: the explicit option, else the one the Vite plugin published, else none. */
export function resolveWasmPaths(option: WasmPaths | undefined): WasmPaths | undefined {
  if (option !== undefined) return option;
  const published = (globalThis as Record<string, unknown>)[WASM_PATHS_GLOBAL];
  return typeof published === 'string' || (typeof published === 'object' && published !== null)
    ? (published as WasmPaths)
    : undefined;
}
