import { describe, expect, it } from 'vitest';
import {
  EmptyValuesError,
  InvalidBucketCountError,
  NonFiniteValueError,
  computePercentileBands,
  percentileBands,
  percentileBucketSizes,
} from '../src/index.js';

/** Deterministic shuffle so that the tests also prove the input is sorted first. */
function shuffled(values: number[], seed = 1): number[] {
  const out = [...values];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
const range = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => i * scale);

/**
 * Independent reference: walks the sorted values one by one like the codelab's loop, opening a new bucket
 * when the current one is full and deciding each new bucket's size (one extra while leftovers remain,
 * once the bucket index reaches (buckets - leftovers) / 2).
 */
function walkingReference(values: number[], buckets: number): number[] {
  const data = [...values].sort((a, b) => a - b);
  const base = Math.floor(data.length / buckets);
  const leftovers = data.length % buckets;
  const out = new Array<number>(buckets + 1).fill(0);
  out[0] = data[0];
  out[buckets] = data[data.length - 1];
  let inBucket = 0;
  let capacity = base;
  let given = 0;
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    inBucket++;
    if (inBucket > capacity) {
      k++;
      out[k] = (data[i - 1] + data[i]) / 2;
      inBucket = 1;
      const extra = k >= Math.floor((buckets - leftovers) / 2) && given < leftovers;
      if (extra) given++;
      capacity = base + (extra ? 1 : 0);
    }
  }
  return out;
}

describe('percentileBucketSizes', () => {
  it('spreads leftovers over the central buckets', () => {
    expect([...percentileBucketSizes(7, 7)]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect([...percentileBucketSizes(8, 7)]).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect([...percentileBucketSizes(10, 7)]).toEqual([1, 1, 2, 2, 2, 1, 1]);
    expect([...percentileBucketSizes(13, 7)]).toEqual([1, 2, 2, 2, 2, 2, 2]);
    expect([...percentileBucketSizes(100, 7)]).toEqual([14, 14, 15, 15, 14, 14, 14]);
    expect([...percentileBucketSizes(3, 7)]).toEqual([0, 0, 1, 1, 1, 0, 0]);
  });
  it('always sums to n', () => {
    for (let n = 0; n < 60; n++) for (let b = 1; b < 12; b++) {
      expect(percentileBucketSizes(n, b).reduce((a, v) => a + v, 0)).toBe(n);
    }
  });
});

describe('percentileBands', () => {
  it('n = 7: min, midpoints between neighbours, max', () => {
    expect([...percentileBands(shuffled(range(7, 1).map((v) => v + 1)))]).toEqual([1, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7]);
  });
  it('n = 8: the one leftover goes to the middle bucket', () => {
    expect([...percentileBands(shuffled(range(8).map((v) => v + 1)))]).toEqual([1, 1.5, 2.5, 3.5, 5.5, 6.5, 7.5, 8]);
  });
  it('n = 10: sizes 1,1,2,2,2,1,1', () => {
    expect([...percentileBands(shuffled(range(10).map((v) => (v + 1) * 10)))]).toEqual([10, 15, 25, 45, 65, 85, 95, 100]);
  });
  it('n = 13: sizes 1,2,2,2,2,2,2', () => {
    expect([...percentileBands(shuffled(range(13)))]).toEqual([0, 0.5, 2.5, 4.5, 6.5, 8.5, 10.5, 12]);
  });
  it('n = 100: sizes 14,14,15,15,14,14,14', () => {
    expect([...percentileBands(shuffled(range(100), 7))]).toEqual([0, 13.5, 27.5, 42.5, 57.5, 71.5, 85.5, 99]);
  });
  it('matches a value-by-value walking reference for many sizes and bucket counts', () => {
    for (let b = 1; b <= 10; b++) {
      for (let n = b; n <= 120; n += 1) {
        const values = shuffled(range(n).map((v) => Math.sin(v) * 3 + v / 7), n + b);
        expect([...percentileBands(values, b)], `n=${n} buckets=${b}`).toEqual(walkingReference(values, b));
      }
    }
  });
  it('handles 200k float32 weights without touching the input', () => {
    const values = new Float32Array(200_000);
    for (let i = 0; i < values.length; i++) values[i] = Math.fround(Math.sin(i * 12.9898) * 0.1);
    const before = values.slice();
    const bands = percentileBands(values);
    expect(values).toEqual(before);
    expect(bands.length).toBe(8);
    expect([...bands]).toEqual(walkingReference([...values], 7));
  });
  it('buckets = 1 gives [min, max]; repeated values are fine', () => {
    expect([...percentileBands([3, -2, 9], 1)]).toEqual([-2, 9]);
    expect([...percentileBands(new Array(20).fill(0.5))]).toEqual(new Array(8).fill(0.5));
  });
});

describe('tiny, empty and bad input', () => {
  it('fewer values than buckets fill the centre; outer boundaries collapse onto min/max', () => {
    expect([...percentileBands([5, 1, 3])]).toEqual([1, 1, 1, 2, 4, 5, 5, 5]);
    expect([...percentileBands([4])]).toEqual(new Array(8).fill(4));
    expect([...percentileBands([2, 1])]).toEqual([1, 1, 1, 1.5, 2, 2, 2, 2]); // sizes 0,0,1,1,0,0,0
  });
  it('empty input throws EmptyValuesError', () => {
    expect(() => percentileBands([])).toThrow(EmptyValuesError);
    expect(() => percentileBands(new Float32Array(0))).toThrow(/values is empty/);
  });
  it('buckets must be a whole number ≥ 1', () => {
    for (const b of [0, -1, 2.5, Number.NaN]) expect(() => percentileBands([1, 2], b)).toThrow(InvalidBucketCountError);
    expect(() => percentileBands([1, 2], 0)).toThrow(/buckets must be a whole number/);
  });
  it('NaN and ±Infinity throw by default, naming the index and count', () => {
    const values = [1, 2, Number.NaN, 4, Infinity, 6, 7, 8];
    expect(() => percentileBands(values)).toThrow(NonFiniteValueError);
    expect(() => percentileBands(values)).toThrow(/values\[2\] is NaN \(2 of 8 values/);
    expect(() => percentileBands([1, -Infinity])).toThrow(/values\[1\] is -Infinity/);
  });
  it("nonFinite: 'ignore' bands the finite values and reports how many were skipped", () => {
    const values = [Number.NaN, 1, 2, 3, Infinity, 4, 5, 6, 7, -Infinity];
    const result = computePercentileBands(values, { nonFinite: 'ignore' });
    expect(result.count).toBe(7);
    expect(result.nonFinite).toBe(3);
    expect([...result.bands]).toEqual([1, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7]);
    expect([...percentileBands(values, 7, { nonFinite: 'ignore' })]).toEqual([...result.bands]);
  });
  it("all values non-finite with 'ignore' throws EmptyValuesError explaining divergence", () => {
    expect(() => computePercentileBands([Number.NaN, Number.NaN], { nonFinite: 'ignore' })).toThrow(
      /all 2 values are NaN or ±Infinity/,
    );
  });
});
