/**
 * Matrix transposes on the wasm heap. The wasm backend's XNNPACK path multiplies only untransposed
 * operands; with a transpose flag it falls back to a scalar triple loop 10–20× slower, so the
 * kernels here transpose explicitly first. Tiles keep both sides of the copy in cache.
 */
const TILE = 32;

/** heap[dst..] = transpose of the rows×cols row-major matrix at heap[src..]. */
export function transposeInHeap(heap: Float32Array, src: number, dst: number, rows: number, cols: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const s = src + r * cols;
        for (let c = c0; c < c1; c++) heap[dst + c * rows + r] = heap[s + c]!;
      }
    }
  }
}
