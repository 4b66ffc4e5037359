/**
 * Y ranges that zoom a training chart onto where training spends its time, as the codelab's charts do: the
 * first batches' 10 % accuracy and loss of 2.3 would otherwise squash the curves a learner is watching.
 * Pass the values the chart should frame (a live page passes the recent part of its curves).
 */

/**
 * The accuracy axis: from just below the 5th percentile of `accuracies` (rounded down to 5 %, at most 0.9) to 1,
 * so it reads 0–1 at first and e.g. 0.95–1 once the model is good. Non-finite values are ignored.
 *
 * @example
 * drawCurves(ctx, series, { yDomain: accuracyDomain(points.map((p) => p.y)) });
 */
export function accuracyDomain(accuracies: readonly number[]): [number, number] {
  const sorted = accuracies.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [0, 1];
  const low = sorted[Math.floor(sorted.length * 0.05)]! - 0.02;
  return [Math.max(0, Math.min(0.9, Math.floor(low * 20) / 20)), 1];
}

/**
 * The loss axis: from 0 to 10 % above the largest of `losses`, rounded up to a tenth (to a half above 1).
 * Non-finite values are ignored.
 *
 * @example
 * drawCurves(ctx, series, { yDomain: lossDomain(points.map((p) => p.y)) });
 */
export function lossDomain(losses: readonly number[]): [number, number] {
  const finite = losses.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const high = Math.max(...finite) * 1.1;
  const step = high > 1 ? 0.5 : 0.1;
  // toFixed: 3 × 0.1 is 0.30000000000000004, which an axis label would show.
  return [0, Math.max(step, Number((Math.ceil(high / step) * step).toFixed(1)))];
}
