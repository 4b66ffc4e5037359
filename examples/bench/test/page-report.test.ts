import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/cli.js';
import { renderPage } from '../src/page-report.js';
import { planBench } from '../src/plan.js';
import type { PageStageResult } from '../src/tasks.js';
import { emptyResults } from './results-fixture.js';

const row = (stage: number, overrides: Partial<PageStageResult> = {}): PageStageResult => ({
  stage,
  framesPerSecond: 58,
  longTaskShare: 0.01,
  longestTaskMs: 0,
  keyPressMs: 30,
  keyPresses: 10,
  imagesPerSecond: 400,
  status: 'running',
  ...overrides,
});

describe('the browser section', () => {
  it('is planned once, for stages 4 and 5, by --only browser', () => {
    const plan = planBench(parseBenchArgs(['--only', 'browser']));
    expect(plan.tasks.map((t) => t.task)).toEqual([{ kind: 'page', stages: [4, 5], warmupSeconds: 8, measureSeconds: 10 }]);
  });

  it('checks frames/s, the longest task and the key press against their targets, one row per stage', () => {
    const report = renderPage(
      emptyResults({
        page: {
          kind: 'page', backendLabel: 'wasm (SIMD, 2 threads)', trainer: 'worker', warmupSeconds: 8, measureSeconds: 10,
          stages: [row(4), row(5, { framesPerSecond: 30, longestTaskMs: 120, keyPressMs: 250 })],
        },
      }),
    );
    expect(report).toMatch(/in a Web Worker on wasm \(SIMD, 2 threads\)/);
    const lines = report.split('\n');
    expect(lines.find((l) => l.startsWith('| stage 4'))).toBe('| stage 4 | 58.0 ✅ | 1.0% | none over 50 ms ✅ | 30.0 ms ✅ | 400 |');
    expect(lines.find((l) => l.startsWith('| stage 5'))).toMatch(/30\.0 ❌ .* 120 ms ❌ .* 250 ms ❌/);
  });

  it('says why the section is empty when the measurement failed, and is absent when not run', () => {
    const failed = emptyResults({ failures: [{ task: 'web page in Chromium while stages 4 and 5 train', error: 'no chromium' }] });
    expect(renderPage(failed)).toMatch(/failed: no chromium/);
    expect(renderPage(emptyResults())).toBe('');
  });
});
