// The CJS build must work with a plain require() in Node although d3-scale/d3-shape are ESM-only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import { expect, it } from 'vitest';
import configs from '../tsup.config.js';

it('the CJS build loads with require() and prints no warnings', async () => {
  const cjs = (configs as Options[]).find((c) => c.format?.includes('cjs'))!;
  const outDir = mkdtempSync(join(tmpdir(), 'nophd-vpb-cjs-'));
  try {
    await build({
      ...cjs,
      entry: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
      outDir,
      dts: false,
      sourcemap: false,
      silent: true,
      config: false,
    });
    const script =
      `const m = require(${JSON.stringify(join(outDir, 'index.cjs'))});` +
      'const svg = m.renderBandsSvg([{ iteration: 0, bands: m.percentileBands([1,2,3,4,5,6,7,8,9,10]) },' +
      '{ iteration: 1, bands: m.percentileBands([2,3,4,5,6,7,8,9,10,11]) }]);' +
      'console.log(JSON.stringify({ bands: Array.from(m.percentileBands([1,2,3,4,5,6,7])), paths: svg.split("class=\\"band\\"").length - 1 }));';
    const result = execFileSync(process.execPath, ['--trace-warnings', '-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(JSON.parse(result)).toEqual({ bands: [1, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7], paths: 4 });
    // execFileSync only returns stderr on failure; re-run capturing both to check for warnings.
    const child = await import('node:child_process');
    const { stderr } = child.spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(stderr).toBe('');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
