/** Where a wasm backend finds `tfjs-backend-wasm*.wasm`: a folder URL ending in `/`, or a map file → URL. */
export type WasmPaths = string | Record<string, string>;

/** The .wasm files tfjs-backend-wasm may load; which one depends on SIMD and threads. */
export const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/**
 * The threaded build's Emscripten script, loaded by every pthread worker with `importScripts`.
 * Served as a file so that workers never evaluate a stringified copy of the bundled factory
 * (which minifiers break) and never need `blob:` in `script-src`.
 */
export const THREADED_MAIN_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

/** Every file a browser app serves next to each other for the wasm backend. */
export const WASM_ASSET_FILES = [...WASM_FILES, THREADED_MAIN_SCRIPT] as const;

/**
 * The folder the `nophdWasm()` Vite plugin emitted the files into, as a build-time constant.
 * The plugin `define`s this exact expression, so it reaches the bundle with no inline script; it is
 * `undefined` in any other build.
 */
function bundledWasmFolder(): string | undefined {
  const value = (globalThis as { __NOPHD_WASM_PATHS__?: unknown }).__NOPHD_WASM_PATHS__;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function absolute(url: string): string {
  const base = typeof document !== 'undefined' ? document.baseURI : undefined;
  return base === undefined ? url : new URL(url, base).href;
}

/**
 * The wasm paths to use: the explicit option, else the folder the Vite plugin put into the bundle,
 * else none. In a page, relative URLs are made absolute against the document, because pthread
 * workers (started from `blob:` URLs) cannot resolve relative ones.
 */
export function resolveWasmPaths(option: WasmPaths | undefined): WasmPaths | undefined {
  const paths = option ?? bundledWasmFolder();
  if (paths === undefined) return undefined;
  if (typeof paths === 'string') return absolute(paths.endsWith('/') ? paths : `${paths}/`);
  return Object.fromEntries(Object.entries(paths).map(([file, url]) => [file, absolute(url)]));
}

/** The URL of one file under resolved wasm paths, or undefined when a map does not name it. */
export function wasmFileUrl(paths: WasmPaths, file: string): string | undefined {
  return typeof paths === 'string' ? paths + file : paths[file];
}
