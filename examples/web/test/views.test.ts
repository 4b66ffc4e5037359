import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pageState, RESULTS_DIR, screenshot, waitForState } from './support/browser';
import { closeServedPage, servePage } from './support/served-page';

afterEach(closeServedPage);

/** Per view: canvas size and pixel census (non-white, red, blue, green, dark). */
function viewPixels(page: Page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-view]')]
        .filter((view) => !view.hidden)
        .map((view) => {
          const canvas = view.querySelector('canvas')!;
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          const n = { width: canvas.width, height: canvas.height, inked: 0, red: 0, blue: 0, green: 0, dark: 0 };
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
            if (r < 245 || g < 245 || b < 245) n.inked++;
            if (r > 200 && g < 120 && b < 120) n.red++;
            if (b > 200 && r < 120 && g < 120) n.blue++;
            if (g > 120 && r < 80 && b < 120) n.green++;
            if (r + g + b < 200) n.dark++;
          }
          return [view.dataset.view!, n];
        }),
    ),
  );
}

const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Draws a "7" on the pad with the mouse: a top bar, then the slanted stroke down. */
async function drawSeven(page: Page): Promise<void> {
  const box = (await page.locator('canvas.pad').boundingBox())!;
  const at = (x: number, y: number) => [box.x + (x / 280) * box.width, box.y + (y / 280) * box.height] as const;
  await page.mouse.move(...at(70, 60));
  await page.mouse.down();
  await page.mouse.move(...at(210, 60), { steps: 12 });
  await page.mouse.move(...at(130, 235), { steps: 16 });
  await page.mouse.up();
}

describe('the model views: weights as pictures, confusion matrix, model summary, draw a digit', () => {
  it('stage 1 on 10 training images, then a stage-4 model that reads a drawn 7', async () => {
    const { browser } = await servePage('?testSize=1000');
    const { page } = browser;
    await waitForState(page, `s.phase === 'ready' && s.status === 'ready'`);

    // Every view is there before training: the summary already lists stage 1's dense layer.
    const before = await viewPixels(page);
    expect(Object.keys(before)).toEqual(['weights', 'confusion', 'summary', 'draw', 'prediction']);
    expect(before.summary.dark).toBeGreaterThan(100);

    // The generalisation lesson: ten training images are learnt by heart and the test digits mostly missed.
    expect(await page.isVisible('#training-images')).toBe(true);
    await page.evaluate(() => window.__nophdViews!.setTrainingImages(10));
    expect(await page.textContent('#training-images output')).toBe('10');
    await waitForState(page, `s.status === 'ready' && s.batches === 0`);
    await page.evaluate(() => window.__nophd!.start());
    const tiny = await waitForState(page, `s.status === 'done'`);
    expect(tiny.batches).toBe(10); // 10 epochs of one batch of 10 images
    expect(tiny.test!.accuracy, 'ten images do not generalise').toBeLessThan(0.7); // stage 1 on all of them: > 0.8 within 300 batches
    await page.waitForFunction(() => window.__nophdViews!.weightsDrawnAt() === 10);
    await frames(page);
    const lesson = await viewPixels(page);
    expect(lesson.weights.red, 'positive template weights').toBeGreaterThan(200);
    expect(lesson.weights.blue, 'negative template weights').toBeGreaterThan(200);
    expect(lesson.confusion.green, 'the diagonal').toBeGreaterThan(100);
    expect(lesson.confusion.red + lesson.confusion.dark, 'mistakes and counts').toBeGreaterThan(100);
    await screenshot(page, 'views-stage1-10-images');

    // Keys: W, C, M, D, P show one view, V all of them; the six panels' keys still work.
    const all = ['weights', 'confusion', 'summary', 'draw', 'prediction'];
    for (const [key, views] of Object.entries({ w: ['weights'], c: ['confusion'], m: ['summary'], d: ['draw'], p: ['prediction'], v: all })) {
      await page.keyboard.press(key);
      await frames(page);
      expect(await page.evaluate(() => window.__nophdViews!.visible()), `key ${key}`).toEqual(views);
      const shown = await page.$$eval('[data-view]', (els) => els.filter((el) => el.getBoundingClientRect().width > 0).map((el) => (el as HTMLElement).dataset.view));
      expect(shown, `key ${key} shows`).toEqual(views);
    }
    await page.keyboard.press('4');
    await frames(page);
    expect((await pageState(page)).visiblePanels).toEqual([4]);
    await page.keyboard.press('0');

    // Clicking a confusion cell shows its test images: the 1s read right.
    const cell = (await page.evaluate(() => window.__nophdViews!.cellCentre(1, 1)))!;
    await page.mouse.click(cell.x, cell.y);
    expect(await page.textContent('.examples-caption')).toMatch(/^1s read right: \d+ test images?/);
    expect(await page.isVisible('canvas.examples')).toBe(true);

    // Back to all 55,000 images, then stage 4 trained long enough to read handwriting.
    await page.evaluate(() => window.__nophdViews!.setTrainingImages(55_000));
    await page.evaluate(() => window.__nophd!.setStage(4));
    await waitForState(page, `s.stage === 4 && s.status === 'ready' && s.batches === 0`);
    expect(await page.isVisible('#training-images')).toBe(false);
    await page.evaluate(() => window.__nophd!.start());
    await waitForState(page, `s.batches >= 150`, 240_000);
    await page.evaluate(() => window.__nophd!.pause());
    const stage4 = await waitForState(page, `s.status === 'paused' && s.idle`);
    expect(stage4.test!.accuracy).toBeGreaterThan(0.9);

    const tensorsBefore = stage4.numTensors;
    await drawSeven(page);
    await page.waitForFunction(() => window.__nophdViews!.drawPad().prediction !== null);
    expect((await pageState(page)).numTensors, 'predicting a drawing leaks no tensor').toBe(tensorsBefore);
    const pad = await page.evaluate(() => window.__nophdViews!.drawPad());
    expect(pad.prediction, `probabilities ${pad.probabilities!.map((p) => p.toFixed(3)).join(' ')}`).toBe(7);
    expect(pad.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(await page.getAttribute('canvas.answer', 'aria-label')).toBe('The model reads your digit as 7');
    await page.waitForFunction(() => window.__nophdViews!.weightsDrawnAt() >= 150);
    await frames(page);
    const conv = await viewPixels(page);
    expect(conv.weights.red + conv.weights.blue, 'twelve 3×3 filters').toBeGreaterThan(200);
    expect(conv.summary.dark).toBeGreaterThan(200);
    await page.locator('#views').scrollIntoViewIfNeeded();
    await screenshot(page, 'views-stage4-wide');

    // A phone-sized window: every view still fits its width.
    await page.setViewportSize({ width: 390, height: 844 });
    await frames(page);
    const widths = await page.$$eval('[data-view]', (els) => els.map((el) => el.getBoundingClientRect().right));
    for (const right of widths) expect(right).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'views-stage4-narrow');
    await page.locator('#views').screenshot({ path: join(RESULTS_DIR, 'views-stage4-narrow-views.png') });

    // Clear empties the pad and its answer.
    await page.click('button.clear');
    expect((await page.evaluate(() => window.__nophdViews!.drawPad())).prediction).toBeNull();
    expect(browser.problems).toEqual([]);
  });
});
