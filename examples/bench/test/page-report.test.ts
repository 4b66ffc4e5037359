import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/cli.js';
import { mergeRounds } from '../src/measure/page.js';
import { renderPage } from '../src/page-report.js';
import { planBench } from '../src/plan.js';
import type { PageStageResult } from '../src/tasks.js';
import { emptyResults } from './results-fixture.js';

const row = (stage: number, overrides: Partial<PageStageResult> = {}): PageStageResult => ({
  stage,
  trainer: 'worker',
  framesPerSecond: 58,
  longTaskShare: 0.01,
  longestTaskMs: 0,
  keyPressMs: 30,
  keyPresses: 10,
  imagesPerSecond: 400,
  throughputSeconds: 40,
  rounds: 2,
  status: 'running',
  ...overrides,
});

describe('the browser section', () => {
  it('is planned once, for stages 4 and 5, by --only browser', () => {
    const plan = planBench(parseBenchArgs(['--only', 'browser']));
    expect(plan.tasks.map((t) => t.task)).toEqual([{ kind: 'page', stages: [4, 5], warmupSeconds: 8, measureSeconds: 10, rounds: 2 }]);
  });

  it('checks the Web Worker rows against the targets, its images/s against the same stage on the page thread', () => {
    const report = renderPage(
      emptyResults({
        page: {
          kind: 'page', backendLabel: 'wasm (SIMD, 2 threads)', warmupSeconds: 8, measureSeconds: 10, rounds: 2,
          stages: [
            row(4),
            row(4, { trainer: 'page', framesPerSecond: 3, longestTaskMs: 400, keyPressMs: 500, imagesPerSecond: 420 }),
            row(5, { framesPerSecond: 30, longestTaskMs: 120, keyPressMs: 250, imagesPerSecond: 300 }),
            row(5, { trainer: 'page', imagesPerSecond: 400 }),
          ],
        },
      }),
    );
    expect(report).toMatch(/on wasm \(SIMD, 2 threads\); each stage trains 2 times in the page's Web Worker and 2 times on the page's own thread \(`\?worker=0`, the fallback\), alternating/);
    const lines = report.split('\n').filter((l) => l.startsWith('| stage'));
    expect(lines[0]).toBe('| stage 4 | Web Worker | 58.0 ✅ | 1.0% | none over 50 ms ✅ | 30.0 ms ✅ | 400 (40 s) | 0.95 ✅ |');
    // The fallback's figures are shown, not checked: training there blocks the page by design.
    expect(lines[1]).toBe("| stage 4 | page's thread | 3.00 | 1.0% | 400 ms | 500 ms | 420 (40 s) |  |");
    expect(lines[2]).toMatch(/Web Worker \| 30\.0 ❌ .* 120 ms ❌ .* 250 ms ❌ \| 300 \(40 s\) \| 0\.75 ❌/);
  });

  it('merges the rounds of a stage and trainer: images over seconds, the worst frames, task and key press', () => {
    const merged = mergeRounds([
      row(4, { imagesPerSecond: 1000, throughputSeconds: 10, framesPerSecond: 60, longestTaskMs: 0, keyPressMs: 20, longTaskShare: 0, rounds: 1 }),
      row(4, { trainer: 'page', imagesPerSecond: 900, throughputSeconds: 20, rounds: 1 }),
      row(4, { imagesPerSecond: 700, throughputSeconds: 30, framesPerSecond: 55, longestTaskMs: 52, keyPressMs: 35, longTaskShare: 0.02, rounds: 1 }),
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({ trainer: 'worker', imagesPerSecond: (1000 * 10 + 700 * 30) / 40, throughputSeconds: 40, framesPerSecond: 55, longestTaskMs: 52, keyPressMs: 35, longTaskShare: 0.01, rounds: 2 });
    expect(merged[1]).toMatchObject({ trainer: 'page', imagesPerSecond: 900, rounds: 1 });
  });

  it('says why the section is empty when the measurement failed, and is absent when not run', () => {
    const failed = emptyResults({ failures: [{ task: 'web page in Chromium while stages 4 and 5 train', error: 'no chromium' }] });
    expect(renderPage(failed)).toMatch(/failed: no chromium/);
    expect(renderPage(emptyResults())).toBe('');
  });
});
