/**
 * Renders an SVG file to PNG in headless Chromium, to look at report.svg as a browser draws it.
 * Usage: tsx scripts/svg-to-png.ts runs/stage-4/report.svg [out.png]
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { launchChromiumProfile } from '@repo/test-support';

const [input, output = input.replace(/\.svg$/, '') + '.png'] = process.argv.slice(2);
if (!input) {
  console.error('Usage: tsx scripts/svg-to-png.ts FILE.svg [OUT.png]');
  process.exit(2);
}
const svg = await readFile(input, 'utf8');
const width = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 1120);
const height = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 700);
const chromium = await launchChromiumProfile({ viewport: { width, height } });
try {
  const page = await chromium.context.newPage();
  await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
  await page.screenshot({ path: resolve(output), clip: { x: 0, y: 0, width, height } });
  console.log(`Wrote ${output}`);
} finally {
  await chromium.close();
}
