import { describe, expect, it } from 'vitest';
import { renderKernels } from '../src/kernels/report.js';
import { describeShape, flopsOf, gflops, outSize, type ConvShape } from '../src/kernels/shapes.js';
import type { BenchResults } from '../src/results.js';

const conv2: ConvShape = { kind: 'conv', stage: 5, layer: 'conv 2', batch: 64, inSize: 28, inChannels: 24, kernel: 5, stride: 2, outChannels: 48 };

describe('layer shapes', () => {
  it("counts a 'same' convolution's work from its output size", () => {
    expect(outSize(conv2)).toBe(14);
    expect(outSize({ ...conv2, inSize: 7, stride: 2 })).toBe(4);
    expect(flopsOf(conv2)).toBe(2 * 64 * 14 * 14 * 48 * 5 * 5 * 24);
    expect(describeShape(conv2)).toBe('28×28×24 → 5×5·48 s2 → 14×14×48');
  });

  it('counts a dense layer as one matmul', () => {
    const dense = { kind: 'dense' as const, stage: 4, layer: 'dense 1', batch: 128, inUnits: 1568, outUnits: 200 };
    expect(flopsOf(dense)).toBe(2 * 128 * 1568 * 200);
    expect(describeShape(dense)).toBe('1568 → 200');
    expect(gflops(2e9, 100)).toBe(20);
  });
});

describe('renderKernels', () => {
  const results = {
    skipped: {},
    kernels: {
      kind: 'kernels',
      label: 'wasm (SIMD, 1 thread)',
      repeats: 7,
      batches: { 5: 64 },
      ceiling: { size: 1000, ms: 50 }, // 2e9 FLOP in 50 ms: 40 GFLOP/s
      rows: [{ shape: conv2, forwardMs: flopsOf(conv2) / 36e6, inputGradientMs: flopsOf(conv2) / 20e6, weightGradientMs: flopsOf(conv2) / 10e6 }],
    },
  } as unknown as BenchResults;

  it('gives GFLOP/s of each product and its share of the matmul ceiling', () => {
    const text = renderKernels(results);
    expect(text).toContain('**40.0 GFLOP/s**');
    expect(text).toMatch(/\| 5 conv 2 \| 28×28×24 → 5×5·48 s2 → 14×14×48 \| 723 M \| 36\.0 \(20\.1 ms\) \| 20\.0 \(36\.1 ms\) \| 10\.0 \(72\.3 ms\) \| 90% \/ 50% \/ 25% \|/);
  });

  it('is empty when the section did not run', () => {
    expect(renderKernels({ ...results, kernels: undefined })).toBe('');
  });
});
