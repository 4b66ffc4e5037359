import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/cli.js';
import { peerTasks, planBench, throughputTask } from '../src/plan.js';

describe('planBench', () => {
  it('runs everything in full mode, with a duration estimate', () => {
    const plan = planBench(parseBenchArgs([]));
    const kinds = plan.tasks.map((t) => t.task.kind);
    expect(kinds.filter((k) => k === 'throughput')).toHaveLength(15);
    expect(kinds).toContain('time-to-accuracy');
    expect(kinds).toContain('peak-memory');
    expect(plan.tasks.find((t) => t.task.kind === 'kernels')?.task).toEqual({ kind: 'kernels', stages: [4, 5], repeats: 7 });
    expect(plan.skipped).toEqual({ peer: 'PyTorch not looked for' });
    expect(plan.estimateSeconds).toBeGreaterThan(0);
  });

  it('runs each peer net at 1 and 2 threads, nophd and PyTorch in mirrored order, and says why PyTorch is missing', () => {
    const withTorch = planBench(parseBenchArgs(['--only', 'peer']), { installed: true, version: '1.13.0', python: 'python3' });
    const peer = withTorch.tasks.map((t) => t.task).filter((t) => t.kind === 'peer');
    expect(peer).toHaveLength(32);
    expect(peer.slice(0, 8).map((t) => [t.net, t.threads, t.engine])).toEqual([
      ['stage2', 1, 'nophd'],
      ['stage2', 1, 'pytorch'],
      ['stage2', 1, 'pytorch'],
      ['stage2', 1, 'nophd'],
      ['stage2', 2, 'nophd'],
      ['stage2', 2, 'pytorch'],
      ['stage2', 2, 'pytorch'],
      ['stage2', 2, 'nophd'],
    ]);
    expect(withTorch.skipped.peer).toBeUndefined();
    const without = planBench(parseBenchArgs(['--only', 'peer']), { installed: false, reason: 'PyTorch not installed' });
    expect(without.tasks.every((t) => t.task.kind === 'peer' && t.task.engine === 'nophd')).toBe(true);
    expect(without.skipped.peer).toBe('PyTorch not installed');
  });

  it('trains each peer net at the batch size of the comparison', () => {
    const sizes = Object.fromEntries(peerTasks(false, false).map((t) => [t.net, t.batchSize]));
    expect(sizes).toEqual({ stage2: 128, stage4: 128, stage5: 64, experts: 50 });
  });

  it('skips the full-dataset runs in --quick mode and says so instead of training on a subset', () => {
    const plan = planBench(parseBenchArgs(['--quick']), { installed: true, version: '1.13.0', python: 'python3' });
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
