import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchArgs } from '../src/cli.js';

describe('parseBenchArgs', () => {
  it('defaults to the full run of every section, stage and backend', () => {
    expect(parseBenchArgs([])).toEqual({
      quick: false,
      help: false,
      sections: ['data', 'throughput', 'kernels', 'peer', 'accuracy', 'memory'],
      stages: [1, 2, 3, 4, 5],
      backends: ['wasm', 'wasm-threads', 'cpu'],
    });
  });

  it('reads --quick and comma lists', () => {
    const options = parseBenchArgs(['--quick', '--only', 'throughput,data', '--stages=5,4', '--backends', 'wasm']);
    expect(options.quick).toBe(true);
    expect(options.sections).toEqual(['data', 'throughput']);
    expect(options.stages).toEqual([4, 5]);
    expect(options.backends).toEqual(['wasm']);
  });

  it('rejects an unknown flag with the usage text', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/--fast[\s\S]*Usage: pnpm bench/);
  });

  it('rejects stray words and a value given to --quick', () => {
    expect(() => parseBenchArgs(['quick'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--quick=yes'])).toThrow(BenchUsageError);
  });

  it('names the wrong item of a list and the accepted ones', () => {
    expect(() => parseBenchArgs(['--stages', '4,6'])).toThrow(/--stages "4,6" is not valid \("6"\).*1, 2, 3, 4, 5/);
    expect(() => parseBenchArgs(['--backends', 'webgl'])).toThrow(/"webgl".*wasm, wasm-threads, cpu/);
    expect(() => parseBenchArgs(['--only', ''])).toThrow(BenchUsageError);
  });
});
