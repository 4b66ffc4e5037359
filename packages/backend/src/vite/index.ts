import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { WASM_FILES, WASM_PATHS_GLOBAL } from '../select/wasm-paths.js';

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

/** The folder of @tensorflow/tfjs-backend-wasm's .wasm files, as the app resolves it (else as we do). */
function findWasmFolder(root: string): string {
  const from = [join(root, 'package.json'), import.meta.url];
  for (const origin of from) {
    try {
      return join(dirname(createRequire(origin).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    } catch {
      // try the next origin
    }
  }
  throw new Error(
    `nophdWasm(): cannot find @tensorflow/tfjs-backend-wasm from ${root}. Install it next to @nophd/backend: ` +
      `pnpm add @tensorflow/tfjs-backend-wasm@4.22.0`,
  );
}

/** The wasm folder's URL prefix as the page should see it: absolute bases as is, relative ones from the document. */
function publicPrefix(base: string, dir: string): string {
  const relative = base === '' || base === './' || base.startsWith('./');
  return `${relative ? './' : base.endsWith('/') ? base : `${base}/`}${dir}/`;
}

/**
 * Vite plugin that makes `selectBackend()` find tfjs-backend-wasm's .wasm files without
 * `setWasmPaths`: it serves them in `vite dev`, emits them into the build under `dir/`, and tells the
 * page where they are (a one-line script in index.html). By default it also sends the COOP/COEP
 * headers that enable threaded wasm in dev and preview.
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
  let folder: string;
  const isolationHeaders = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };

  return {
    name: 'nophd-wasm',
    config() {
      return isolation ? { server: { headers: isolationHeaders }, preview: { headers: isolationHeaders } } : {};
    },
    configResolved(resolved) {
      config = resolved;
      folder = findWasmFolder(resolved.root);
    },
    configureServer(server) {
      const pattern = new RegExp(`/${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/([\\w.-]+\\.wasm)$`);
      server.middlewares.use((req, res, next) => {
        const file = pattern.exec((req.url ?? '').split('?')[0]!)?.[1];
        if (!file || !(WASM_FILES as readonly string[]).includes(file)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        if (isolation) res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        res.end(readFileSync(join(folder, file)));
      });
    },
    generateBundle() {
      if (config.build.ssr) return;
      for (const file of WASM_FILES) {
        this.emitFile({ type: 'asset', fileName: `${dir}/${file}`, source: readFileSync(join(folder, file)) });
      }
    },
    transformIndexHtml() {
      const prefix = JSON.stringify(publicPrefix(config.base, dir));
      return [
        {
          tag: 'script',
          children: `globalThis.${WASM_PATHS_GLOBAL} = new URL(${prefix}, document.baseURI).href;`,
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}
