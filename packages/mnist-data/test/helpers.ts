import { readFileSync } from 'node:fs';
import { embeddedMnistFiles, type MnistFileKey } from '../src/node.js';

/** Class counts of real MNIST, checked against the files (label histogram of each label file). */
export const TRAIN_CLASS_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
export const TEST_CLASS_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
/** Labels of the first 5000 training images: the default validation split. */
export const FIRST_5000_CLASS_COUNTS = [479, 563, 488, 493, 535, 434, 501, 550, 462, 495];

const cache = new Map<MnistFileKey, Uint8Array>();

/** A fresh copy of one embedded file's bytes (read once per test file). */
export function realFile(key: MnistFileKey): Uint8Array {
  if (!cache.has(key)) cache.set(key, new Uint8Array(readFileSync(embeddedMnistFiles()[key])));
  return cache.get(key)!.slice();
}

/** An IDX3 image file with the given header fields. */
export function idxImages(count: number, rows: number, cols: number, pixels?: Uint8Array, magic = 2051): Uint8Array {
  const bytes = new Uint8Array(16 + count * rows * cols);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  view.setUint32(4, count);
  view.setUint32(8, rows);
  view.setUint32(12, cols);
  if (pixels) bytes.set(pixels.subarray(0, count * rows * cols), 16);
  return bytes;
}

/** An IDX1 label file. */
export function idxLabels(labels: ArrayLike<number>, magic = 2049): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

/** The first `train` training and `test` test examples of real MNIST as four IDX files. */
export function smallMnist(train = 100, test = 50): Record<MnistFileKey, Uint8Array> {
  return {
    trainImages: withCount(realFile('trainImages').subarray(0, 16 + train * 784), train),
    trainLabels: withCount(realFile('trainLabels').subarray(0, 8 + train), train),
    testImages: withCount(realFile('testImages').subarray(0, 16 + test * 784), test),
    testLabels: withCount(realFile('testLabels').subarray(0, 8 + test), test),
  };
}

/** Fixes the count fields of a sliced IDX file. */
export function withCount(bytes: Uint8Array, count: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(4, count);
  return copy;
}

/** Byte-for-byte equality of two typed arrays, fast enough for 188 MB. */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
