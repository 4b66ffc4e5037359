import * as tf from '@tensorflow/tfjs-core';
import { checkSeed } from './check-options.js';
import { MnistOptionError } from './errors.js';
import { MNIST_CLASSES, MNIST_COLS, MNIST_PIXELS, MNIST_ROWS } from './files.js';
import { choose, createRandom, permutation, type Random } from './random.js';

/** 'flat' = [N, 784] for dense models; 'image' = [N, 28, 28, 1] for convolutional ones. */
export type MnistShape = 'flat' | 'image';

/** One batch: images and one-hot float32 labels [B, 10]. The caller owns (and disposes) both tensors. */
export interface MnistBatch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** Options of `split.batches()`: batch size, shuffling and tensor shape. */
export interface MnistBatchOptions {
  /** Examples per batch; the last batch of an epoch holds the remainder. */
  batchSize: number;
  /** Visit examples in a random order (default true); false keeps file order. */
  shuffle?: boolean;
  /** Seed of the shuffle; the same seed gives the same order. Default: a random seed. */
  seed?: number | string;
  /** Tensor layout of `xs` (default 'flat'). */
  shape?: MnistShape;
  /**
   * Which epoch of a seeded run this pass is (0-based). With a `seed`, the order is drawn from (seed, epoch)
   * alone, so any epoch can be produced on its own: a run resumed at epoch 3 sees exactly the batches an
   * uninterrupted one would. Without `epoch`, the order comes from the seed as before.
   */
  epoch?: number;
  /** Batches of this pass to leave out at the start (a run resumed in the middle of an epoch). Default 0. */
  skipBatches?: number;
}

/** Options of `split.dataset()`: those of `batches()` plus passes per iterator. */
export interface MnistDatasetOptions extends MnistBatchOptions {
  /** Passes over the split per `iterator()` call (default 1: `fitDataset` asks for a new iterator every epoch). */
  epochs?: number;
  /**
   * With a `seed`: the first epoch the dataset produces; epoch e is shuffled from (seed, e) exactly as
   * `batches({ seed, epoch: e })` is, so `dataset({ seed, firstEpoch: 3 })` continues a run stopped after epoch 3.
   */
  firstEpoch?: number;
}

/**
 * What `model.fitDataset` / `model.evaluateDataset` need from a dataset: `iterator()` and, for progress bars,
 * `size` = batches per iterator. Each `iterator()` call starts a new epoch with a new shuffle.
 */
export interface MnistBatchDataset {
  /** Batches per iterator (per epoch, with the default `epochs: 1`). */
  readonly size: number;
  /** Starts a new pass with a new shuffle; `next()` makes one batch's tensors at a time. */
  iterator(): Promise<{
    /** The next batch, or `done` after the last one. */
    next(): Promise<IteratorResult<MnistBatch, undefined>>;
  }>;
}

/** What `split.sample(n)` returns: n distinct examples, copied. */
export interface MnistSample {
  /** n × 784 floats in [0, 1], copied out of the split. */
  images: Float32Array;
  labels: Uint8Array;
  /** Position of each sampled example in the split. */
  indices: Uint32Array;
}

/** A set of MNIST examples (train, validation or test) stored as one Float32Array; nothing is copied per image. */
export interface MnistSplit {
  /** Number of examples. */
  readonly size: number;
  /** size × 784 pixel intensities, row-major per image, pixel/255 so 0 = background and 1 = full ink. Do not modify. */
  readonly images: Float32Array;
  /** size digit labels 0–9. */
  readonly labels: Uint8Array;
  /** The 784 pixels of example `index` (a view, not a copy). */
  image(index: number): Float32Array;
  /** Batches covering the split exactly once, as tensors the caller disposes. */
  batches(options: MnistBatchOptions): IterableIterator<MnistBatch>;
  /** A dataset for `model.fitDataset(split.dataset({ batchSize: 100 }), { epochs })`. */
  dataset(options: MnistDatasetOptions): MnistBatchDataset;
  /** A contiguous range (default: all) as one pair of tensors the caller disposes. */
  toTensors(options?: { shape?: MnistShape; start?: number; size?: number }): MnistBatch;
  /** n distinct random examples (seeded), copied out. */
  sample(n: number, seed?: number | string): MnistSample;
  /** How many examples of each digit 0–9. */
  classCounts(): number[];
}

/**
 * Wraps pixel floats and labels (e.g. your own 28×28 digits) in the {@link MnistSplit} API.
 * `images` must hold labels.length × 784 values in [0, 1]; both arrays are used as they are, not copied.
 *
 * @example
 * const mine = createMnistSplit(new Float32Array(2 * 784), Uint8Array.of(3, 8));
 * for (const { xs, ys } of mine.batches({ batchSize: 2 })) { model.predict(xs); xs.dispose(); ys.dispose(); }
 */
export function createMnistSplit(images: Float32Array, labels: Uint8Array): MnistSplit {
  if (!(images instanceof Float32Array) || !(labels instanceof Uint8Array)) {
    throw new MnistOptionError('createMnistSplit', 'expected (images: Float32Array, labels: Uint8Array)',
      'Pass pixel floats in [0, 1] and digit labels 0–9 as typed arrays.');
  }
  if (images.length !== labels.length * MNIST_PIXELS) {
    throw new MnistOptionError('createMnistSplit',
      `images has ${images.length} values but ${labels.length} labels need ${labels.length * MNIST_PIXELS} (784 each)`,
      'Pass one 28×28 image (784 floats) per label.');
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= MNIST_CLASSES) {
      throw new MnistOptionError('createMnistSplit', `labels[${i}] is ${labels[i]}, outside 0–9`,
        'MNIST labels are the digits 0–9.');
    }
  }
  return new Split(images, labels);
}

class Split implements MnistSplit {
  readonly size: number;

  constructor(readonly images: Float32Array, readonly labels: Uint8Array) {
    this.size = labels.length;
  }

  image(index: number): Float32Array {
    checkIndex('index', index, this.size);
    return this.images.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
  }

  batches(options: MnistBatchOptions): IterableIterator<MnistBatch> {
    const plan = batchPlan(options, this.size);
    const random = plan.shuffle ? createRandom(plan.seed, epochStream(plan.epoch)) : undefined;
    const order = random && permutation(this.size, random);
    return this.epoch(order, plan.batchSize, plan.shape, plan.skipBatches);
  }

  dataset(options: MnistDatasetOptions): MnistBatchDataset {
    const plan = batchPlan(options, this.size);
    const epochs = options.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new MnistOptionError('epochs', `must be a positive integer, got ${String(epochs)}`, 'Pass e.g. { epochs: 1 }.');
    }
    const firstEpoch = options.firstEpoch;
    if (firstEpoch !== undefined && (!Number.isInteger(firstEpoch) || firstEpoch < 0 || options.seed === undefined)) {
      throw new MnistOptionError('firstEpoch', `must be an integer ≥ 0 used with a seed, got ${String(firstEpoch)}${options.seed === undefined ? ' without a seed' : ''}`,
        'Pass e.g. { seed: 42, firstEpoch: 3 }: only a seeded order can be continued.');
    }
    // Without firstEpoch: one generator for the dataset's lifetime, every iterator() call draws the next
    // epoch's shuffle. With it: each epoch's order from (seed, epoch), the rule batches({ epoch }) follows.
    const random: Random | undefined = plan.shuffle && firstEpoch === undefined ? createRandom(plan.seed) : undefined;
    const orderOf = (e: number): Uint32Array | undefined => {
      if (!plan.shuffle) return undefined;
      return firstEpoch === undefined ? permutation(this.size, random!) : permutation(this.size, createRandom(plan.seed, epochStream(firstEpoch + e)));
    };
    const split = this;
    const batchesPerEpoch = Math.ceil(this.size / plan.batchSize);
    return {
      size: batchesPerEpoch * epochs,
      async iterator() {
        function* passes(): Generator<MnistBatch, undefined> {
          for (let e = 0; e < epochs; e++) {
            yield* split.epoch(orderOf(e), plan.batchSize, plan.shape, 0);
          }
          return undefined;
        }
        const it = passes();
        return { next: async () => it.next() };
      },
    };
  }

  toTensors(options: { shape?: MnistShape; start?: number; size?: number } = {}): MnistBatch {
    const start = options.start ?? 0;
    checkIndex('start', start, this.size + 1);
    const size = options.size ?? this.size - start;
    if (!Number.isInteger(size) || size < 0 || start + size > this.size) {
      throw new MnistOptionError('size', `start ${start} + size ${size} is outside this split of ${this.size} examples`,
        `Pass a size of at most ${this.size - start}.`);
    }
    const shape = checkShape(options.shape ?? 'flat');
    return this.makeBatch(start, size, undefined, shape);
  }

  sample(n: number, seed?: number | string): MnistSample {
    if (!Number.isInteger(n) || n < 0 || n > this.size) {
      throw new MnistOptionError('n', `must be an integer from 0 to ${this.size} (this split's size), got ${String(n)}`,
        'Ask for fewer examples.');
    }
    checkSeed('seed', seed, 'or leave it out for a random sample');
    const indices = choose(n, this.size, createRandom(seed, ':sample'));
    const images = new Float32Array(n * MNIST_PIXELS);
    const labels = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = indices[k];
      images.set(this.images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), k * MNIST_PIXELS);
      labels[k] = this.labels[i];
    }
    return { images, labels, indices };
  }

  classCounts(): number[] {
    const counts = new Array<number>(MNIST_CLASSES).fill(0);
    for (const label of this.labels) counts[label]++;
    return counts;
  }

  /** Tensors are made lazily, one batch per next(), so stopping early leaves nothing to dispose. */
  private *epoch(order: Uint32Array | undefined, batchSize: number, shape: MnistShape, skipBatches: number): Generator<MnistBatch, undefined> {
    for (let start = skipBatches * batchSize; start < this.size; start += batchSize) {
      const count = Math.min(batchSize, this.size - start);
      yield this.makeBatch(start, count, order, shape);
    }
    return undefined;
  }

  private makeBatch(start: number, count: number, order: Uint32Array | undefined, shape: MnistShape): MnistBatch {
    let pixels: Float32Array;
    const oneHot = new Float32Array(count * MNIST_CLASSES);
    if (order === undefined) {
      // A contiguous range: the tensor can read the split's own memory (backends copy on upload or never write).
      pixels = this.images.subarray(start * MNIST_PIXELS, (start + count) * MNIST_PIXELS);
      for (let k = 0; k < count; k++) oneHot[k * MNIST_CLASSES + this.labels[start + k]] = 1;
    } else {
      pixels = new Float32Array(count * MNIST_PIXELS);
      for (let k = 0; k < count; k++) {
        const i = order[start + k];
        pixels.set(this.images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), k * MNIST_PIXELS);
        oneHot[k * MNIST_CLASSES + this.labels[i]] = 1;
      }
    }
    const xs = shape === 'image'
      ? tf.tensor4d(pixels, [count, MNIST_ROWS, MNIST_COLS, 1], 'float32')
      : tf.tensor2d(pixels, [count, MNIST_PIXELS], 'float32');
    const ys = tf.tensor2d(oneHot, [count, MNIST_CLASSES], 'float32');
    return { xs, ys };
  }
}

interface BatchPlan {
  batchSize: number;
  shuffle: boolean;
  seed: number | string | undefined;
  shape: MnistShape;
  epoch: number | undefined;
  skipBatches: number;
}

/** The random stream of one epoch of a seeded run, apart from the streams of the data split and `sample()`. */
function epochStream(epoch: number | undefined): string {
  return epoch === undefined ? '' : `:epoch ${epoch}`;
}

function batchPlan(options: MnistBatchOptions, size: number): BatchPlan {
  if (options == null || typeof options !== 'object') {
    throw new MnistOptionError('options', 'missing', 'Pass at least { batchSize }, e.g. split.batches({ batchSize: 100 }).');
  }
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new MnistOptionError('batchSize', `must be a positive integer, got ${String(batchSize)}`,
      'The codelab uses { batchSize: 100 }.');
  }
  if (size === 0) {
    throw new MnistOptionError('split', 'has no examples to batch', 'Load more data (check trainSize / validationSize / testSize).');
  }
  checkSeed('seed', options.seed, 'or leave it out for a random order');
  if (options.shuffle !== undefined && typeof options.shuffle !== 'boolean') {
    throw new MnistOptionError('shuffle', `must be true or false, got ${String(options.shuffle)}`, 'Pass { shuffle: false } to keep file order.');
  }
  const { epoch, skipBatches = 0 } = options;
  if (epoch !== undefined && (!Number.isInteger(epoch) || epoch < 0)) {
    throw new MnistOptionError('epoch', `must be an integer ≥ 0, got ${String(epoch)}`, 'Epochs count from 0.');
  }
  const batchesPerEpoch = Math.ceil(size / batchSize);
  if (!Number.isInteger(skipBatches) || skipBatches < 0 || skipBatches > batchesPerEpoch) {
    throw new MnistOptionError('skipBatches', `must be an integer from 0 to ${batchesPerEpoch} (batches per epoch), got ${String(skipBatches)}`,
      'Skip at most one epoch of batches.');
  }
  return { batchSize, shuffle: options.shuffle ?? true, seed: options.seed, shape: checkShape(options.shape ?? 'flat'), epoch, skipBatches };
}

function checkShape(shape: MnistShape): MnistShape {
  if (shape !== 'flat' && shape !== 'image') {
    throw new MnistOptionError('shape', `must be 'flat' or 'image', got ${String(shape)}`,
      "Use 'flat' ([N, 784]) for dense models and 'image' ([N, 28, 28, 1]) for convolutional ones.");
  }
  return shape;
}

function checkIndex(name: string, value: number, limit: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= limit) {
    throw new MnistOptionError(name, `must be an integer from 0 to ${limit - 1}, got ${String(value)}`,
      'Stay inside the split (see split.size).');
  }
}
