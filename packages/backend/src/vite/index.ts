import { readFileSync } from 'node:fs';
import type { Plugin, ResolvedConfig } from 'vite';
import { wasmAssetPaths } from '../node/wasm-assets.js';
import { THREADED_MAIN_SCRIPT, WASM_ASSET_FILES } from '../select/wasm-paths.js';

/** Options of {@link nophdWasm}. */
export interface NophdWasmOptions {
  /** Folder, under Vite's `base`, that serves and receives the .wasm files (default `'nophd-wasm'`). */
  dir?: string;
  /**
   * Send `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`
   * from `vite dev` and `vite preview`, so the page is cross-origin isolated and wasm runs threaded
   * (default `true`). Your production server must send them too. With `require-corp`, cross-origin
   * images, fonts and scripts load only if their server sends `Cross-Origin-Resource-Policy`.
   */
  crossOriginIsolation?: boolean;
}

/** The wasm folder's URL prefix as the page should see it: absolute bases as is, relative ones from the document. */
function publicPrefix(base: string, dir: string): string {
  const relative = base === '' || base === './' || base.startsWith('./');
  return `${relative ? './' : base.endsWith('/') ? base : `${base}/`}${dir}/`;
}

/** The constant in @nophd/backend's code that the plugin replaces with the folder's URL. */
const WASM_FOLDER_CONSTANT = 'globalThis.__NOPHD_WASM_PATHS__';

function contentType(file: string): string {
  return file === THREADED_MAIN_SCRIPT ? 'text/javascript' : 'application/wasm';
}

/**
 * Vite plugin that makes `selectBackend()` find tfjs-backend-wasm's files without `wasmPaths`: it
 * serves them in `vite dev`, emits them into the build under `dir/`, and writes their folder into
 * the bundle as a constant (`define`), so the page needs no inline script and works under a strict
 * Content-Security-Policy. By default it also sends the COOP/COEP headers that enable threaded
 * wasm in dev and preview.
 *
 * @example
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { nophdWasm } from '@nophd/backend/vite';
 *
 * export default defineConfig({ plugins: [nophdWasm()] });
 */
export function nophdWasm(options: NophdWasmOptions = {}): Plugin {
  const dir = (options.dir ?? 'nophd-wasm').replace(/^\/+|\/+$/g, '');
  const isolation = options.crossOriginIsolation ?? true;
  let config: ResolvedConfig;
  let files: Record<string, string>;
  const isolationHeaders = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };

  return {
    name: 'nophd-wasm',
    config(user) {
      const define = { [WASM_FOLDER_CONSTANT]: JSON.stringify(publicPrefix(user.base ?? '/', dir)) };
      return isolation
        ? { define, server: { headers: isolationHeaders }, preview: { headers: isolationHeaders } }
        : { define };
    },
    configResolved(resolved) {
      config = resolved;
      files = wasmAssetPaths(resolved.root);
    },
    configureServer(server) {
      const pattern = new RegExp(`/${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([\\w.-]+)$`);
      server.middlewares.use((req, res, next) => {
        const file = pattern.exec((req.url ?? '').split('?')[0]!)?.[1];
        if (!file || files[file] === undefined) return next();
        res.setHeader('Content-Type', contentType(file));
        if (isolation) res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.end(readFileSync(files[file]!));
      });
    },
    generateBundle() {
      if (config.build.ssr) return;
      for (const file of WASM_ASSET_FILES) {
        this.emitFile({ type: 'asset', fileName: `${dir}/${file}`, source: readFileSync(files[file]!) });
      }
    },
  };
}
