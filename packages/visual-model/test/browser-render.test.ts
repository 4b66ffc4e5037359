// Renders every view in headless Chromium, as SVG (<img>) and on a real <canvas> from a bundle of the sources,
// and checks the pixels. PNGs are written to $TMPDIR/nophd-visual-model/ for a human look.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@repo/test-support';
import type { Browser, Page } from 'playwright-core';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  convolutionFilters,
  renderConfusionSvg,
  renderDigitMosaicSvg,
  renderModelSummarySvg,
  renderPredictionSvg,
  renderWeightPicturesSvg,
  weightTemplates,
} from '../src/index.js';
import { answers, filterKernel, LAYERS, templateKernel } from './fixtures/model-like.js';

const pngDir = join(tmpdir(), 'nophd-visual-model');
let browser: Browser;
let page: Page;
let bundle: string;

/** The package's sources as one script for the page, exposing them as `window.views`. */
async function bundleSources(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nophd-vm-bundle-'));
  try {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    await build({ entry: { views: entry }, format: ['iife'], globalName: 'views', outDir: dir, dts: false, silent: true, config: false });
    return readFileSync(join(dir, 'views.global.js'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  mkdirSync(pngDir, { recursive: true });
  bundle = await bundleSources();
  browser = await launchChromium();
  page = await browser.newPage();
});

afterAll(() => browser?.close());

interface Census {
  width: number;
  height: number;
  red: number;
  blue: number;
  green: number;
  dark: number;
  white: number;
  /** The codelab's light red paper of a misrecognised digit. */
  pink: number;
}

/** Counts strongly red, blue, green, dark and white pixels of the canvas #c (not the transparent rest below a drawing). */
function census(): Promise<Census> {
  return page.evaluate(() => {
    const c = document.getElementById('c') as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const n = { width: c.width, height: c.height, red: 0, blue: 0, green: 0, dark: 0, white: 0, pink: 0 };
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a === 0) continue;
      if (r > 200 && g < 90 && b < 90) n.red++;
      if (b > 200 && r < 90 && g < 90) n.blue++;
      if (g > 120 && r < 80 && b < 120) n.green++;
      if (r + g + b < 200) n.dark++;
      if (r + g + b > 750) n.white++;
      if (r === 255 && Math.abs(g - 196) < 3 && Math.abs(b - 196) < 3) n.pink++;
    }
    return n;
  });
}

/** Rasterises an SVG document onto #c at its own size and saves a PNG. */
async function rasteriseSvg(svg: string, name: string): Promise<Census> {
  const [, w, h] = svg.match(/width="(\d+)" height="(\d+)"/)!.map(Number);
  await page.setViewportSize({ width: w, height: h });
  await page.setContent(`<body style="margin:0"><canvas id="c" width="${w}" height="${h}"></canvas></body>`);
  await page.evaluate(async (src) => {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(src)}`;
    await img.decode();
    (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!.drawImage(img, 0, 0);
  }, svg);
  writeFileSync(join(pngDir, `${name}.svg.png`), await page.screenshot({ type: 'png' }));
  return census();
}

/** Runs `draw(views, ctx, data)` in the page on a fresh canvas of the given width and saves a PNG. */
async function drawOnCanvas(name: string, width: number, draw: string, data: unknown): Promise<Census> {
  await page.setViewportSize({ width, height: 900 });
  await page.setContent(`<body style="margin:0"><canvas id="c" width="${width}" height="900"></canvas><script>${bundle}</script></body>`);
  const height = await page.evaluate(
    ([source, input]) => {
      const ctx = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!;
      return new Function('views', 'ctx', 'data', `return (${source})(views, ctx, data);`)((window as never)['views'], ctx, input) as number;
    },
    [draw, data] as const,
  );
  expect(height).toBeGreaterThan(50);
  expect(height).toBeLessThanOrEqual(900);
  writeFileSync(join(pngDir, `${name}.canvas.png`), await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } }));
  return census();
}

describe('rendered in Chromium', () => {
  it('stage-1 templates: red and blue weights on white, in SVG and on canvas', async () => {
    const templates = weightTemplates(templateKernel());
    const svg = await rasteriseSvg(renderWeightPicturesSvg(templates, { width: 640, labels: [...'0123456789'], title: 'Stage 1 weights' }), 'templates');
    const drawn = await drawOnCanvas(
      'templates',
      640,
      `(views, ctx, kernel) => views.drawWeightPictures(ctx, views.weightTemplates(Float32Array.from(kernel)), { labels: [...'0123456789'] })`,
      Array.from(templateKernel()),
    );
    for (const c of [svg, drawn]) {
      expect(c.red).toBeGreaterThan(500); // the positive rings and the 1's bar
      expect(c.blue).toBeGreaterThan(100); // the negative surround
      expect(c.white).toBeGreaterThan(10_000);
      expect(c.dark).toBeGreaterThan(20); // labels
    }
  });

  it('conv filters as a grid of 32 pictures', async () => {
    const filters = convolutionFilters(filterKernel(), [5, 5, 1, 32]);
    const svg = await rasteriseSvg(renderWeightPicturesSvg(filters, { width: 480, title: 'First-layer filters' }), 'filters');
    const drawn = await drawOnCanvas(
      'filters',
      480,
      `(views, ctx, kernel) => views.drawWeightPictures(ctx, views.convolutionFilters(Float32Array.from(kernel), [5, 5, 1, 32]))`,
      Array.from(filterKernel()),
    );
    for (const c of [svg, drawn]) {
      expect(c.red).toBeGreaterThan(2000);
      expect(c.blue).toBeGreaterThan(2000);
    }
  });

  it('confusion matrix: a green diagonal, red mistakes, counts and accuracy bars', async () => {
    const { labels, predictions } = answers();
    const svg = await rasteriseSvg(renderConfusionSvg(confusionMatrix(labels, predictions), { width: 520, title: 'Confusion' }), 'confusion');
    const drawn = await drawOnCanvas(
      'confusion',
      360,
      `(views, ctx, a) => views.drawConfusion(ctx, views.confusionMatrix(a.labels, a.predictions)).height`,
      { labels: Array.from(labels), predictions: Array.from(predictions) },
    );
    for (const c of [svg, drawn]) {
      expect(c.green).toBeGreaterThan(300); // ten dark-green diagonal cells
      expect(c.dark).toBeGreaterThan(50); // digits
    }
    // The click map agrees with what was drawn: the cell under (true 4, predicted 9) is reddish, not white.
    const cellColour = await page.evaluate(() => {
      const v = (window as never as { views: typeof import('../src/index.js') }).views;
      const { layout } = v.confusionScene(v.confusionMatrix([4, 4], [9, 4]), { width: 360 });
      const d = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!.getImageData(
        layout.left + 9.15 * layout.cell,
        layout.top + 4.15 * layout.cell,
        1,
        1,
      ).data;
      return Array.from(d);
    });
    expect(cellColour[0]).toBeGreaterThan(cellColour[1] + 20); // red tint
  });

  it('model summary: one text line per layer and a total', async () => {
    const svg = await rasteriseSvg(renderModelSummarySvg(LAYERS, { title: 'Deep MNIST for Experts' }), 'summary');
    const drawn = await drawOnCanvas('summary', 420, `(views, ctx, rows) => views.drawModelSummary(ctx, rows)`, LAYERS);
    for (const c of [svg, drawn]) {
      expect(c.dark).toBeGreaterThan(400);
      expect(c.white).toBeGreaterThan(c.dark);
    }
  });

  it('digit mosaic: dark ink, the wrong ones first on red, in SVG and on canvas', async () => {
    const { images, labels, predictions } = strokes(40);
    const digits = { images: Array.from(images), labels: Array.from(labels), predictions: Array.from(predictions) };
    const svg = await rasteriseSvg(renderDigitMosaicSvg({ images, labels, predictions }, { columns: 10, title: 'Digits' }), 'mosaic');
    const drawn = await drawOnCanvas(
      'mosaic',
      600,
      `(views, ctx, d) => { const digits = { images: Float32Array.from(d.images), labels: d.labels, predictions: d.predictions };
         views.drawDigitMosaic(ctx, digits, { columns: 10, accuracyScale: { evaluated: 400 }, box: { x: 0, y: 0, width: 600, height: 260 } }); return 260; }`,
      digits,
    );
    for (const c of [svg, drawn]) {
      expect(c.dark).toBeGreaterThan(400); // the strokes
      expect(c.pink).toBeGreaterThan(2 * 20 * 20); // four misrecognised digits on the codelab red
    }
    // The wrong ones come first: the top-left cell (x 40, y 18, 56 px a digit) is on red.
    const corner = await page.evaluate(() => Array.from((document.getElementById('c') as HTMLCanvasElement).getContext('2d')!.getImageData(50, 68, 1, 1).data));
    expect(corner.slice(0, 3)).toEqual([255, 196, 196]);
  });

  it('prediction vs label: the image, the red guess and the green true digit', async () => {
    const { images } = strokes(1);
    const input = { image: Array.from(images), label: 4, probabilities: [0.01, 0.01, 0.02, 0.02, 0.3, 0.02, 0.02, 0.1, 0.1, 0.4] };
    const svg = await rasteriseSvg(renderPredictionSvg(input, { width: 520 }), 'prediction');
    const drawn = await drawOnCanvas('prediction-narrow', 360, `(views, ctx, input) => views.drawPrediction(ctx, input)`, input);
    for (const c of [svg, drawn]) {
      expect(c.dark).toBeGreaterThan(500); // the enlarged stroke and the text
      expect(c.red).toBeGreaterThan(30); // the guess's bar
      expect(c.green).toBeGreaterThan(30); // the true digit's outline and verdict
    }
  });

  it('draw pad: a mouse stroke becomes a centred MNIST digit, clear wipes it, dispose stops listening', async () => {
    await page.setViewportSize({ width: 400, height: 400 });
    await page.setContent(
      `<body style="margin:0"><canvas id="pad" width="280" height="280" style="width:140px;height:140px"></canvas><script>${bundle}</script></body>`,
    );
    await page.evaluate(() => {
      const w = window as never as { views: typeof import('../src/index.js'); got: number[][]; pad: import('../src/index.js').DrawPad };
      w.got = [];
      w.pad = w.views.drawPad(document.getElementById('pad') as HTMLCanvasElement, { onDigit: (pixels) => w.got.push(Array.from(pixels)) });
    });
    await page.mouse.move(70, 20);
    await page.mouse.down();
    await page.mouse.move(70, 120, { steps: 10 }); // a vertical stroke in the middle: a 1
    await page.mouse.up();
    await page.waitForFunction(() => (window as never as { got: number[][] }).got.length > 0);
    const result = await page.evaluate(() => {
      const w = window as never as { got: number[][]; pad: import('../src/index.js').DrawPad };
      const pixels = w.got.at(-1)!;
      let [mass, sumX] = [0, 0];
      pixels.forEach((v, p) => ((mass += v), (sumX += v * ((p % 28) + 0.5))));
      return { strokes: w.pad.strokes(), mass, centreX: sumX / mass, touchAction: document.getElementById('pad')!.style.touchAction };
    });
    expect(result.strokes).toBe(1);
    expect(result.mass).toBeGreaterThan(20);
    expect(Math.abs(result.centreX - 14)).toBeLessThan(1.5);
    expect(result.touchAction).toBe('none');
    const afterClear = await page.evaluate(() => {
      const w = window as never as { pad: import('../src/index.js').DrawPad };
      w.pad.clear();
      const cleared = w.pad.pixels().reduce((a, b) => a + b, 0);
      w.pad.dispose();
      return { cleared, strokes: w.pad.strokes() };
    });
    expect(afterClear).toEqual({ cleared: 0, strokes: 0 });
    await page.mouse.move(30, 30);
    await page.mouse.down();
    await page.mouse.move(100, 100, { steps: 5 });
    await page.mouse.up();
    expect(await page.evaluate(() => (window as never as { pad: import('../src/index.js').DrawPad }).pad.strokes())).toBe(0);
  });
});

/** `count` digits, each a vertical stroke (a 1), labelled 1; every tenth is read as a 7. */
function strokes(count: number): { images: Float32Array; labels: Uint8Array; predictions: Uint8Array } {
  const images = new Float32Array(count * 784);
  for (let i = 0; i < count; i++) for (let y = 5; y < 23; y++) images[i * 784 + y * 28 + 13] = images[i * 784 + y * 28 + 14] = 1;
  const labels = new Uint8Array(count).fill(1);
  const predictions = labels.map((l, i) => (i % 10 === 3 ? 7 : l));
  return { images, labels, predictions };
}
