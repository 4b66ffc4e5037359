import type { LayersModel } from '@tensorflow/tfjs-layers';
import { computePercentileBands, type BandSample } from '@nophd/visual-percentile-bands';
import { checkOptionsObject, optionalFunction, wholeNumber } from './check-options.js';
import { InvalidCallbackOptionError, MissingModelError } from './errors.js';
import { TrainingCallback } from './training-callback.js';

/** Which picture a trainable variable belongs to. */
export type VariableGroup = 'weights' | 'biases' | 'skip';

/** A band sample plus how many NaN/±Infinity values were left out of it. */
export interface WeightBandSample extends BandSample {
  bands: Float64Array;
  nonFinite: number;
}

/**
 * The codelab's split: kernels (dense, conv, depthwise, …) are weights; biases and batch-norm `beta`
 * (the offset that replaces the bias after batch norm) are biases; batch-norm `gamma` (a scale around 1,
 * which would distort either picture) is skipped. Non-trainable variables (moving mean/variance) are never sampled.
 *
 * @example
 * defaultVariableGroup('dense_Dense1/kernel'); // 'weights'
 * defaultVariableGroup('batch_normalization_BatchNormalization1/beta'); // 'biases'
 */
export function defaultVariableGroup(name: string): VariableGroup {
  const last = name.split('/').pop() ?? name;
  if (/^(bias|beta)(_\d+)?$/.test(last)) return 'biases';
  if (/^gamma(_\d+)?$/.test(last)) return 'skip';
  return 'weights';
}

/** Options of {@link percentileSampler}: how often to sample, how many buckets, which variables. */
export interface PercentileSamplerOptions {
  /** Sample every N batches (plus once before the first batch). Default 50. */
  everyBatches?: number;
  /** Buckets per sample. Default 7 (the codelab picture). */
  buckets?: number;
  /** Override which variables count as weights or biases (by variable name). */
  group?: (name: string) => VariableGroup;
}

/** Samples the distribution of all weights and all biases; see {@link percentileSampler}. */
export class PercentileSampler extends TrainingCallback {
  readonly weights: WeightBandSample[] = [];
  readonly biases: WeightBandSample[] = [];
  private readonly everyBatches: number;
  private readonly buckets: number;
  private readonly group: (name: string) => VariableGroup;
  // Reused between samples: the concatenation of every variable of a group.
  private scratch: Record<'weights' | 'biases', Float32Array | undefined> = { weights: undefined, biases: undefined };

  constructor(
    model: LayersModel | undefined,
    options: PercentileSamplerOptions = {},
  ) {
    checkOptionsObject('percentileSampler', options);
    super({ model });
    this.everyBatches = wholeNumber('percentileSampler', 'everyBatches', options.everyBatches, 1, 50);
    this.buckets = wholeNumber('percentileSampler', 'buckets', options.buckets, 1, 7);
    optionalFunction('percentileSampler', 'group', options.group);
    this.group = options.group ?? defaultVariableGroup;
  }

  /** Reads every trainable variable once and records a weights sample and a biases sample at the current iteration. */
  async sample(): Promise<void> {
    const model = this.trainedModel;
    if (!model) throw new MissingModelError('percentileSampler', 'the model whose weights to sample');
    const groups: Record<'weights' | 'biases', { size: number; read: () => Promise<ArrayLike<number>> }[]> = {
      weights: [],
      biases: [],
    };
    for (const v of model.trainableWeights) {
      const name = v.originalName ?? v.name;
      const g = this.group(name);
      if (g === 'skip') continue;
      if (g !== 'weights' && g !== 'biases') {
        throw new InvalidCallbackOptionError('percentileSampler', `group('${name}')`, g, "'weights', 'biases' or 'skip'");
      }
      // LayerVariable.read() returns the variable itself (no new tensor); data() reads it without blocking on WebGL.
      groups[g].push({ size: v.shape.reduce<number>((a, b) => a * (b ?? 1), 1), read: () => v.read().data() });
    }
    for (const g of ['weights', 'biases'] as const) {
      const parts = groups[g];
      const total = parts.reduce((a, p) => a + p.size, 0);
      if (total === 0) continue;
      let buffer = this.scratch[g];
      if (!buffer || buffer.length !== total) buffer = this.scratch[g] = new Float32Array(total);
      let offset = 0;
      for (const values of await Promise.all(parts.map((p) => p.read()))) {
        buffer.set(values, offset);
        offset += values.length;
      }
      const target = g === 'weights' ? this.weights : this.biases;
      try {
        const { bands, nonFinite } = computePercentileBands(buffer, { buckets: this.buckets, nonFinite: 'ignore' });
        target.push({ iteration: this.iteration, bands, nonFinite });
      } catch {
        // Every value is NaN/±Infinity (training diverged): keep the point so the gap shows in the chart.
        target.push({ iteration: this.iteration, bands: new Float64Array(this.buckets + 1).fill(Number.NaN), nonFinite: total });
      }
    }
  }

  protected override async trainBegin(): Promise<void> {
    if (this.weights.length === 0 && this.biases.length === 0) await this.sample();
  }
  protected override async batchEnd(): Promise<void> {
    if (this.iteration % this.everyBatches === 0) await this.sample();
  }
}

/**
 * Every `everyBatches` batches (and once before training) gathers ALL weights (every kernel, flattened and
 * concatenated) and separately ALL biases (plus batch-norm beta; see {@link defaultVariableGroup}), computes
 * the codelab's percentile bands and records them with the iteration in `.weights` and `.biases` —
 * ready for renderBandsSvg/drawBands.
 *
 * @example
 * const sampler = percentileSampler(model, { everyBatches: 20 });
 * await model.fit(xs, ys, { epochs: 2, callbacks: [sampler] });
 * writeFileSync('weights.svg', renderBandsSvg(sampler.weights, { title: 'Weights' }));
 *
 * The model may be left `undefined` when the loop hands it over (`model.fit`, `train()` of `@nophd/training`).
 */
export function percentileSampler(model: LayersModel | undefined, options: PercentileSamplerOptions = {}): PercentileSampler {
  return new PercentileSampler(model, options);
}
