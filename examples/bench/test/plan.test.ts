import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/cli.js';
import { planBench, throughputTask } from '../src/plan.js';

describe('planBench', () => {
  it('runs everything in full mode, with a duration estimate', () => {
    const plan = planBench(parseBenchArgs([]));
    const kinds = plan.tasks.map((t) => t.task.kind);
    expect(kinds.filter((k) => k === 'throughput')).toHaveLength(15);
    expect(kinds).toContain('time-to-accuracy');
    expect(kinds).toContain('peak-memory');
    expect(plan.skipped).toEqual({});
    expect(plan.estimateSeconds).toBeGreaterThan(0);
  });

  it('skips the full-dataset runs in --quick mode and says so instead of training on a subset', () => {
    const plan = planBench(parseBenchArgs(['--quick']));
    const kinds = plan.tasks.map((t) => t.task.kind);
    expect(kinds).not.toContain('time-to-accuracy');
    expect(kinds).not.toContain('peak-memory');
    expect(plan.skipped).toEqual({ accuracy: 'not measured (--quick)', memory: 'not measured (--quick)' });
  });

  it('keeps batches of 128 everywhere except the cpu conv stages in --quick mode', () => {
    expect(throughputTask(4, 'wasm', true).batchSize).toBe(128);
    expect(throughputTask(2, 'cpu', true).batchSize).toBe(128);
    expect(throughputTask(4, 'cpu', false)).toMatchObject({ batchSize: 128, timedBatches: 2, forwardBatches: 0 });
    expect(throughputTask(5, 'cpu', true).batchSize).toBe(8);
  });
});
