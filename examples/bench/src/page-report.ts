import { check, formatNumber, table } from './markdown.js';
import type { BenchResults } from './results.js';
import { TARGETS } from './targets.js';

/**
 * The "page while training" table: per stage a row with the model in the Web Worker, each figure checked
 * against its target (its images/s against the same stage on the page's own thread), and a row on the page's
 * own thread, the fallback, whose responsiveness is shown but not checked: training there blocks the page.
 */
export function renderPage(r: BenchResults): string {
  const page = r.page;
  const failed = r.failures.find((f) => f.task.startsWith('web page'));
  if (!page && !failed) return '';
  const heading = '### The web page while it trains';
  if (!page) return [heading, '', `failed: ${failed!.error}`].join('\n');
  const rows = page.stages.map((s) => {
    const checked = s.trainer === 'worker';
    const maybe = (text: string, value: number, ok: (v: number) => boolean) => (checked ? check(text, value, ok) : text);
    const inPage = page.stages.find((o) => o.stage === s.stage && o.trainer === 'page');
    const ratio = checked && inPage ? s.imagesPerSecond / inPage.imagesPerSecond : undefined;
    return [
      `stage ${s.stage}`,
      s.trainer === 'worker' ? 'Web Worker' : "page's thread",
      maybe(formatNumber(s.framesPerSecond), s.framesPerSecond, (v) => v >= TARGETS.pageFramesPerSecond),
      `${(s.longTaskShare * 100).toFixed(1)}%`,
      maybe(s.longestTaskMs === 0 ? 'none over 50 ms' : `${formatNumber(s.longestTaskMs)} ms`, s.longestTaskMs, (v) => v <= TARGETS.pageLongestTaskMs),
      maybe(`${formatNumber(s.keyPressMs)} ms`, s.keyPressMs, (v) => v <= TARGETS.pageKeyPressMs),
      `${formatNumber(s.imagesPerSecond)} (${s.throughputSeconds.toFixed(0)} s)`,
      ratio === undefined ? '' : check(ratio.toFixed(2), ratio, (v) => v >= TARGETS.pageWorkerThroughput),
    ];
  });
  return [
    heading,
    '',
    `examples/web built by Vite and served by \`vite preview\`, in Chromium, on ${page.backendLabel}; each stage trains ${page.rounds} times in the page's Web Worker ` +
      `and ${page.rounds} times on the page's own thread (\`?worker=0\`, the fallback), alternating, in the same run; a row merges its rounds (the lowest frames/s, the longest task and key press). ` +
      `Measured over ${page.measureSeconds} s, ${page.warmupSeconds} s after the first test evaluation, pressing a panel shortcut every second; images/s is counted over whole cycles of 100 training batches and a test evaluation, from a test result before that window to the first one after it (the span in brackets). ` +
      `Targets, with the Web Worker: ≥ ${TARGETS.pageFramesPerSecond} frames/s, no main-thread task over ${TARGETS.pageLongestTaskMs} ms, a key press shown within ${TARGETS.pageKeyPressMs} ms, ` +
      `and at least ${TARGETS.pageWorkerThroughput * 100} % of the images/s of training on the page's thread.`,
    '',
    table(['Stage', 'Trains in', 'Frames/s', 'Main thread in long tasks', 'Longest task', 'Slowest key press', 'Images/s (evaluations included, over)', 'Worker ÷ page images/s'], rows),
  ].join('\n');
}
