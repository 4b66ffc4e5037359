import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageInfo, type StageNumber } from '@nophd/models';
import { launchChromium } from '@repo/test-support';
import type { Page } from 'playwright-core';
import { build, preview } from 'vite';
import type { PageResult, PageStageResult, PageTask } from '../tasks.js';

/** The web example, built here as `pnpm --filter @example/web build` builds it. */
const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Runs in the page before the measured window: counts frames, long tasks and key-press-to-frame delays. */
const PROBE = `(() => {
  const probe = { frames: 0, longTaskMs: 0, longestTaskMs: 0, keyMs: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTaskMs += entry.duration;
      probe.longestTaskMs = Math.max(probe.longestTaskMs, entry.duration);
    }
  }).observe({ type: 'longtask' });
  const tick = () => { probe.frames++; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  // After the page's own handler (on document): the first frame after it is when the press shows.
  addEventListener('keydown', (event) => {
    const pressed = event.timeStamp;
    requestAnimationFrame(() => probe.keyMs.push(performance.now() - pressed));
  });
  window.__probe = probe;
})()`;

/** The part of the page's `window.__nophd` hooks (examples/web/src/hooks.ts) the bench reads. */
interface PageHooks {
  state(): { phase: string; status: string | null; batches: number; testPoints: number; trainer: string | null; backend: { label: string } | null };
  start(): void;
}

declare global {
  interface Window {
    __nophd?: PageHooks;
  }
}

interface Probe {
  frames: number;
  longTaskMs: number;
  longestTaskMs: number;
  keyMs: number[];
}

/**
 * Builds examples/web with Vite, serves it with `vite preview` (COOP/COEP, as the nophdWasm plugin sends
 * them), and while each stage trains in Chromium measures what a learner feels: frames per second, the
 * share of the main thread spent in long tasks, the longest task, key-press latency, and images/s; each stage
 * with the model in the page's Web Worker and then on the page's own thread (`?worker=0`), so the two
 * throughputs compare within one run on a machine whose load changes.
 */
export async function measurePage(task: PageTask): Promise<PageResult> {
  const outDir = await mkdtemp(join(tmpdir(), 'nophd-bench-web-'));
  const server = await (async () => {
    await build({ root: WEB_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return preview({ root: WEB_ROOT, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
  })();
  const browser = await launchChromium({ args: ['--disable-background-timer-throttling'] });
  try {
    const url = server.resolvedUrls!.local[0];
    const stages: PageStageResult[] = [];
    let backendLabel = '';
    // Worker, page, worker, page…: alternating rounds, so a change in the machine's load between two page loads
    // falls on both trainers rather than on one of them.
    const order = task.stages.flatMap((s) => Array.from({ length: task.rounds }, () => [[s, 'worker'], [s, 'page']] as const).flat());
    for (const [stage, trainer] of order) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
      await page.goto(`${url}?stage=${stage}${trainer === 'page' ? '&worker=0' : ''}`);
      await page.waitForFunction(() => window.__nophd?.state().phase === 'ready' && window.__nophd.state().status === 'ready', undefined, { timeout: 180_000 });
      const ready = await page.evaluate(() => window.__nophd!.state());
      backendLabel = ready.backend?.label ?? '';
      if (ready.trainer !== trainer) throw new Error(`stage ${stage} was to train in the ${trainer === 'worker' ? 'Web Worker' : "page's thread"}, but the page trains in the ${ready.trainer}; the comparison would be meaningless.`);
      await page.evaluate(() => window.__nophd!.start());
      // The first evaluation (all 10,000 test digits, at the first batch) is start-up, not the steady state.
      await page.waitForFunction(() => window.__nophd!.state().testPoints >= 1, undefined, { timeout: 180_000 });
      await page.waitForTimeout(task.warmupSeconds * 1000);
      stages.push({ ...(await measureWindow(page, stage as StageNumber, task.measureSeconds)), trainer });
      await page.close();
    }
    return { kind: 'page', backendLabel, warmupSeconds: task.warmupSeconds, measureSeconds: task.measureSeconds, rounds: task.rounds, stages: mergeRounds(stages) };
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

async function measureWindow(page: Page, stage: StageNumber, seconds: number): Promise<Omit<PageStageResult, 'trainer'>> {
  // Throughput is counted over whole cycles of training and test evaluation (every 100 batches the page scores
  // the test digits, a pause of seconds): from a test result to the first one after the key-press window, so
  // both trainers are timed over the same mix of work, wherever the window happens to start.
  const nextTest = async () => {
    const points = await page.evaluate(() => window.__nophd!.state().testPoints);
    await page.waitForFunction((n) => window.__nophd!.state().testPoints > n, points, { timeout: 180_000, polling: 20 });
    return page.evaluate(() => ({ batches: window.__nophd!.state().batches, at: performance.now() }));
  };
  const cycleStart = await nextTest();
  await page.evaluate(PROBE);
  const before = await page.evaluate(() => performance.now());
  // A shortcut a second, alternating one panel and all panels, as a learner flips between them.
  for (let i = 0; i < seconds; i++) {
    await page.waitForTimeout(1000);
    await page.keyboard.press(i % 2 === 0 ? '1' : '0');
  }
  const after = await page.evaluate(() => ({ state: window.__nophd!.state(), at: performance.now(), probe: (window as unknown as { __probe: Probe }).__probe }));
  const cycleEnd = await nextTest();
  const elapsedMs = after.at - before;
  const { probe } = after;
  return {
    stage,
    framesPerSecond: probe.frames / (elapsedMs / 1000),
    longTaskShare: probe.longTaskMs / elapsedMs,
    longestTaskMs: probe.longestTaskMs,
    keyPressMs: probe.keyMs.length > 0 ? Math.max(...probe.keyMs) : Number.NaN,
    keyPresses: probe.keyMs.length,
    imagesPerSecond: ((cycleEnd.batches - cycleStart.batches) * stageInfo(stage).recipe.batchSize) / ((cycleEnd.at - cycleStart.at) / 1000),
    throughputSeconds: (cycleEnd.at - cycleStart.at) / 1000,
    rounds: 1,
    status: after.state.status ?? 'none',
  };
}

/**
 * One row per stage and trainer from its rounds: images/s over all their cycles together (images ÷ seconds), the
 * worst frames/s, longest task and key press, the mean share of time in long tasks.
 */
export function mergeRounds(runs: PageStageResult[]): PageStageResult[] {
  const merged: PageStageResult[] = [];
  for (const run of runs) {
    const same = merged.find((m) => m.stage === run.stage && m.trainer === run.trainer);
    if (!same) {
      merged.push({ ...run });
      continue;
    }
    const seconds = same.throughputSeconds + run.throughputSeconds;
    same.imagesPerSecond = (same.imagesPerSecond * same.throughputSeconds + run.imagesPerSecond * run.throughputSeconds) / seconds;
    same.throughputSeconds = seconds;
    same.framesPerSecond = Math.min(same.framesPerSecond, run.framesPerSecond);
    same.longTaskShare = (same.longTaskShare * same.rounds + run.longTaskShare) / (same.rounds + 1);
    same.longestTaskMs = Math.max(same.longestTaskMs, run.longestTaskMs);
    same.keyPressMs = Math.max(same.keyPressMs, run.keyPressMs);
    same.keyPresses += run.keyPresses;
    same.rounds += 1;
  }
  return merged;
}
