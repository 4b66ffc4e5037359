import { formatNumber, table } from '../markdown.js';
import type { BenchResults } from '../results.js';
import { describeShape, flopsOf, gflops } from './shapes.js';
import type { KernelTimings } from '../tasks.js';

/** "21.4 (33.7 ms)": GFLOP/s of one kernel with its best time. */
function cell(flops: number, ms: number): string {
  return `${formatNumber(gflops(flops, ms))} (${formatNumber(ms)} ms)`;
}

/**
 * The per-kernel section: GFLOP/s of the three products of each conv and dense layer of the conv stages,
 * with the plain-matmul ceiling the same backend reaches, so a slow kernel stands out as a low fraction of it.
 */
export function renderKernels(r: BenchResults): string {
  const k = r.kernels;
  if (!k) return '';
  const ceiling = gflops(2 * k.ceiling.size ** 3, k.ceiling.ms);
  const rows = k.rows.map((row: KernelTimings) => {
    const flops = flopsOf(row.shape);
    const percent = (ms: number) => `${Math.round((100 * gflops(flops, ms)) / ceiling)}%`;
    return [
      `${row.shape.stage} ${row.shape.layer}`,
      describeShape(row.shape),
      `${formatNumber(flops / 1e6)} M`,
      cell(flops, row.forwardMs),
      cell(flops, row.inputGradientMs),
      cell(flops, row.weightGradientMs),
      [row.forwardMs, row.inputGradientMs, row.weightGradientMs].map(percent).join(' / '),
    ];
  });
  return [
    `### Kernels at the stages' shapes (${k.label})`,
    '',
    `GFLOP/s (best of ${k.repeats} calls, each on fresh copies of its operands as in training, so XNNPACK packs ` +
      `them every time) of the products of one training step, at each stage's recipe batch ` +
      `(stage 4: ${k.batches[4] ?? '—'}, stage 5: ${k.batches[5] ?? '—'}). Conv layers: Conv2D, Conv2DBackpropInput, ` +
      `Conv2DBackpropFilter; dense layers: BatchMatMul x·W, dy·Wᵀ, xᵀ·dy. A gradient does the same arithmetic as its ` +
      `forward product, so the three columns compare directly. Ceiling: a plain ${k.ceiling.size}³ matmul on the ` +
      `same backend, its packed operand reused (the product alone), **${formatNumber(ceiling)} GFLOP/s**. A first conv layer's input gradient is listed but never ` +
      `computed in training (the images need no gradient).`,
    '',
    table(['Layer', 'Shape', 'FLOP / call', 'forward', 'input gradient', 'weight gradient', 'of ceiling'], rows),
  ].join('\n');
}
