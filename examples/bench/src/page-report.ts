import { check, formatNumber, table } from './markdown.js';
import type { BenchResults } from './results.js';
import { TARGETS } from './targets.js';

/** The "page while training" table: one row per stage, each figure checked against its target. */
export function renderPage(r: BenchResults): string {
  const page = r.page;
  const failed = r.failures.find((f) => f.task.startsWith('web page'));
  if (!page && !failed) return '';
  const heading = '### The web page while it trains';
  if (!page) return [heading, '', `failed: ${failed!.error}`].join('\n');
  const rows = page.stages.map((s) => [
    `stage ${s.stage}`,
    check(formatNumber(s.framesPerSecond), s.framesPerSecond, (v) => v >= TARGETS.pageFramesPerSecond),
    `${(s.longTaskShare * 100).toFixed(1)}%`,
    check(s.longestTaskMs === 0 ? 'none over 50 ms' : `${formatNumber(s.longestTaskMs)} ms`, s.longestTaskMs, (v) => v <= TARGETS.pageLongestTaskMs),
    check(`${formatNumber(s.keyPressMs)} ms`, s.keyPressMs, (v) => v <= TARGETS.pageKeyPressMs),
    formatNumber(s.imagesPerSecond),
  ]);
  return [
    heading,
    '',
    `examples/web built by Vite and served by \`vite preview\`, in Chromium; the model trains ${page.trainer === 'worker' ? 'in a Web Worker' : "on the page's own thread"} ` +
      `on ${page.backendLabel}. Measured over ${page.measureSeconds} s, ${page.warmupSeconds} s after the first test evaluation, pressing a panel shortcut every second. ` +
      `Targets: ≥ ${TARGETS.pageFramesPerSecond} frames/s, no main-thread task over ${TARGETS.pageLongestTaskMs} ms, a key press shown within ${TARGETS.pageKeyPressMs} ms.`,
    '',
    table(['Stage', 'Frames/s', 'Main thread in long tasks', 'Longest task', 'Slowest key press', 'Images/s (evaluations included)'], rows),
  ].join('\n');
}
