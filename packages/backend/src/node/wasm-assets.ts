import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { THREADED_MAIN_SCRIPT, WASM_ASSET_FILES } from '../select/wasm-paths.js';

/** Thrown when @tensorflow/tfjs-backend-wasm cannot be found from the app. */
export class WasmAssetsNotFoundError extends Error {
  override name = 'WasmAssetsNotFoundError';
}

/**
 * The files a browser app serves for the wasm backend (the three `.wasm` binaries and the threaded
 * build's main script), as absolute paths in the installed @tensorflow/tfjs-backend-wasm, found
 * from `root` (the app) first, else from @nophd/backend itself.
 *
 * @example
 * const files = wasmAssetPaths(process.cwd());
 * files['tfjs-backend-wasm-simd.wasm']; // '/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/…'
 */
export function wasmAssetPaths(root: string): Record<(typeof WASM_ASSET_FILES)[number], string> {
  for (const origin of [join(root, 'package.json'), import.meta.url]) {
    let packageDir: string;
    try {
      packageDir = dirname(createRequire(origin).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    } catch {
      continue; // try the next origin
    }
    return Object.fromEntries(
      WASM_ASSET_FILES.map((file) => [file, join(packageDir, file === THREADED_MAIN_SCRIPT ? 'wasm-out' : 'dist', file)]),
    ) as Record<(typeof WASM_ASSET_FILES)[number], string>;
  }
  throw new WasmAssetsNotFoundError(
    `Cannot find @tensorflow/tfjs-backend-wasm from ${root}. Install it next to @nophd/backend: ` +
      `npm install @tensorflow/tfjs-backend-wasm@4.22.0`,
  );
}

/**
 * Copies the wasm backend's browser files into `dir` (created if needed), for bundlers without the
 * Vite plugin; pass that folder's URL as `selectBackend({ wasmPaths })`. Returns the files written.
 *
 * @example
 * copyWasmAssets('dist/nophd-wasm', process.cwd());
 * // then in the page: selectBackend({ wasmPaths: new URL('nophd-wasm/', document.baseURI).href })
 */
export function copyWasmAssets(dir: string, root: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(wasmAssetPaths(root)).map(([file, source]) => {
    const target = join(dir, file);
    copyFileSync(source, target);
    return target;
  });
}
