import type { BenchResults } from '../src/results.js';

/** A bench run with nothing measured, on a fake 2-core machine; tests fill in what they check. */
export function emptyResults(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    date: '2026-11-23T17:00:00.000Z',
    command: 'pnpm bench --quick',
    mode: 'quick',
    machine: { cpu: 'Test CPU', cores: 2, ramBytes: 8 * 2 ** 30, platform: 'linux', arch: 'x64' },
    loadAverage: { start: [3.5, 3, 2.5], end: [1.2, 2, 3.1] },
    node: 'v20.20.2',
    tfjs: '4.22.0',
    durationSeconds: 100,
    throughput: [],
    skipped: {},
    failures: [],
    ...overrides,
  };
}
