// Renders real-looking charts in headless Chromium: the SVG strings as <img>, and the canvas renderers on a
// real <canvas>. PNGs are written to $TMPDIR/nophd-visual-percentile-bands/ for a human look.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromiumProfile, type ChromiumProfile } from '@repo/test-support';
import type { Page } from 'playwright-core';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBandsSvg, renderCurvesSvg } from '../src/index.js';
import { lossSeries, weightSamples } from './fixtures/training-like.js';

const outDir = join(tmpdir(), 'nophd-visual-percentile-bands');
let chromium: ChromiumProfile | undefined;
let page: Page;
let bundle: string;

/** The package's sources as one script for the page (d3 included), exposing them as `window.charts`. */
async function bundleSources(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'nophd-vpb-bundle-'));
  try {
    await build({
      entry: { charts: fileURLToPath(new URL('../src/index.ts', import.meta.url)) },
      format: ['iife'],
      globalName: 'charts',
      outDir: dir,
      noExternal: [/.*/],
      dts: false,
      silent: true,
      config: false,
    });
    return readFileSync(join(dir, 'charts.global.js'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  // The canvas renderers run in the page from this bundle.
  bundle = await bundleSources();
  chromium = await launchChromiumProfile();
  page = await chromium.context.newPage();
});

afterAll(() => chromium?.close());

/** Loads an SVG as an image onto a canvas in the page (and saves a PNG); pixels are then read in the page. */
async function rasterise(svg: string, name: string) {
  await page.setViewportSize({ width: 640, height: 360 });
  await page.setContent('<body style="margin:0;background:#fff"><canvas id="c" width="640" height="360"></canvas></body>');
  await page.evaluate(async (src) => {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(src)}`;
    await img.decode();
    (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!.drawImage(img, 0, 0);
  }, svg);
  writeFileSync(join(outDir, `${name}.png`), await page.screenshot({ type: 'png' }));
  writeFileSync(join(outDir, `${name}.svg`), svg);
}

/** RGBA of one pixel of the rasterised chart. */
function pixel(x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ([px, py]) =>
      Array.from((document.getElementById('c') as HTMLCanvasElement).getContext('2d')!.getImageData(px, py, 1, 1).data),
    [x, y],
  );
}

/** How many pixels of the rasterised chart are close to the given colour. */
function countNear(rgb: [number, number, number], tolerance: number): Promise<number> {
  return page.evaluate(
    ([r, g, b, tol]) => {
      const data = (document.getElementById('c') as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 640, 360).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= tol) n++;
      }
      return n;
    },
    [...rgb, tolerance],
  );
}

const brightness = (rgba: number[]) => rgba[0] + rgba[1] + rgba[2];

describe('rendered in Chromium', () => {
  it('the bands SVG is darkest around the median and white outside min..max', async () => {
    const samples = weightSamples();
    const svg = renderBandsSvg(samples, { title: 'Weights', yLabel: 'value' });
    await rasterise(svg, 'bands');
    // Locate the last sample's column and its band boundaries in pixels by re-deriving the y scale from ticks.
    const yTicks = [...svg.slice(svg.indexOf('y-axis')).matchAll(/translate\([\d.]+,([\d.]+)\)".*?end">([^<]+)</g)];
    const num = (label: string) => Number(label.replace('\u2212', '-')); // d3 formats negatives with U+2212
    const [p0, v0] = [Number(yTicks[0][1]), num(yTicks[0][2])];
    const [p1, v1] = [Number(yTicks.at(-1)![1]), num(yTicks.at(-1)![2])];
    const toPx = (v: number) => Math.round(p0 + ((v - v0) * (p1 - p0)) / (v1 - v0));
    const xTicks = [...svg.slice(svg.indexOf('x-axis'), svg.indexOf('y-axis')).matchAll(/translate\(([\d.]+),/g)];
    const x = Math.round(Number(xTicks.at(-1)![1])) - 2; // near iteration 1950 (last sample)
    const b = samples.at(-1)!.bands;
    const centre = brightness(await pixel(x, toPx((b[3] + b[4]) / 2)));
    const outer = brightness(await pixel(x, toPx((b[0] + b[1]) / 2)));
    const outside = brightness(await pixel(x, toPx(b[7]) - 6));
    expect(centre).toBeLessThan(outer - 60); // 4 layers vs 1 layer
    expect(outer).toBeLessThan(outside - 60);
    expect(outside).toBeGreaterThan(700); // background stays (near) white
  });

  it('the curves SVG shows both coloured lines', async () => {
    const svg = renderCurvesSvg(lossSeries(), { title: 'Loss', yLabel: 'cross-entropy' });
    await rasterise(svg, 'curves');
    const blue = await countNear([0x25, 0x63, 0xeb], 60);
    const orange = await countNear([0xea, 0x58, 0x0c], 60);
    expect(blue).toBeGreaterThan(500);
    expect(orange).toBeGreaterThan(200);
  });

  it('drawBands and drawCurves paint a real canvas', async () => {
    await page.setViewportSize({ width: 640, height: 720 });
    await page.setContent(
      '<body style="margin:0;background:#fff"><canvas id="a" width="640" height="360"></canvas>' +
        '<canvas id="b" width="640" height="360"></canvas></body>',
    );
    await page.addScriptTag({ content: bundle });
    const painted = await page.evaluate(
      ({ samples, series }) => {
        const g = (globalThis as unknown as { charts: typeof import('../src/index.js') }).charts;
        const count = (id: string) => {
          const canvas = document.getElementById(id) as HTMLCanvasElement;
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 700) n++;
          return n;
        };
        g.drawBands((document.getElementById('a') as HTMLCanvasElement).getContext('2d')!, samples, {
          title: 'Weights (canvas)',
          color: '#7c3aed',
        });
        g.drawCurves((document.getElementById('b') as HTMLCanvasElement).getContext('2d')!, series, {
          title: 'Accuracy (canvas)',
          yDomain: [0, 2.5],
        });
        return { bands: count('a'), curves: count('b') };
      },
      { samples: weightSamples().map((s) => ({ iteration: s.iteration, bands: Array.from(s.bands) })), series: lossSeries() },
    );
    writeFileSync(join(outDir, 'canvas.png'), await page.screenshot({ type: 'png' }));
    expect(painted.bands).toBeGreaterThan(640 * 360 * 0.2);
    expect(painted.curves).toBeGreaterThan(2000);
  });
});
