import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { MnistFormatError, parseIdxImages, parseIdxLabels } from '../src/node.js';
import { idxImages, idxLabels, realFile } from './helpers.js';

describe('parseIdxImages', () => {
  it('reads the real training file header and pixels without copying', () => {
    const bytes = realFile('trainImages');
    const { count, rows, cols, pixels } = parseIdxImages(bytes, 'train-images-idx3-ubyte');
    expect([count, rows, cols]).toEqual([60000, 28, 28]);
    expect(pixels.length).toBe(60000 * 784);
    expect(pixels.buffer).toBe(bytes.buffer);
    expect(pixels.byteOffset).toBe(bytes.byteOffset + 16);
    // Real digits: 0 background, 255 full ink, something in between.
    expect(Math.max(...pixels.subarray(0, 784))).toBe(255);
    expect(pixels[0]).toBe(0);
  });

  it('works on a view with a byte offset', () => {
    const file = idxImages(2, 28, 28, new Uint8Array(2 * 784).fill(9));
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    const parsed = parseIdxImages(padded.subarray(3), 'x');
    expect(parsed.count).toBe(2);
    expect(parsed.pixels.every((p) => p === 9)).toBe(true);
  });

  it('rejects a label file, naming what it expected and found', () => {
    const error = catchError(() => parseIdxImages(idxLabels([1, 2, 3]), 'train-images-idx3-ubyte'));
    expect(error).toBeInstanceOf(MnistFormatError);
    expect(error.fileName).toBe('train-images-idx3-ubyte');
    expect(error.expected).toContain('3 dimensions (magic 2051)');
    expect(error.found).toContain('1 dimension (magic 2049)');
    expect(error.message).toContain('looks like a label file');
  });

  it('rejects a wrong magic number', () => {
    const bytes = idxImages(1, 28, 28);
    new DataView(bytes.buffer).setUint32(0, 0x12345678);
    expect(() => parseIdxImages(bytes, 'img')).toThrow(/img: expected an IDX image file \(magic number 2051\), found magic number 305419896/);
  });

  it('rejects gzip bytes with a hint to decompress', () => {
    expect(() => parseIdxImages(new Uint8Array(gzipSync(idxImages(1, 28, 28))), 'img.gz')).toThrow(/gzip-compressed data.*Decompress/);
  });

  it('rejects a truncated file', () => {
    const bytes = idxImages(3, 28, 28).subarray(0, 16 + 2 * 784 + 5);
    const error = catchError(() => parseIdxImages(bytes, 'img'));
    expect(error).toBeInstanceOf(MnistFormatError);
    expect(error.expected).toBe('2368 bytes (16-byte header + 3 images × 28×28 pixels)');
    expect(error.found).toBe('1589 bytes — the file is truncated');
  });

  it('rejects a truncated header and extra bytes', () => {
    expect(() => parseIdxImages(idxImages(1, 28, 28).subarray(0, 10), "img")).toThrow(/16-byte header, found only 10 bytes/);
    expect(() => parseIdxImages(new Uint8Array(2), "img")).toThrow(/found only 2 bytes/);
    const bytes = new Uint8Array(16 + 784 + 1);
    bytes.set(idxImages(1, 28, 28));
    expect(() => parseIdxImages(bytes, 'img')).toThrow(/extra bytes after the data/);
  });

  it('rejects non-bytes', () => {
    expect(() => parseIdxImages([1, 2, 3] as unknown as Uint8Array)).toThrow(/images: expected a Uint8Array of file bytes, found Array/);
  });
});

describe('parseIdxLabels', () => {
  it('reads the real label files', () => {
    const train = parseIdxLabels(realFile('trainLabels'));
    const test = parseIdxLabels(realFile('testLabels'));
    expect(train.count).toBe(60000);
    expect(test.count).toBe(10000);
    expect(train.labels[0]).toBe(5);
    expect(test.labels[0]).toBe(7);
  });

  it('rejects an image file and a truncated file', () => {
    expect(() => parseIdxLabels(idxImages(1, 28, 28), 'lab')).toThrow(MnistFormatError);
    expect(() => parseIdxLabels(idxImages(1, 28, 28), 'lab')).toThrow(/looks like an image file/);
    expect(() => parseIdxLabels(idxLabels([1, 2, 3]).subarray(0, 10), 'lab')).toThrow(/expected 11 bytes .* found 10 bytes — the file is truncated/);
  });
});

function catchError(f: () => unknown): MnistFormatError {
  try {
    f();
  } catch (error) {
    return error as MnistFormatError;
  }
  throw new Error('expected an error');
}
