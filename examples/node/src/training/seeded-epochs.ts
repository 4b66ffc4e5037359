import type { MnistBatch, MnistShape, MnistSplit } from '@nophd/mnist-data';

export interface SeededEpochsOptions {
  batchSize: number;
  shape: MnistShape;
  /** The run's --seed. */
  seed: number;
  /** First epoch to produce (a resumed run starts after its checkpoint). */
  firstEpoch: number;
  /** Number of epochs to produce. */
  epochs: number;
}

/** What `model.fitDataset` reads: `size` = batches over all epochs, and one iterator for the whole run. */
export interface SeededEpochsDataset {
  readonly size: number;
  readonly batchesPerEpoch: number;
  iterator(): Promise<{ next(): Promise<IteratorResult<MnistBatch, undefined>> }>;
}

/**
 * The training batches of a run, for `model.fitDataset(dataset, { batchesPerEpoch })`: epoch e visits the
 * split in an order shuffled from (seed, e) alone, so every epoch gets a different order, the same seed
 * always gives the same batches, and a resumed run sees exactly the batches an uninterrupted one would
 * have. (`model.fit`'s own shuffle draws from Math.random, so two runs with one seed would differ.)
 * Batch tensors are made one at a time and disposed by fitDataset after each step.
 *
 * @example
 * const dataset = seededEpochs(data.train, { batchSize: 100, shape: 'flat', seed: 7, firstEpoch: 0, epochs: 2 });
 * await model.fitDataset(dataset, { epochs: 2, batchesPerEpoch: dataset.batchesPerEpoch });
 */
export function seededEpochs(split: MnistSplit, options: SeededEpochsOptions): SeededEpochsDataset {
  const { batchSize, shape, seed, firstEpoch, epochs } = options;
  const batchesPerEpoch = Math.ceil(split.size / batchSize);
  return {
    size: batchesPerEpoch * epochs,
    batchesPerEpoch,
    async iterator() {
      function* run(): Generator<MnistBatch, undefined> {
        for (let epoch = firstEpoch; epoch < firstEpoch + epochs; epoch++) {
          yield* split.batches({ batchSize, shape, shuffle: true, seed: epochSeed(seed, epoch) });
        }
        return undefined;
      }
      const batches = run();
      return { next: async () => batches.next() };
    },
  };
}

/** The shuffle seed of one epoch; a stream of its own, apart from the seeds of the data split and the weights. */
export function epochSeed(seed: number, epoch: number): string {
  return `${seed}:epoch ${epoch}`;
}
