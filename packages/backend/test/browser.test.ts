// Real-browser tests: builds test/fixtures/browser with the nophdWasm() Vite plugin, serves the build
// from 127.0.0.1 (with and without COOP/COEP) and drives headless Chromium with playwright-core.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nophdWasm } from '../src/vite/index.js';
import type { BackendSelection } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/browser', import.meta.url));
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

interface SelectResult {
  selection: BackendSelection;
  active: string;
  product: number[];
  crossOriginIsolated: boolean;
}

let outDir: string;
let profileDir: string;
let context: BrowserContext;
const servers: Server[] = [];
let plainUrl: string;
let isolatedUrl: string;

function serve(root: string, isolated: boolean): Promise<string> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
    if (isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    res.end(body);
  });
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );
}

/** Opens the fixture page, failing the test on any console error, page error or failed request. */
async function open(url: string, initScript?: () => void): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url);
  await page.waitForFunction(() => 'nophd' in window);
  return { page, errors };
}

function select(page: Page, options: Record<string, unknown> = {}): Promise<SelectResult> {
  return page.evaluate((opts) => (window as any).nophd.select(opts), options);
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'nophd-backend-fixture-'));
  profileDir = mkdtempSync(join(tmpdir(), 'nophd-backend-chromium-'));
  await build({
    root: fixture,
    configFile: false,
    logLevel: 'error',
    plugins: [nophdWasm()],
    build: { outDir, emptyOutDir: true, minify: false, reportCompressedSize: false },
  });
  [plainUrl, isolatedUrl] = await Promise.all([serve(outDir, false), serve(outDir, true)]);
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(outDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
});

describe('selectBackend in headless Chromium', () => {
  it('the build carries the three tfjs-backend-wasm binaries and the path script', () => {
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      expect(readFileSync(join(outDir, 'nophd-wasm', file)).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    }
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toContain('__NOPHD_WASM_PATHS__');
  });

  it('(a) skips software WebGL (SwiftShader) for SIMD wasm by default', async () => {
    const { page, errors } = await open(plainUrl);
    const result = await select(page);
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection).toMatchObject({ name: 'wasm', simd: true, threads: 1, label: 'wasm (SIMD, 1 thread)' });
    expect(result.selection.candidates[0]).toEqual({
      name: 'webgl',
      outcome: 'skipped',
      reason: expect.stringMatching(/^WebGL renderer is SwiftShader \(software\)/),
    });
    expect(result.selection.renderer).toMatch(/SwiftShader/);
    expect(result.selection.reason).toContain('not cross-origin isolated');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(b) chooses WebGL when the renderer is a hardware GPU', async () => {
    const { page, errors } = await open(plainUrl, fakeHardwareRenderer);
    const result = await select(page);
    expect(result.active).toBe('webgl');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection).toMatchObject({ name: 'webgl', label: 'webgl (WebGL2, GPU)' });
    expect(result.selection.renderer).toContain('GeForce RTX 4090');
    expect(result.selection.candidates).toEqual([{ name: 'webgl', outcome: 'chosen', reason: expect.stringContaining('GPU') }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(c) falls back to wasm when WebGL is unavailable, and says so', async () => {
    const { page, errors } = await open(plainUrl, disableWebGL);
    const result = await select(page);
    expect(result.active).toBe('wasm');
    expect(result.selection.candidates[0]).toEqual({
      name: 'webgl',
      outcome: 'skipped',
      reason: 'WebGL2 is unavailable: this browser gave no WebGL2 context',
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(d) runs the threaded SIMD binary on a cross-origin isolated page', async () => {
    const { page, errors } = await open(isolatedUrl);
    const binaries: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) binaries.push(request.url().split('/').pop()!);
    });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const result = await select(page);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(binaries).toEqual(['tfjs-backend-wasm-threaded-simd.wasm']);
    // Every logical core (at most 8), not the half tfjs-backend-wasm would start on its own.
    const expected = Math.min(8, Math.max(1, cores));
    expect(result.selection).toMatchObject({ simd: true, threads: expected });
    expect(result.selection.reason).toContain('multithreaded (cross-origin isolated page');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(d) uses every logical core (8 emulated)', async () => {
    const { page, errors } = await open(isolatedUrl, emulateEightCores);
    const result = await select(page);
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection.threads).toBeGreaterThan(1);
    expect(result.selection).toMatchObject({ simd: true, threads: 8, label: 'wasm (SIMD, 8 threads)' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("(e) ?backend=webgl forces software WebGL, and it computes a matmul", async () => {
    const { page, errors } = await open(`${plainUrl}?backend=webgl`);
    const result = await select(page);
    expect(result.active).toBe('webgl');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection).toMatchObject({ name: 'webgl', label: 'webgl (WebGL2, software)' });
    expect(result.selection.reason).toMatch(/^forced by option backend=webgl/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(f) falls back to wasm when the WebGL context is lost, and tells listeners', async () => {
    const { page, errors } = await open(plainUrl, fakeHardwareRenderer);
    expect((await select(page)).active).toBe('webgl');
    await page.evaluate(() => (window as any).nophd.loseWebGLContext());
    const fallback = await page.evaluate(() => (window as any).nophd.nextFallback());
    expect(fallback.from).toBe('webgl');
    expect(fallback.why).toContain('WebGL context was lost');
    expect(fallback.to.name).toBe('wasm');
    expect(fallback.to.candidates[0]).toMatchObject({ name: 'webgl', outcome: 'skipped' });
    expect(fallback.active).toBe('wasm');
    expect(fallback.product).toEqual([19, 22, 43, 50]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(g) a forced backend that cannot start is a clear error', async () => {
    const { page } = await open(`${plainUrl}?backend=webgl`, disableWebGL);
    const message = await page.evaluate(() =>
      (window as any).nophd.select().then(
        () => 'no error',
        (error: Error) => `${error.name}: ${error.message}`,
      ),
    );
    expect(message).toMatch(/^BackendUnavailableError: Backend 'webgl' \(from option backend\) could not be started/);
    await page.close();
  });
});

// Init scripts run in the page before any of its code; they must be self-contained.
function fakeHardwareRenderer(): void {
  const UNMASKED_RENDERER_WEBGL = 0x9246;
  for (const Context of [WebGLRenderingContext, WebGL2RenderingContext]) {
    const getParameter = Context.prototype.getParameter;
    Context.prototype.getParameter = function (this: WebGLRenderingContext, name: number) {
      return name === UNMASKED_RENDERER_WEBGL
        ? 'ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 (0x00002684) Direct3D11 vs_5_0 ps_5_0, D3D11)'
        : getParameter.call(this, name);
    } as typeof getParameter;
  }
}

function emulateEightCores(): void {
  Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 });
}

function disableWebGL(): void {
  for (const Canvas of [HTMLCanvasElement, OffscreenCanvas]) {
    const getContext = Canvas.prototype.getContext as (...args: unknown[]) => unknown;
    (Canvas.prototype as { getContext: unknown }).getContext = function (this: unknown, type: string, ...rest: unknown[]) {
      return ['webgl', 'webgl2', 'experimental-webgl'].includes(type) ? null : getContext.call(this, type, ...rest);
    };
  }
}
