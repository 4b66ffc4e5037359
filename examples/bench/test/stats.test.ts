import { describe, expect, it } from 'vitest';
import { imagesPerSecond, median } from '../src/stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores one slow outlier', () => {
    expect(imagesPerSecond(128, [100, 100, 5000])).toBe(1280);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(/at least one sample/);
  });
});
