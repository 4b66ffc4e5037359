import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESULTS_DIR, trainBatches, waitForState } from './support/browser';
import { closeServedPage, servePage } from './support/served-page';

afterEach(closeServedPage);

const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** Dark, red and green pixels of the canvas matching `selector`. */
function census(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(sel)!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const n = { dark: 0, red: 0, green: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r + g + b < 200) n.dark++;
      if (r > 190 && g < 90 && b < 90) n.red++;
      if (g > 120 && r < 80 && b < 120) n.green++;
    }
    return n;
  }, selector);
}

/**
 * Draws with a finger through CDP touch events: each stroke is a list of points in the pad's 280×280 pixels.
 * The pad is found again before each stroke, as an eye would: the page may scroll while the model answers.
 */
async function touchDraw(page: Page, strokes: [number, number][][]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  for (const stroke of strokes) {
    const box = (await page.locator('canvas.pad').boundingBox())!;
    const at = ([x, y]: [number, number]) => ({ x: box.x + (x / 280) * box.width, y: box.y + (y / 280) * box.height });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(stroke[0])] });
    for (let i = 1; i < stroke.length; i++) {
      const [from, to] = [stroke[i - 1], stroke[i]];
      for (let s = 1; s <= 8; s++) {
        const point: [number, number] = [from[0] + ((to[0] - from[0]) * s) / 8, from[1] + ((to[1] - from[1]) * s) / 8];
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(point)] });
      }
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await frames(page); // lift the finger for a moment between strokes
  }
  await cdp.detach();
}

describe('touch on the draw pad, and prediction vs label', () => {
  it('a finger draws a digit the model answers, and a chosen test image shows its label and probabilities', async () => {
    const { browser } = await servePage('?testSize=1000', { hasTouch: true });
    const { page } = browser;
    await waitForState(page, `s.phase === 'ready' && s.status === 'ready'`);
    await trainBatches(page, 30);

    // A "4" drawn with a finger in two strokes: the pad sees touch pointers and the model answers.
    await page.keyboard.press('d');
    await page.evaluate(() => {
      const seen: string[] = ((window as never as { pointerTypes: string[] }).pointerTypes = []);
      document.querySelector('canvas.pad')!.addEventListener('pointerdown', (e) => seen.push((e as PointerEvent).pointerType));
    });
    await touchDraw(page, [
      [[90, 40], [70, 150], [200, 150]],
      [[170, 60], [170, 250]],
    ]);
    await page.waitForFunction(() => window.__nophdViews!.drawPad().probabilities !== null);
    expect(await page.evaluate(() => (window as never as { pointerTypes: string[] }).pointerTypes)).toEqual(['touch', 'touch']);
    const drawn = await page.evaluate(() => window.__nophdViews!.drawPad());
    expect(drawn.strokes).toBe(2);
    expect(drawn.probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect((await census(page, 'canvas.pad')).dark, 'the strokes on the pad').toBeGreaterThan(2000);
    expect((await census(page, 'canvas.answer')).dark, 'the digit as the model sees it').toBeGreaterThan(500);

    // More training moves the model, and the pad's answer follows it.
    await trainBatches(page, 60);
    await page.waitForFunction(
      (before) => window.__nophdViews!.drawPad().probabilities!.some((p, d) => Math.abs(p - before[d]) > 1e-4),
      drawn.probabilities!,
    );
    await page.locator('[data-view="draw"]').screenshot({ path: join(RESULTS_DIR, 'draw-touch-wide.png') });

    // P shows prediction vs label; a click on the first test digit of panel 6 (a misrecognised one) picks it.
    await page.keyboard.press('p');
    await frames(page);
    expect(await page.evaluate(() => window.__nophdViews!.visible())).toEqual(['prediction']);
    const panel = (await page.locator('[data-panel="6"] canvas').boundingBox())!;
    // Panel 6's layout (render/digits.ts): 8 px padding, 40 px for the accuracy scale, 40 × 25 cells centred.
    const [w, h] = [panel.width - 56, panel.height - 24];
    const cell = Math.min(w / 40, h / 25);
    await page.locator('[data-panel="6"] canvas').click({ position: { x: 48 + (w - cell * 40) / 2 + cell / 2, y: 12 + (h - cell * 25) / 2 + cell / 2 } });
    await page.waitForFunction(() => window.__nophdViews!.prediction().probabilities !== null);
    const wrong = await page.evaluate(() => window.__nophdViews!.prediction());
    expect(wrong.label).not.toBeNull();
    expect(wrong.prediction, 'the first test digit of panel 6 is a misrecognised one').not.toBe(wrong.label);
    const picture = await census(page, '[data-view="prediction"] canvas');
    expect(picture.dark, 'the image and the text').toBeGreaterThan(1000);
    expect(picture.red, 'the wrong guess in red').toBeGreaterThan(100);
    expect(picture.green, 'the true digit in green').toBeGreaterThan(50);

    // → steps to the next test image; a confusion cell's image shows with its true label.
    await page.keyboard.press('ArrowRight');
    expect((await page.evaluate(() => window.__nophdViews!.prediction())).index).toBe((wrong.index + 1) % 1000);
    await page.keyboard.press('v');
    await frames(page);
    expect(await page.evaluate(() => window.__nophdViews!.selectCell(3, 3))).toBeGreaterThan(0);
    const strip = (await page.locator('canvas.examples').boundingBox())!;
    await page.locator('canvas.examples').click({ position: { x: strip.width / 30, y: strip.height / 8 } }); // the first image: a 3 read as 3
    await page.waitForFunction(() => window.__nophdViews!.prediction().probabilities !== null && window.__nophdViews!.prediction().label === 3);
    expect((await page.evaluate(() => window.__nophdViews!.prediction())).prediction).toBe(3);
    await page.keyboard.press('p');
    await frames(page);
    await page.locator('[data-view="prediction"]').screenshot({ path: join(RESULTS_DIR, 'prediction-wide.png') });

    // A phone-width window: the view stacks the bars under the image and fits.
    await page.setViewportSize({ width: 390, height: 844 });
    await frames(page);
    await frames(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const right = await page.$eval('[data-view="prediction"]', (el) => el.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(390);
    await page.locator('[data-view="prediction"]').screenshot({ path: join(RESULTS_DIR, 'prediction-narrow.png') });
    await page.keyboard.press('d');
    await frames(page);
    await page.locator('[data-view="draw"]').screenshot({ path: join(RESULTS_DIR, 'draw-touch-narrow.png') });
    // Back on a laptop with every view: the draw card of the two-column grid puts the answer under the pad.
    await page.setViewportSize({ width: 1440, height: 960 });
    await page.keyboard.press('v');
    await frames(page);
    await page.locator('[data-view="draw"]').screenshot({ path: join(RESULTS_DIR, 'draw-touch-laptop-grid.png') });
    expect(browser.problems).toEqual([]);
  });
});
