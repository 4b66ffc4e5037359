import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageProblems, launchChromiumProfile } from '@repo/test-support';
import type { BrowserContext, Page } from 'playwright-core';
import type { PageState } from '../../src/hooks';

export const RESULTS_DIR = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'test-results');

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Opens `url` in a fresh headless Chromium profile; `initScript` runs in the page before any of its scripts,
 * `hasTouch` gives the page a touch screen (for `Input.dispatchTouchEvent`).
 */
export async function openPage(url: string, options: { initScript?: string; hasTouch?: boolean } = {}): Promise<OpenPage> {
  const chromium = await launchChromiumProfile({ viewport: { width: 1440, height: 960 }, hasTouch: options.hasTouch ?? false });
  const { context } = chromium;
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = collectPageProblems(page);
  await page.goto(url);
  return { page, context, problems, close: () => chromium.close() };
}

/** The page's `window.__nophd.state()`. */
export function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => window.__nophd!.state());
}

/** Waits until `predicate(state)` holds; fails early with the page's error if it shows one. */
export async function waitForState(page: Page, predicate: string, timeoutMs = 120_000): Promise<PageState> {
  await page.waitForFunction(
    `(() => { const s = window.__nophd && window.__nophd.state(); if (s && s.error) throw new Error(s.error); return s && (${predicate}); })()`,
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  return pageState(page);
}

/** Trains until at least `batches` batches are done, then pauses and waits for the paused test evaluation. */
export async function trainBatches(page: Page, batches: number, timeoutMs?: number): Promise<PageState> {
  await page.evaluate(() => window.__nophd!.start());
  await waitForState(page, `s.batches >= ${batches}`, timeoutMs);
  await page.evaluate(() => window.__nophd!.pause());
  return waitForState(page, `s.status === 'paused' && s.idle`, timeoutMs);
}

/** Per panel: the share of non-white pixels and counts of the codelab's colours, read back from each canvas. */
export interface PanelPixels {
  id: number;
  width: number;
  height: number;
  inked: number;
  blue: number;
  orange: number;
  red: number;
}

export function panelPixels(page: Page): Promise<PanelPixels[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-panel]')]
      .filter((panel) => !panel.hidden)
      .map((panel) => {
        const canvas = panel.querySelector('canvas')!;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0;
        let blue = 0;
        let orange = 0;
        let red = 0;
        for (let i = 0; i < data.length; i += 4) {
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if (r < 245 || g < 245 || b < 245) inked++;
          if (b > r + 60 && b > g + 30) blue++; // training curves, #1f77b4
          if (r > 220 && g < r - 20 && b < g - 15) orange++; // test curves and the translucent bands, #ff7f0e
          if (r > 240 && g > 170 && g < 215 && Math.abs(g - b) < 6) red++; // misrecognised digits' background
        }
        return { id: Number(panel.dataset.panel), width: canvas.width, height: canvas.height, inked: inked / (data.length / 4), blue, orange, red };
      }),
  );
}

/** Saves a full-page screenshot under examples/web/test-results/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
