/** Median of a non-empty list; robust to the odd slow batch a shared machine produces. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list: measure at least one sample.');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Images per second from the median time of batches of `batchSize` images. */
export function imagesPerSecond(batchSize: number, batchMilliseconds: readonly number[]): number {
  return (batchSize * 1000) / median(batchMilliseconds);
}
