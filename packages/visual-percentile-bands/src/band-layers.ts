import { InvalidBandsArgumentError } from './errors.js';

/** One recorded distribution: the `buckets + 1` boundaries from `percentileBands` at a training iteration. */
export interface BandSample {
  iteration: number;
  bands: ArrayLike<number>;
}

/** A translucent region between two boundaries, drawn outermost first. */
export interface BandLayer {
  /** Index of the lower boundary. */
  lower: number;
  /** Index of the upper boundary. */
  upper: number;
}

/**
 * The nested regions of the codelab picture for `boundaries` band edges: outermost (min..max) first, then each
 * next pair inwards, so the central buckets are covered by every layer and come out darkest.
 * 8 boundaries (7 buckets) → [0,7], [1,6], [2,5], [3,4].
 *
 * @example
 * bandLayers(8).map((l) => [l.lower, l.upper]); // [[0, 7], [1, 6], [2, 5], [3, 4]]
 */
export function bandLayers(boundaries: number): BandLayer[] {
  if (!Number.isInteger(boundaries) || boundaries < 2) {
    throw new InvalidBandsArgumentError('bandLayers: boundaries', boundaries, 'a whole number ≥ 2',
      'Pass the length of a percentileBands result (buckets + 1, e.g. 8 for the codelab\'s 7 buckets).');
  }
  const buckets = boundaries - 1;
  const layers: BandLayer[] = [];
  for (let j = 0; j < Math.ceil(buckets / 2); j++) layers.push({ lower: j, upper: buckets - j });
  return layers;
}

/** The boundary count shared by all samples, or an error naming the sample that differs. */
export function commonBoundaryCount(samples: readonly BandSample[], where: string): number {
  if (!Array.isArray(samples)) {
    throw new InvalidBandsArgumentError(`${where}: samples`, samples, 'an array of { iteration, bands }',
      'Pass e.g. [{ iteration: 0, bands: percentileBands(weights) }] (an empty array draws an empty chart).');
  }
  samples.forEach((s, i) => {
    const ok = typeof s === 'object' && s !== null && typeof s.iteration === 'number' &&
      typeof (s.bands as { length?: unknown } | null)?.length === 'number';
    if (!ok) {
      throw new InvalidBandsArgumentError(`${where}: samples[${i}]`, s, '{ iteration: number, bands: number[] }',
        'Record each sample as { iteration, bands: percentileBands(values) }.');
    }
  });
  if (samples.length === 0) return 0;
  const n = samples[0].bands.length;
  samples.forEach((s, i) => {
    if (s.bands.length !== n) {
      throw new InconsistentBandsError(i, s.bands.length, n);
    }
  });
  if (n < 2) throw new InconsistentBandsError(0, n, 8);
  return n;
}

/** Samples whose band arrays differ in length (or have fewer than 2 boundaries) cannot be drawn together. */
export class InconsistentBandsError extends Error {
  override name = 'InconsistentBandsError';
  constructor(
    readonly sampleIndex: number,
    readonly found: number,
    readonly expected: number,
  ) {
    super(
      `band samples: samples[${sampleIndex}].bands has ${found} boundaries but ${expected} were expected. ` +
        'Compute every sample with percentileBands using the same bucket count (it returns buckets + 1 boundaries).',
    );
  }
}
