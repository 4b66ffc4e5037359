import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Connect, Plugin } from 'vite';

/** Absolute paths of the four MNIST IDX files (as `embeddedMnistFiles()` of @nophd/mnist-data returns them). */
export interface MnistFilePaths {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/**
 * Serves the four MNIST IDX files under `/<route>/` in `vite dev` and writes them gzipped into the build,
 * so the page downloads real MNIST from its own origin (about 11 MB instead of 55 MB) with no network beyond it.
 * Both `name` and `name.gz` answer in dev, so the loader may ask for either.
 */
export function mnistFiles(files: MnistFilePaths, options: { route?: string } = {}): Plugin {
  const route = (options.route ?? 'mnist').replace(/^\/|\/$/g, '');
  const paths = new Map(Object.values(files).map((path) => [basename(path).replace(/\.gz$/, ''), path]));
  const gzipped = new Map<string, Buffer>();
  const gzipOf = (name: string): Buffer => {
    let bytes = gzipped.get(name);
    if (!bytes) {
      const raw = readFileSync(paths.get(name)!);
      bytes = paths.get(name)!.endsWith('.gz') ? raw : gzipSync(raw, { level: 6 });
      gzipped.set(name, bytes);
    }
    return bytes;
  };
  const plainOf = (name: string): Buffer => {
    const path = paths.get(name)!;
    return path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path);
  };

  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const requested = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '');
    const wantsGzip = requested.endsWith('.gz');
    const name = requested.replace(/\.gz$/, '');
    if (!paths.has(name)) return next();
    const body = wantsGzip ? gzipOf(name) : plainOf(name);
    res.setHeader('Content-Type', wantsGzip ? 'application/gzip' : 'application/octet-stream');
    res.setHeader('Content-Length', String(body.length));
    res.setHeader('Cache-Control', 'no-cache');
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  let base = '/';
  return {
    name: 'nophd-mnist-files',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
    },
    configureServer(server) {
      server.middlewares.use(`${base}${route}`, middleware);
    },
    generateBundle() {
      for (const name of paths.keys()) {
        this.emitFile({ type: 'asset', fileName: `${route}/${name}.gz`, source: gzipOf(name) });
      }
    },
  };
}
