/**
 * The embedded MNIST files as bytes to hand out: plain, or gzipped for the web (about 11 MB instead of 55 MB).
 * Shared by the Vite plugin and the `nophd-mnist copy` command, so both write exactly the same files.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { isGzip } from './files.js';
import type { MnistFilePaths } from './shared.js';

/** One MNIST file as it is served or written: its original name (plus `.gz`) and its bytes. */
export interface MnistFileCopy {
  fileName: string;
  bytes: Buffer;
}

/** The original file name of a path, without any `.gz` (the browser loader asks for these names). */
export function originalName(path: string): string {
  return basename(path).replace(/\.gz$/, '');
}

/** A file's bytes, uncompressed whether it is stored plain or gzipped. */
export function plainBytes(path: string): Buffer {
  const raw = readFileSync(path);
  return isGzip(raw) ? gunzipSync(raw) : raw;
}

/** A file's bytes gzipped (level 6: 1.1 s for all four, within 2% of level 9's size). */
export function gzippedBytes(path: string): Buffer {
  const raw = readFileSync(path);
  return isGzip(raw) ? raw : gzipSync(raw, { level: 6 });
}

/** The four files under the names `loadMnist({ baseUrl, gzip })` requests. */
export function mnistFileCopies(paths: MnistFilePaths, gzip: boolean): MnistFileCopy[] {
  return Object.values(paths).map((path) => ({
    fileName: gzip ? `${originalName(path)}.gz` : originalName(path),
    bytes: gzip ? gzippedBytes(path) : plainBytes(path),
  }));
}

/** Lines in `sha256sum` format, so `sha256sum -c SHA256SUMS` checks the copies where they were written. */
export function sha256Sums(copies: readonly MnistFileCopy[]): string {
  return copies.map(({ fileName, bytes }) => `${createHash('sha256').update(bytes).digest('hex')}  ${fileName}\n`).join('');
}
