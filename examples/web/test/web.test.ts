import { afterEach, describe, expect, inject, it } from 'vitest';
import type { PageState } from '../src/hooks';
import { openPage, pageState, panelPixels, screenshot, trainBatches, waitForState, type OpenPage } from './support/browser';
import { serveStatic, STRICT_CSP, type StaticSite } from './support/static-server';

/** Makes WebGL unavailable the way a GPU-less or blocklisted browser is: every getContext('webgl*') gives null. */
const NO_WEBGL = `(() => {
  for (const proto of [globalThis.HTMLCanvasElement?.prototype, globalThis.OffscreenCanvas?.prototype]) {
    if (!proto) continue;
    const getContext = proto.getContext;
    proto.getContext = function (type, ...rest) {
      if (/^(webgl|webgl2|experimental-webgl)$/.test(String(type))) return null;
      return getContext.call(this, type, ...rest);
    };
  }
})();`;

let site: StaticSite | undefined;
let browser: OpenPage | undefined;

afterEach(async () => {
  await browser?.close();
  await site?.close();
  browser = undefined;
  site = undefined;
});

async function open(
  query: string,
  options: { isolated?: boolean; csp?: string; initScript?: string } = {},
): Promise<OpenPage> {
  site = await serveStatic(inject('siteDir'), { isolated: options.isolated, csp: options.csp });
  browser = await openPage(`${site.url}${query}`, { initScript: options.initScript });
  await waitForState(browser.page, `s.phase === 'ready' && s.status === 'ready'`);
  return browser;
}

async function expectAllPanelsDrawn(b: OpenPage): Promise<void> {
  const pixels = await panelPixels(b.page);
  expect(pixels.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6]);
  for (const panel of pixels) {
    expect(panel.inked, `panel ${panel.id} has ink`).toBeGreaterThan(0.02);
  }
  const [accuracy, loss, , weights, biases, testDigits] = pixels;
  for (const curves of [accuracy, loss]) {
    expect(curves.blue, `panel ${curves.id} draws the training curve`).toBeGreaterThan(50);
    expect(curves.orange, `panel ${curves.id} draws the test curve`).toBeGreaterThan(20);
  }
  expect(weights.orange, 'weights bands').toBeGreaterThan(500);
  expect(biases.orange, 'biases bands').toBeGreaterThan(500);
  expect(testDigits.red, 'misrecognised test digits on red').toBeGreaterThan(50);
}

describe('the web page, built by vite and served statically', () => {
  it('auto-selects wasm over software WebGL and trains stage 1 and stage 4 with all six panels drawn', async () => {
    const b = await open('');
    const ready = await pageState(b.page);
    expect(ready.backend?.name).toBe('wasm');
    expect(ready.tfBackend).toBe('wasm');
    const webgl = ready.backend!.candidates.find((c) => c.name.startsWith('webgl'));
    expect(webgl?.outcome).toBe('skipped');
    expect(webgl?.reason).toMatch(/SwiftShader/);
    expect(await b.page.textContent('#backend-label')).toBe(ready.backend!.label);
    expect(await b.page.textContent('#backend-reason')).toMatch(/SwiftShader \(software\)/);
    // Real MNIST, gzipped (about 11.5 MB), with progress reported while it arrived; the bar is gone now.
    expect(ready.mnistBytes).toBeGreaterThan(11_000_000);
    expect(await b.page.isHidden('#download')).toBe(true);

    const stage1 = await trainBatches(b.page, 300);
    expect(stage1.test!.accuracy, 'stage 1 test accuracy after 300 batches').toBeGreaterThan(0.8);
    expect(stage1.train!.accuracy).toBeGreaterThan(0.6);
    expect(stage1.tensorsAfterLastBatch, 'no tensors leak across batches').toBe(stage1.tensorsAfterFirstBatch);
    expect(stage1.learningRate).toBeGreaterThan(0);
    await expectAllPanelsDrawn(b);
    expect(await b.page.textContent('#test-accuracy')).toMatch(/^\d+\.\d\d%$/);
    await screenshot(b.page, 'stage1-wasm');

    // The codelab's keyboard shortcuts.
    const expected: Record<string, number[]> = {
      '1': [1], '2': [2], '3': [3], '4': [4], '5': [5], '6': [6],
      '7': [1, 2], '8': [4, 5], '9': [3, 6], '0': [1, 2, 3, 4, 5, 6], Escape: [1, 2, 3, 4, 5, 6],
    };
    for (const [key, panels] of Object.entries(expected)) {
      await b.page.keyboard.press(key);
      await b.page.evaluate(() => new Promise(requestAnimationFrame));
      await b.page.evaluate(() => new Promise(requestAnimationFrame));
      expect((await pageState(b.page)).visiblePanels, `key ${key}`).toEqual(panels);
      const shown = await b.page.$$eval('[data-panel]', (els) =>
        els.filter((el) => el.getBoundingClientRect().width > 0).map((el) => Number((el as HTMLElement).dataset.panel)),
      );
      expect(shown, `key ${key} shows panels`).toEqual(panels);
      for (const panel of await panelPixels(b.page)) expect(panel.inked, `key ${key}, panel ${panel.id}`).toBeGreaterThan(0.02);
      if (key === '6') await screenshot(b.page, 'key6-test-digits');
      if (key === '9') await screenshot(b.page, 'key9-digits');
    }
    // Space resumes and pauses; while running the status bar shows the speed. (Nothing keeps focus: Space on a
    // focused button would press that button instead.)
    await b.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await b.page.keyboard.press('Space');
    await waitForState(b.page, `s.status === 'running' && s.batches > ${stage1.batches} && s.imagesPerSecond > 0`);
    await b.page.evaluate(() => new Promise(requestAnimationFrame));
    expect(await b.page.textContent('#speed')).toMatch(/^[\d,]+$/);
    // Stage 1's first epoch is 550 batches; a fast machine may already be in the second one here.
    expect(await b.page.textContent('#epoch')).toMatch(/^[12] \/ \d+$/);
    expect(Number(await b.page.textContent('#learning-rate'))).toBeCloseTo(stage1.learningRate!, 6);
    await b.page.keyboard.press('Space');
    await waitForState(b.page, `s.status === 'paused' && s.idle`);

    // Stage 4, a convolutional net: a few batches are enough to beat chance by far.
    await b.page.evaluate(() => window.__nophd!.setStage(4));
    await waitForState(b.page, `s.stage === 4 && s.status === 'ready' && s.batches === 0`);
    const stage4 = await trainBatches(b.page, 15);
    expect(stage4.test!.accuracy, 'stage 4 test accuracy after 15 batches').toBeGreaterThan(0.3);
    expect(stage4.tensorsAfterLastBatch).toBe(stage4.tensorsAfterFirstBatch);
    await expectAllPanelsDrawn(b);
    await screenshot(b.page, 'stage4-wasm');
    expect(b.problems).toEqual([]);
  });

  it('uses software WebGL when forced with ?backend=webgl', async () => {
    const b = await open('?backend=webgl&testSize=1000');
    const ready = await pageState(b.page);
    expect(ready.backend?.name).toBe('webgl');
    expect(ready.tfBackend).toBe('webgl');
    expect(ready.backend!.reason).toMatch(/SwiftShader/);
    const state = await trainBatches(b.page, 40);
    expect(state.tfBackend).toBe('webgl');
    expect(state.test!.accuracy, 'stage 1 on WebGL after 40 batches').toBeGreaterThan(0.5);
    expect(state.tensorsAfterLastBatch).toBe(state.tensorsAfterFirstBatch);
    await expectAllPanelsDrawn(b);
    await screenshot(b.page, 'stage1-webgl');
    expect(b.problems).toEqual([]);
  });

  it('moves training from WebGL to wasm when the WebGL context is lost, and tells the user', async () => {
    const b = await open('?backend=webgl&testSize=1000');
    expect((await pageState(b.page)).backend?.name).toBe('webgl');
    await b.page.evaluate(() => window.__nophd!.start());
    await waitForState(b.page, 's.batches >= 5');
    expect(await b.page.evaluate(() => window.__nophd!.loseWebGLContext())).toBe(true);
    const moved = await waitForState(b.page, `s.fallbacks.length === 1 && s.status === 'running' && s.batches >= 30`);
    expect(moved.fallbacks[0]).toMatchObject({ from: 'webgl', to: 'wasm' });
    expect(moved.tfBackend).toBe('wasm');
    expect(moved.backend?.reason).toMatch(/lost/i);
    expect(await b.page.textContent('#notice')).toMatch(/WebGL.*lost.*wasm/is);
    const state = await trainBatches(b.page, 60);
    expect(state.test!.accuracy).toBeGreaterThan(0.5);
    await screenshot(b.page, 'webgl-context-lost');
    expect(b.problems).toEqual([]);
  });

  it('falls back from WebGL to wasm when the browser gives no WebGL context', async () => {
    const b = await open('', { initScript: NO_WEBGL });
    const ready = await pageState(b.page);
    expect(ready.backend?.name).toBe('wasm');
    const webgl = ready.backend!.candidates.find((c) => c.name.startsWith('webgl'));
    expect(webgl?.outcome).not.toBe('chosen');
    expect(webgl?.reason).toMatch(/WebGL/);
    const state = await trainBatches(b.page, 50);
    expect(state.test!.accuracy).toBeGreaterThan(0.5);
    expect(b.problems).toEqual([]);
  });

  it('names the valid backends when ?backend= is wrong', async () => {
    site = await serveStatic(inject('siteDir'));
    browser = await openPage(`${site.url}?backend=gpu`);
    await browser.page.waitForFunction(() => window.__nophd?.state().phase === 'error');
    const notice = await browser.page.textContent('#notice');
    expect(notice).toMatch(/Unknown backend "gpu".*auto, webgl, wasm, cpu/);
    expect(browser.problems).toEqual([expect.stringMatching(/console.error: Could not start: Unknown backend "gpu"/)]);
  });

  it('uses threaded wasm when the page is cross-origin isolated (COOP/COEP)', async () => {
    const b = await open('', { isolated: true });
    const ready = await pageState(b.page);
    expect(ready.crossOriginIsolated).toBe(true);
    expect(ready.backend?.name).toBe('wasm');
    expect(ready.backend?.label).toMatch(/thread/);
    expect(ready.backend?.reason).toMatch(/multithreaded|threads/);
    expect(site!.requests.some((path) => path.endsWith('tfjs-backend-wasm-threaded-simd.wasm'))).toBe(true);
    const state = await trainBatches(b.page, 50);
    expect(state.test!.accuracy).toBeGreaterThan(0.5);
    await screenshot(b.page, 'stage1-wasm-threads');

    // On a phone-sized window the six panels stack in one column and still draw.
    await b.page.setViewportSize({ width: 420, height: 900 });
    await b.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const lefts = await b.page.$$eval('[data-panel]', (els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    for (const panel of await panelPixels(b.page)) expect(panel.inked, `narrow, panel ${panel.id}`).toBeGreaterThan(0.02);
    await screenshot(b.page, 'narrow-window');
    expect(b.problems).toEqual([]);
  });

  it('under a strict Content-Security-Policy with COOP/COEP, picks threaded SIMD wasm and trains with no violation', async () => {
    // Any refusal becomes a console error, which the page's problem list collects.
    const reportViolations = `document.addEventListener('securitypolicyviolation', (e) =>
      console.error('securitypolicyviolation: ' + e.effectiveDirective + ' refused ' + e.blockedURI));`;
    site = await serveStatic(inject('siteDir'), { isolated: true, csp: STRICT_CSP });
    browser = await openPage(site.url, { initScript: reportViolations });
    const { page } = browser;
    // The policy forbids evaluating strings, so wait with functions polled from here (not waitForState).
    const ready = await pollState(page, (s) => s.phase === 'ready' && s.status === 'ready');
    expect(ready.crossOriginIsolated).toBe(true);
    expect(ready.backend).toMatchObject({ name: 'wasm', simd: true });
    expect(ready.backend?.reason).toMatch(/multithreaded/);
    expect(ready.backend?.candidates.filter((c) => c.outcome === 'failed')).toEqual([]);
    expect(site.requests.filter((path) => path.endsWith('.wasm'))).toEqual(['/nophd-wasm/tfjs-backend-wasm-threaded-simd.wasm']);
    await page.evaluate(() => window.__nophd!.start());
    const trained = await pollState(page, (s) => s.batches >= 20);
    await page.evaluate(() => window.__nophd!.pause());
    expect(trained.train!.loss).toBeGreaterThan(0);
    expect(browser.problems).toEqual([]);
  });
});

/** Polls the page's state from Node until `done` holds, failing early when the page shows an error. */
async function pollState(page: OpenPage['page'], done: (state: PageState) => boolean, timeoutMs = 120_000): Promise<PageState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await pageState(page);
    if (state.error) throw new Error(state.error);
    if (done(state)) return state;
    if (Date.now() > deadline) throw new Error(`page state never matched: ${JSON.stringify(state).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
