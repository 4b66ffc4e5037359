import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_FILE_NAMES, MnistDataMissingError, MnistFormatError, MnistIntegrityError, MnistOptionError,
  embeddedMnistFiles, loadMnist, type MnistData, type MnistFileKey,
} from '../src/node.js';
import {
  FIRST_5000_CLASS_COUNTS, TEST_CLASS_COUNTS, TRAIN_CLASS_COUNTS, idxImages, realFile, sameBytes, smallMnist, withCount,
} from './helpers.js';

const KEYS: MnistFileKey[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];
let tmp: string;
let data: MnistData;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mnist-data-test-'));
  data = await loadMnist();
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeDir(name: string, files: Partial<Record<MnistFileKey, Uint8Array>>, suffix = ''): Promise<string> {
  const dir = join(tmp, name);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  for (const key of KEYS) {
    const bytes = files[key];
    if (bytes) await writeFile(join(dir, MNIST_FILE_NAMES[key] + suffix), bytes);
  }
  return dir;
}

describe('embedded MNIST', () => {
  it('has the known facts of real MNIST', () => {
    expect(data.verified).toBe(true);
    expect(data.source).toContain('embedded mnist-data');
    expect([data.train.size, data.validation.size, data.test.size]).toEqual([55000, 5000, 10000]);
    // Validation is the first 5000 training images (TensorFlow tutorials), so it starts with the famous 5.
    expect(data.validation.labels[0]).toBe(5);
    expect(data.test.labels[0]).toBe(7);
    expect(data.test.classCounts()).toEqual(TEST_CLASS_COUNTS);
    expect(data.validation.classCounts()).toEqual(FIRST_5000_CLASS_COUNTS);
    const all = data.train.classCounts().map((n, digit) => n + data.validation.classCounts()[digit]);
    expect(all).toEqual(TRAIN_CLASS_COUNTS);
    expect(data.train.labels[0]).toBe(realFile('trainLabels')[8 + 5000]);
  });

  it('scales pixels to pixel/255 in [0, 1]', () => {
    const raw = realFile('testImages').subarray(16);
    const images = data.test.images;
    expect(images.length).toBe(10000 * 784);
    let min = Infinity;
    let max = -Infinity;
    let mismatches = 0;
    for (let i = 0; i < images.length; i++) {
      if (images[i] !== Math.fround(raw[i] / 255)) mismatches++;
      if (images[i] < min) min = images[i];
      if (images[i] > max) max = images[i];
    }
    expect(mismatches).toBe(0);
    expect([min, max]).toEqual([0, 1]);
    expect(data.test.image(3)).toEqual(images.subarray(3 * 784, 4 * 784));
  });

  it('keeps train and validation as views of one training buffer (no copies)', () => {
    expect(data.train.images.buffer).toBe(data.validation.images.buffer);
    expect(data.train.images.buffer.byteLength).toBe(60000 * 784 * 4);
    expect(data.train.labels.buffer).toBe(data.validation.labels.buffer);
  });

  it('points embeddedMnistFiles() at the four original files', async () => {
    const paths = embeddedMnistFiles();
    for (const key of KEYS) expect(paths[key].endsWith(MNIST_FILE_NAMES[key])).toBe(true);
    expect((await readFile(paths.testLabels)).length).toBe(10008);
  });
});

describe('subsets and seeds', () => {
  it('takes the subsets asked for, in file order without a seed', async () => {
    const small = await loadMnist({ validationSize: 100, trainSize: 300, testSize: 20 });
    expect([small.train.size, small.validation.size, small.test.size]).toEqual([300, 100, 20]);
    expect(small.validation.labels).toEqual(data.validation.labels.subarray(0, 100));
    expect(small.train.labels).toEqual(realFile('trainLabels').subarray(8 + 100, 8 + 400));
    expect(sameBytes(small.test.images, data.test.images.subarray(0, 20 * 784))).toBe(true);
  });

  it('shuffles the files deterministically with a seed, without overlap between train and validation', async () => {
    const a = await loadMnist({ seed: 42, validationSize: 1000, trainSize: 59000, testSize: 500, verify: false });
    const b = await loadMnist({ seed: 42, validationSize: 1000, trainSize: 59000, testSize: 500, verify: false });
    const c = await loadMnist({ seed: 43, validationSize: 1000, trainSize: 0, testSize: 0, verify: false });
    expect(sameBytes(a.validation.images, b.validation.images)).toBe(true);
    expect(sameBytes(a.test.labels, b.test.labels)).toBe(true);
    expect(sameBytes(a.validation.labels, c.validation.labels)).toBe(false);
    // All 60000 used once: the class counts of both splits add up to the whole training file.
    const all = a.train.classCounts().map((n, digit) => n + a.validation.classCounts()[digit]);
    expect(all).toEqual(TRAIN_CLASS_COUNTS);
    expect(a.validation.classCounts()).not.toEqual(FIRST_5000_CLASS_COUNTS.map((n) => n / 5));
  });

  it('rejects sizes that do not fit', async () => {
    await expect(loadMnist({ validationSize: 5000, trainSize: 55001 })).rejects.toThrow(MnistOptionError);
    await expect(loadMnist({ validationSize: 5000, trainSize: 55001 })).rejects.toThrow(/trainSize: must be an integer from 0 to 55000, got 55001/);
    await expect(loadMnist({ testSize: -1 })).rejects.toThrow(/testSize/);
    await expect(loadMnist({ validationSize: 1.5 })).rejects.toThrow(/validationSize/);
    await expect(loadMnist({ dir: tmp, baseUrl: 'http://x/' })).rejects.toThrow(/both given/);
  });
});

describe('directories of IDX files', () => {
  it('loads gzipped copies of the whole dataset to the same data', async () => {
    const gz = Object.fromEntries(KEYS.map((k) => [k, new Uint8Array(gzipSync(realFile(k), { level: 1 }))]));
    const dir = await writeDir('gz', gz, '.gz');
    const fromGz = await loadMnist({ dir });
    expect(fromGz.verified).toBe(false);
    expect(fromGz.source).toBe(dir);
    for (const split of ['train', 'validation', 'test'] as const) {
      expect(sameBytes(fromGz[split].images, data[split].images)).toBe(true);
      expect(sameBytes(fromGz[split].labels, data[split].labels)).toBe(true);
    }
    // The SHA-256 check applies to the decompressed bytes.
    expect((await loadMnist({ dir, verify: true, trainSize: 10 })).verified).toBe(true);
  });

  it('says which files a directory lacks and how to fix it', async () => {
    const files = smallMnist();
    const dir = await writeDir('missing', { ...files, testLabels: undefined });
    const error = await loadMnist({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MnistDataMissingError);
    expect((error as MnistDataMissingError).missing).toEqual(['t10k-labels-idx1-ubyte']);
    expect((error as Error).message).toMatch(/lacks t10k-labels-idx1-ubyte \(or t10k-labels-idx1-ubyte\.gz\); found there: .*train-images-idx3-ubyte.*leave out dir/);
    await expect(loadMnist({ dir: join(tmp, 'nope') })).rejects.toThrow(/cannot be read/);
  });

  it('loads a small valid directory', async () => {
    const small = await loadMnist({ dir: await writeDir('small', smallMnist(100, 50)), validationSize: 10 });
    expect([small.train.size, small.validation.size, small.test.size]).toEqual([90, 10, 50]);
    expect(small.test.labels[0]).toBe(7);
  });

  describe('rejects each corrupt input without returning data', () => {
    const cases: [string, () => Partial<Record<MnistFileKey, Uint8Array>>, RegExp][] = [
      ['wrong magic', () => {
        const bad = smallMnist().trainImages.slice();
        bad[3] = 0x01; // 2051 → 2049
        return { trainImages: bad };
      }, /train-images-idx3-ubyte: expected an IDX image file with 3 dimensions \(magic 2051\), found 1 dimension \(magic 2049\)/],
      ['truncated', () => ({ testImages: smallMnist().testImages.subarray(0, 16 + 49 * 784 + 100) }),
        /t10k-images-idx3-ubyte: expected 39216 bytes .* found 38532 bytes — the file is truncated/],
      ['count mismatch', () => ({ trainLabels: smallMnist(99).trainLabels }),
        /train-images-idx3-ubyte \+ \S*\/train-labels-idx1-ubyte: expected as many labels as images, found 100 images and 99 labels/],
      ['wrong dims', () => ({ testImages: idxImages(50, 28, 27) }),
        /t10k-images-idx3-ubyte: expected 28×28 images, found 28×27 images/],
      ['label > 9', () => {
        const bad = smallMnist().trainLabels.slice();
        bad[8 + 42] = 10;
        return { trainLabels: bad };
      }, /train-labels-idx1-ubyte: expected labels 0–9, found label 10 at index 42/],
    ];
    for (const [name, damage, message] of cases) {
      it(name, async () => {
        const dir = await writeDir(name.replace(/\W/g, '-'), { ...smallMnist(), ...damage() });
        const error = await loadMnist({ dir }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MnistFormatError);
        expect((error as Error).message).toMatch(message);
        // The message names the copy to replace: the file's full path, not only its MNIST name.
        expect((error as MnistFormatError).fileName.startsWith(dir)).toBe(true);
      });
    }

    it('truncated gzip', async () => {
      const files = smallMnist();
      const dir = await writeDir('bad-gz', { ...files, trainImages: undefined });
      const gz = gzipSync(files.trainImages);
      await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gz.subarray(0, gz.length - 20));
      await expect(loadMnist({ dir })).rejects.toThrow(/train-images-idx3-ubyte\.gz: expected a complete gzip stream, found a broken one/);
    });
  });
});

describe('integrity check', () => {
  it('accepts original copies and rejects a file with one flipped byte', async () => {
    const dir = join(tmp, 'altered');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    const paths = embeddedMnistFiles();
    await Promise.all(KEYS.map((k) => copyFile(paths[k], join(dir, MNIST_FILE_NAMES[k]))));
    expect((await loadMnist({ dir, verify: true, trainSize: 0, testSize: 0 })).verified).toBe(true);

    const altered = realFile('testImages');
    altered[16 + 5 * 784 + 400] ^= 0xff; // a pixel: the file still parses
    await writeFile(join(dir, MNIST_FILE_NAMES.testImages), altered);
    const error = await loadMnist({ dir, verify: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MnistIntegrityError);
    const integrity = error as MnistIntegrityError;
    expect(integrity.fileName).toBe('t10k-images-idx3-ubyte');
    expect(integrity.expectedSha256).toBe('0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7');
    expect(integrity.foundSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(integrity.foundSha256).not.toBe(integrity.expectedSha256);
    expect(integrity.message).toMatch(/is not the original MNIST file: expected SHA-256 0fa7.*verify: false/);

    // Without the check (the default for dir) the altered pixel comes through.
    const unchecked = await loadMnist({ dir });
    expect(unchecked.test.images[5 * 784 + 400]).not.toBe(data.test.images[5 * 784 + 400]);
  });
});
