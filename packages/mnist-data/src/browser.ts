/**
 * Browser entry of @nophd/mnist-data: the files are fetched from `baseUrl`.
 * Same API as the Node entry, so one import works in both.
 */
import type { MnistData } from './assemble.js';
import { MnistOptionError } from './errors.js';
import { checkLoadOptions } from './check-options.js';
import { loadMnistFromUrl } from './fetch-loader.js';
import type { LoadMnistOptions } from './options.js';
import type { MnistFilePaths } from './shared.js';

export * from './shared.js';

/**
 * Loads MNIST over HTTP: fetches the four IDX files from `baseUrl` (plain, or `.gz` with `gzip: true`),
 * reports progress, optionally keeps them in the Cache API, checks and parses them.
 *
 * @example
 * const data = await loadMnist({ baseUrl: '/mnist/', cache: true, onProgress: (p) => console.log(p.file, p.loaded, p.total) });
 * console.log(data.train.size, data.validation.size, data.test.size); // 55000 5000 10000
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  checkLoadOptions(options);
  if (options.dir !== undefined) {
    throw new MnistOptionError('dir', 'reading a directory works in Node only',
      "In the browser, serve the files and pass { baseUrl: '/mnist/' }.");
  }
  return loadMnistFromUrl(options);
}

/**
 * Node only; in the browser this throws. Serve the files and use `loadMnist({ baseUrl })` instead.
 *
 * @example
 * embeddedMnistFiles(); // throws MnistOptionError in the browser
 */
export function embeddedMnistFiles(): MnistFilePaths {
  throw new MnistOptionError('embeddedMnistFiles()', 'works in Node only',
    "In the browser, serve the files (the web example serves these paths) and call loadMnist({ baseUrl: '/mnist/' }).");
}
