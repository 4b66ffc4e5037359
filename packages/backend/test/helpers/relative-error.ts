/** Max |a−b| relative to the reference's scale: float32 summation order differs between backends and kernels. */
export function relativeError(a: Float32Array, ref: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - ref[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return diff / scale;
}
