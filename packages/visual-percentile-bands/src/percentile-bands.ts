import { checkArrayLike, checkCount, checkOneOf, checkOptionsObject } from './check-input.js';
import { EmptyValuesError, InvalidBucketCountError, NonFiniteValueError } from './errors.js';

/** What to do with NaN and ±Infinity in the input. */
export type NonFinitePolicy = 'throw' | 'ignore';

/** Options of {@link percentileBands} and {@link computePercentileBands}. */
export interface PercentileBandsOptions {
  /** Number of equal-count buckets; the result has `buckets + 1` boundaries. Default 7, as in the codelab. */
  buckets?: number;
  /** `'throw'` (default): a NaN/±Infinity raises {@link NonFiniteValueError}. `'ignore'`: they are skipped and counted. */
  nonFinite?: NonFinitePolicy;
}

/** What {@link computePercentileBands} returns: the boundaries and how many values went into them. */
export interface PercentileBandsResult {
  /** `buckets + 1` ascending boundaries: min, the inner bucket edges, max. */
  bands: Float64Array;
  /** How many values were bucketed. */
  count: number;
  /** How many NaN/±Infinity values were skipped (always 0 with `nonFinite: 'throw'`). */
  nonFinite: number;
}

const POLICIES: readonly NonFinitePolicy[] = ['throw', 'ignore'];

function checkBuckets(buckets: unknown, where: string): void {
  if (typeof buckets !== 'number' || !Number.isInteger(buckets) || buckets < 1) throw new InvalidBucketCountError(buckets, where);
}

/**
 * How many of `n` sorted values fall in each of `buckets` equal-count buckets.
 *
 * Every bucket gets `floor(n / buckets)` values; the `n % buckets` leftovers go one each to consecutive
 * buckets starting at index `max(1, floor((buckets - leftovers) / 2))`, i.e. they are spread over the central
 * buckets (the first bucket never gets one). This is the codelab's rule.
 *
 * @example
 * percentileBucketSizes(10, 7); // Uint32Array [1, 1, 2, 2, 2, 1, 1]
 * percentileBucketSizes(13, 7); // Uint32Array [1, 2, 2, 2, 2, 2, 2]
 */
export function percentileBucketSizes(n: number, buckets = 7): Uint32Array {
  checkCount('percentileBucketSizes: n', n, 'Pass how many values are to be bucketed (e.g. values.length).');
  checkBuckets(buckets, 'percentileBucketSizes');
  const sizes = new Uint32Array(buckets);
  const base = Math.floor(n / buckets);
  const leftovers = n % buckets;
  const firstWithExtra = Math.max(1, Math.floor((buckets - leftovers) / 2));
  for (let k = 0; k < buckets; k++) {
    const extra = k >= firstWithExtra && k < firstWithExtra + leftovers ? 1 : 0;
    sizes[k] = base + extra;
  }
  return sizes;
}

/**
 * Like {@link percentileBands} but also reports how many values were bucketed and how many were skipped.
 *
 * @example
 * const { bands, nonFinite } = computePercentileBands(weights, { nonFinite: 'ignore' });
 * if (nonFinite > 0) console.warn(`${nonFinite} weights are NaN`);
 */
export function computePercentileBands(
  values: ArrayLike<number>,
  options: PercentileBandsOptions = {},
): PercentileBandsResult {
  checkArrayLike('computePercentileBands: values', values, 'Pass the numbers to band, e.g. await weights.data().');
  checkOptionsObject('computePercentileBands: options', options);
  const buckets = options.buckets ?? 7;
  const policy = options.nonFinite ?? 'throw';
  checkBuckets(buckets, 'computePercentileBands');
  checkOneOf('computePercentileBands: options.nonFinite', policy, POLICIES,
    "Pass 'throw' (the default) to stop at the first NaN/±Infinity, or 'ignore' to band only the finite values.");
  const length = values.length;
  if (length === 0) throw new EmptyValuesError(0, 0);

  // One copy into a typed array: its built-in sort is numeric and far faster than sorting a JS array.
  // Float32 input stays Float32 (exact, half the memory); anything else is copied as Float64.
  const sorted = values instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
  let count = 0;
  let firstBad = -1;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) sorted[count++] = v;
    else if (firstBad < 0) firstBad = i;
  }
  const nonFinite = length - count;
  if (nonFinite > 0 && policy === 'throw') {
    throw new NonFiniteValueError(firstBad, values[firstBad], nonFinite, length);
  }
  if (count === 0) throw new EmptyValuesError(length, nonFinite);

  const data = count === length ? sorted : sorted.subarray(0, count);
  data.sort();

  const sizes = percentileBucketSizes(count, buckets);
  const bands = new Float64Array(buckets + 1);
  bands[0] = data[0];
  bands[buckets] = data[count - 1];
  let edge = 0;
  for (let k = 1; k < buckets; k++) {
    edge += sizes[k - 1];
    // An inner edge sits halfway between the last value of one bucket and the first of the next;
    // edges at either end (empty outer buckets when count < buckets) collapse onto min or max.
    bands[k] = edge === 0 ? data[0] : edge >= count ? data[count - 1] : (data[edge - 1] + data[edge]) / 2;
  }
  return { bands, count, nonFinite };
}

/**
 * Splits `values` into `buckets` equal-count buckets (the codelab's weight/bias picture) and returns the
 * `buckets + 1` boundaries: the minimum, then at each inner bucket edge the midpoint between the two
 * neighbouring sorted values, then the maximum.
 *
 * - When `values.length` is not a multiple of `buckets`, the leftover values go one each to the central
 *   buckets (see {@link percentileBucketSizes}); e.g. 10 values in 7 buckets → sizes 1,1,2,2,2,1,1.
 * - Fewer values than buckets: the values fill the central buckets, the outer buckets are empty and their
 *   boundaries collapse onto min/max (one value → every boundary equals it).
 * - NaN/±Infinity throw {@link NonFiniteValueError} unless `{ nonFinite: 'ignore' }` is passed.
 * - Empty input throws {@link EmptyValuesError}; `buckets` must be a whole number ≥ 1.
 *
 * Cost: one typed-array copy and one native numeric sort (a few ms for 200k values).
 *
 * @example
 * percentileBands([1, 2, 3, 4, 5, 6, 7]);
 * // Float64Array [1, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7]
 */
export function percentileBands(
  values: ArrayLike<number>,
  buckets = 7,
  options: Omit<PercentileBandsOptions, 'buckets'> = {},
): Float64Array {
  checkOptionsObject('percentileBands: options', options);
  return computePercentileBands(values, { ...options, buckets }).bands;
}
