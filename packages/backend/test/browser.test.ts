// Real-browser tests: builds test/fixtures/browser with the nophdWasm() Vite plugin, serves the build
// from 127.0.0.1 (with and without COOP/COEP) and drives headless Chromium with playwright-core.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromiumProfile, type ChromiumProfile } from '@repo/test-support';
import type { BrowserContext, Page } from 'playwright-core';
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
let chromium: ChromiumProfile | undefined;
let context: BrowserContext;
const servers: Server[] = [];
let plainUrl: string;
let isolatedUrl: string;
let strictUrl: string;
let strictIsolatedUrl: string;
let noWasmEvalUrl: string;
let trustedTypesUrl: string;
let noBlobWorkerUrl: string;

/** The strict policy a WebAssembly app is served with (issue 17); nophd must need nothing more. */
const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; " +
  "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'";

function serve(root: string, isolated: boolean, csp?: string): Promise<string> {
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
    if (csp) res.setHeader('Content-Security-Policy', csp);
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
  await page.exposeFunction('reportPolicyViolation', (text: string) => errors.push(text));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as any).reportPolicyViolation(`CSP ${event.effectiveDirective} refused ${event.blockedURI}`),
    ),
  );
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
  await build({
    root: fixture,
    configFile: false,
    logLevel: 'error',
    plugins: [nophdWasm()],
    // Minified, as apps ship: the threaded build must survive it.
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
  [plainUrl, isolatedUrl, strictUrl, strictIsolatedUrl, noWasmEvalUrl, trustedTypesUrl, noBlobWorkerUrl] =
    await Promise.all([
    serve(outDir, false),
    serve(outDir, true),
    serve(outDir, false, STRICT_CSP),
    serve(outDir, true, STRICT_CSP),
    serve(outDir, true, STRICT_CSP.replace(" 'wasm-unsafe-eval'", '')),
    serve(outDir, true, `${STRICT_CSP}; require-trusted-types-for 'script'`),
    serve(outDir, true, STRICT_CSP.replace("worker-src 'self' blob:", "worker-src 'self'")),
  ]);
  chromium = await launchChromiumProfile();
  context = chromium.context;
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(outDir, { recursive: true, force: true });
});

describe('selectBackend in headless Chromium', () => {
  it('the build carries the three tfjs-backend-wasm binaries and the threaded main script, and no inline script', () => {
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      expect(readFileSync(join(outDir, 'nophd-wasm', file)).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    }
    const mainScript = readFileSync(join(outDir, 'nophd-wasm', 'tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    expect(mainScript).toContain('var WasmBackendModuleThreadedSimd');
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => tag.includes(' src='))).toBe(true);
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

  it('(h) under a strict Content-Security-Policy with COOP/COEP, threaded SIMD wasm starts with no violation', async () => {
    const { page, errors } = await open(strictIsolatedUrl, emulateEightCores);
    const result = await select(page);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    // An isolated page uses every logical core (8 emulated here): see select/threads.ts.
    expect(result.selection).toMatchObject({ simd: true, threads: 8, label: 'wasm (SIMD, 8 threads)' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('(h) under the strict policy without isolation, single-threaded SIMD wasm starts with no violation', async () => {
    const { page, errors } = await open(strictUrl);
    const result = await select(page);
    expect(result.active).toBe('wasm');
    expect(result.selection).toMatchObject({ simd: true, threads: 1 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("(i) a policy without 'wasm-unsafe-eval' makes wasm fail with the directive to add, then cpu runs", async () => {
    const { page } = await open(noWasmEvalUrl);
    const result = await select(page, { startTimeoutMs: 5000 });
    expect(result.active).toBe('cpu');
    const wasmSimd = result.selection.candidates.find((c) => c.name === 'wasm-simd');
    expect(wasmSimd?.outcome).toBe('failed');
    expect(wasmSimd?.reason).toMatch(/^blocked by the page's Content-Security-Policy \(script-src refused wasm-eval: add 'wasm-unsafe-eval' to script-src/);
    expect(wasmSimd?.policy).toEqual([
      { directive: 'script-src', blocked: 'wasm-eval', fix: "add 'wasm-unsafe-eval' to script-src (WebAssembly compilation)" },
    ]);
    expect(result.selection.reason).toContain("add 'wasm-unsafe-eval' to script-src");
    await page.close();
  });

  it('(j) a worker-src without blob: refuses threads; single-threaded SIMD runs and the report names the directive', async () => {
    const { page, errors } = await open(noBlobWorkerUrl, emulateEightCores);
    const result = await select(page);
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection).toMatchObject({ simd: true, threads: 1 });
    expect(result.selection.candidates[1]).toMatchObject({
      name: 'wasm-simd',
      outcome: 'failed',
      policy: [{ directive: 'worker-src', blocked: 'blob', fix: 'add blob: to worker-src' }],
    });
    expect(result.selection.candidates[2]).toMatchObject({ name: 'wasm-simd', outcome: 'chosen' });
    expect(errors).toContain('CSP worker-src refused blob');
    await page.close();
  });

  it('(k) never hangs: threads whose main script is missing time out, and single-threaded SIMD runs', async () => {
    const { page } = await open(isolatedUrl, emulateEightCores);
    const folder = `${isolatedUrl}nophd-wasm/`;
    const wasmPaths = {
      'tfjs-backend-wasm.wasm': `${folder}tfjs-backend-wasm.wasm`,
      'tfjs-backend-wasm-simd.wasm': `${folder}tfjs-backend-wasm-simd.wasm`,
      'tfjs-backend-wasm-threaded-simd.wasm': `${folder}tfjs-backend-wasm-threaded-simd.wasm`,
      'tfjs-backend-wasm-threaded-simd.js': `${folder}missing.js`,
    };
    const result = await select(page, { wasmPaths, startTimeoutMs: 2000 });
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection).toMatchObject({ simd: true, threads: 1 });
    expect(result.selection.candidates[1]).toEqual({
      name: 'wasm-simd',
      outcome: 'failed',
      reason: expect.stringMatching(/^did not start within 2000 ms .*tfjs-backend-wasm-threaded-simd\.js served/),
    });
    await page.close();
  });

  it("(j) with require-trusted-types-for 'script', threads are refused and single-threaded SIMD wasm runs, saying why", async () => {
    const { page, errors } = await open(trustedTypesUrl, emulateEightCores);
    const result = await select(page);
    expect(result.active).toBe('wasm');
    expect(result.product).toEqual([19, 22, 43, 50]);
    expect(result.selection).toMatchObject({ simd: true, threads: 1, label: 'wasm (SIMD, 1 thread)' });
    expect(result.selection.candidates.slice(1).map((c) => [c.name, c.outcome])).toEqual([
      ['wasm-simd', 'failed'],
      ['wasm-simd', 'chosen'],
    ]);
    expect(result.selection.candidates[1]!.policy).toEqual([
      { directive: 'require-trusted-types-for', blocked: 'trusted-types-sink', fix: expect.stringMatching(/^remove require-trusted-types-for 'script' to run wasm threaded/) },
    ]);
    expect(result.selection.reason).toContain('single-threaded because threaded wasm did not start');
    expect(errors).toEqual([
      "This document requires 'TrustedScriptURL' assignment. The action has been blocked.",
      'CSP require-trusted-types-for refused trusted-types-sink',
    ]);
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
