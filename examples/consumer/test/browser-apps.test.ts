// The browser half of the consumer test: fresh apps built for production (minified) from the installed
// tarballs with Vite 7, Vite 8, webpack 5 and esbuild, each served from 127.0.0.1 under the strict
// Content-Security-Policy, with and without COOP/COEP, and driven in headless Chromium: the backend is
// chosen, MNIST loads, 20 training steps of stage 4 lower the loss, and nothing is logged or refused.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { collectPageProblems, launchChromiumProfile, type ChromiumProfile } from '@repo/test-support';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serveStatic, STRICT_CSP, type StaticServer } from './support/static-server.js';

const sources = resolve(import.meta.dirname, '../browser');

interface BundlerApp {
  name: string;
  dir: string;
  /** The build command, run in the app's folder. */
  build: [string, string[]];
}

const APPS: BundlerApp[] = [
  { name: 'Vite 7', dir: 'vite7', build: ['node', ['../node_modules/vite7/bin/vite.js', 'build', '--config', 'vite.config.mjs']] },
  { name: 'Vite 8', dir: 'vite8', build: ['node', ['../node_modules/vite8/bin/vite.js', 'build', '--config', 'vite.config.mjs']] },
  { name: 'webpack 5', dir: 'webpack', build: ['node', ['build-webpack.mjs']] },
  { name: 'esbuild', dir: 'esbuild', build: ['node', ['build-esbuild.mjs']] },
];

interface CourseAppResult {
  selection: {
    name: string;
    label: string;
    simd?: boolean;
    threads?: number;
    reason: string;
    candidates: { name: string; outcome: string; reason: string }[];
  };
  tfBackend: string;
  crossOriginIsolated: boolean;
  trainSize: number;
  losses: number[];
}

let app = '';
let chromium: ChromiumProfile | undefined;
const servers: StaticServer[] = [];
const built = new Map<string, string>();

async function buildApp(bundler: BundlerApp): Promise<void> {
  const cwd = join(app, bundler.dir);
  mkdirSync(cwd, { recursive: true });
  cpSync(sources, cwd, { recursive: true });
  const [command, args] = bundler.build;
  try {
    await promisify(execFile)(command, args, { cwd, maxBuffer: 1 << 24 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${bundler.name} build failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  built.set(bundler.dir, join(cwd, 'dist'));
}

/** Files in a build, recursively, relative to it. */
function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesIn(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

beforeAll(async () => {
  app = inject('consumerApp');
  // Two cores: the four builds share them, which is quicker than one after another.
  await Promise.all(APPS.map(buildApp));
  chromium = await launchChromiumProfile();
});

afterAll(async () => {
  await chromium?.close();
  await Promise.all(servers.map((server) => server.close()));
});

/** Opens a built app and waits for its training to finish; collects console errors and CSP refusals. */
async function runApp(dist: string, isolated: boolean) {
  const server = await serveStatic(dist, { isolated, csp: STRICT_CSP });
  servers.push(server);
  const page = await chromium!.context.newPage();
  const problems = collectPageProblems(page);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.exposeFunction('reportPolicyViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportPolicyViolation(t: string): void }).reportPolicyViolation(
        `securitypolicyviolation: ${event.effectiveDirective} refused ${event.blockedURI}`,
      ),
    );
    // Four logical cores, so a cross-origin isolated page runs four wasm threads (one per core) even on a two-core runner.
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 });
  });
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => 'courseApp' in window, undefined, { timeout: 240_000, polling: 200 });
    const outcome = (await page.evaluate(() => (window as unknown as { courseApp: unknown }).courseApp)) as {
      result?: CourseAppResult;
      error?: string;
    };
    return { outcome, problems, requested };
  } finally {
    await page.close();
  }
}

describe.each(APPS)('a course app built for production with $name', (bundler) => {
  it('ships the wasm binaries, the threaded main script and no inline script', () => {
    const dist = built.get(bundler.dir)!;
    const files = filesIn(dist);
    for (const file of [
      'tfjs-backend-wasm.wasm',
      'tfjs-backend-wasm-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.wasm',
      'tfjs-backend-wasm-threaded-simd.js',
    ]) {
      expect(files, file).toContain(`nophd-wasm/${file}`);
    }
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !/\ssrc=/.test(tag))).toEqual([]);
    // Minified: no bundle keeps tfjs-backend-wasm's readable names.
    const bundles = files.filter((file) => file.endsWith('.js') && !file.startsWith('nophd-wasm/'));
    const code = bundles.map((file) => readFileSync(join(dist, file), 'utf8')).join('\n');
    expect(code).not.toContain('function GROWABLE_HEAP_I8');
    // MNIST through the published path: the Vite plugin, or `nophd-mnist copy dist/mnist --gzip` for the others.
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      expect(files, name).toContain(`mnist/${name}.gz`);
    }
  });

  it.each([
    ['cross-origin isolated: threaded SIMD wasm', true],
    ['not isolated: single-threaded SIMD wasm', false],
  ])('%s, under the strict CSP, trains stage 4 for 20 steps', async (_, isolated) => {
    const { outcome, problems, requested } = await runApp(built.get(bundler.dir)!, isolated);
    expect(outcome.error).toBeUndefined();
    const result = outcome.result!;
    expect(result.crossOriginIsolated).toBe(isolated);
    expect(result.tfBackend).toBe('wasm');
    expect(result.selection).toMatchObject({ name: 'wasm', simd: true, threads: isolated ? 4 : 1 });
    expect(result.selection.candidates.filter((c) => c.outcome === 'failed')).toEqual([]);
    const binary = isolated ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm';
    expect(requested.filter((path) => path.endsWith('.wasm'))).toEqual([`/nophd-wasm/${binary}`]);
    if (isolated) expect(requested).toContain('/nophd-wasm/tfjs-backend-wasm-threaded-simd.js');
    expect(requested).toContain('/mnist/train-images-idx3-ubyte.gz');
    expect(result.trainSize).toBe(2000);
    expect(result.losses).toHaveLength(20);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    const lastFive = result.losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
    // From about 2.3 to about 0.45 in practice; 0.8 leaves room for any seed of the weights.
    expect(lastFive, `losses ${result.losses.map((l) => l.toFixed(3)).join(' ')}`).toBeLessThan(result.losses[0]! * 0.8);
    expect(problems).toEqual([]);
  });
});
