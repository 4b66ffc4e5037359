import { afterEach, describe, expect, it } from 'vitest';
import type { Capabilities } from '../src/select/capabilities.js';
import { softwareRendererName } from '../src/select/capabilities.js';
import { BackendUnavailableError } from '../src/select/errors.js';
import { UnknownBackendError } from '../src/select/names.js';
import { planCandidates, type PlannedCandidate } from '../src/select/plan.js';
import { resolveRequest, selectWith } from '../src/select/select-backend.js';
import type { StartBackend } from '../src/select/start.js';
import { backendFromUrl } from '../src/select/url.js';
import { selectBackend } from '../src/index.js';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 (0x00002206) Direct3D11 vs_5_0 ps_5_0, D3D11)';

function browser(overrides: Partial<Capabilities> = {}): Capabilities {
  return {
    environment: 'browser',
    webgl: { webgl2: true, floatRenderTargets: true, renderer: NVIDIA },
    wasm: { supported: true, simd: true, threads: true },
    crossOriginIsolated: true,
    hardwareConcurrency: 8,
    ...overrides,
  };
}

function node(overrides: Partial<Capabilities> = {}): Capabilities {
  return {
    environment: 'node',
    webgl: { webgl2: false, floatRenderTargets: false, problem: 'WebGL needs a browser' },
    wasm: { supported: true, simd: true, threads: false },
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    ...overrides,
  };
}

const auto = { backend: 'auto', source: 'default', threads: true } as const;

/** Records what would be started; `failing` candidates throw like a backend whose init fails. */
function fakeStarter(failing: string[] = []) {
  const started: PlannedCandidate[] = [];
  const start: StartBackend = async (candidate) => {
    started.push(candidate);
    if (failing.includes(candidate.id)) throw new Error(`${candidate.id} init failed in this fake`);
    return candidate.backend === 'wasm' ? { simd: candidate.simd, threads: candidate.threads } : {};
  };
  return { start, started };
}

describe('selection order', () => {
  it('browser with a GPU chooses WebGL first', async () => {
    const { selection } = await selectWith(auto, browser(), fakeStarter().start, undefined);
    expect(selection.name).toBe('webgl');
    expect(selection.label).toBe('webgl (WebGL2, GPU)');
    expect(selection.renderer).toBe(NVIDIA);
    expect(selection.candidates).toEqual([{ name: 'webgl', outcome: 'chosen', reason: expect.stringContaining('GPU') }]);
  });

  it('skips a software WebGL renderer for threaded SIMD wasm, naming the renderer', async () => {
    const caps = browser({ webgl: { webgl2: true, floatRenderTargets: true, renderer: SWIFTSHADER } });
    const { start, started } = fakeStarter();
    const { selection } = await selectWith(auto, caps, start, undefined);
    expect(started.map((c) => c.id)).toEqual(['wasm-simd']);
    expect(selection.name).toBe('wasm');
    expect(selection.label).toBe('wasm (SIMD, 8 threads)');
    expect(selection.threads).toBe(8);
    expect(selection.candidates[0]).toEqual({
      name: 'webgl',
      outcome: 'skipped',
      reason: expect.stringMatching(/^WebGL renderer is SwiftShader \(software\)/),
    });
    expect(selection.reason).toContain('SwiftShader');
  });

  it.each([
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['Microsoft Basic Render Driver', 'Microsoft Basic Render Driver'],
    ['Google SwiftShader', 'SwiftShader'],
    ['Software Adapter', 'a software rasteriser'],
    [NVIDIA, undefined],
    ['Apple M2', undefined],
  ])('classifies renderer %s', (renderer, expected) => {
    expect(softwareRendererName(renderer)).toBe(expected);
  });

  it('skips WebGL without float render targets', async () => {
    const caps = browser({ webgl: { webgl2: true, floatRenderTargets: false, renderer: NVIDIA } });
    const { selection } = await selectWith(auto, caps, fakeStarter().start, undefined);
    expect(selection.name).toBe('wasm');
    expect(selection.candidates[0]!.reason).toContain('EXT_color_buffer_float');
  });

  it('uses one thread and says why when the page is not cross-origin isolated', async () => {
    const caps = browser({
      webgl: { webgl2: false, floatRenderTargets: false, problem: 'this browser gave no WebGL2 context' },
      wasm: { supported: true, simd: true, threads: false },
      crossOriginIsolated: false,
    });
    const { selection } = await selectWith(auto, caps, fakeStarter().start, undefined);
    expect(selection.label).toBe('wasm (SIMD, 1 thread)');
    expect(selection.candidates[0]).toEqual({
      name: 'webgl',
      outcome: 'skipped',
      reason: 'WebGL2 is unavailable: this browser gave no WebGL2 context',
    });
    expect(selection.reason).toContain('not cross-origin isolated');
  });

  it('threads: false keeps wasm single-threaded even when isolated', async () => {
    const caps = browser({ webgl: { webgl2: false, floatRenderTargets: false } });
    const { selection } = await selectWith({ ...auto, threads: false }, caps, fakeStarter().start, undefined);
    expect(selection.threads).toBe(1);
    expect(selection.reason).toContain('threads: false');
  });

  it('falls to wasm without SIMD, then to cpu', async () => {
    const noSimd = browser({
      webgl: { webgl2: false, floatRenderTargets: false },
      wasm: { supported: true, simd: false, threads: false },
    });
    const first = await selectWith(auto, noSimd, fakeStarter().start, undefined);
    expect(first.selection.label).toBe('wasm (no SIMD, 1 thread)');
    expect(first.selection.candidates.map((c) => [c.name, c.outcome])).toEqual([
      ['webgl', 'skipped'],
      ['wasm-simd', 'skipped'],
      ['wasm', 'chosen'],
    ]);
    const noWasm = browser({
      webgl: { webgl2: false, floatRenderTargets: false },
      wasm: { supported: false, simd: false, threads: false },
    });
    const second = await selectWith(auto, noWasm, fakeStarter().start, undefined);
    expect(second.selection.name).toBe('cpu');
    expect(second.selection.candidates[1]!.reason).toBe('WebAssembly is unavailable here');
  });

  it('records a backend whose start fails and moves on', async () => {
    const { start, started } = fakeStarter(['webgl', 'wasm-simd']);
    const { selection } = await selectWith(auto, browser(), start, undefined);
    // Threaded SIMD, then single-threaded SIMD, then wasm without SIMD.
    expect(started.map((c) => [c.id, c.threads])).toEqual([['webgl', undefined], ['wasm-simd', 8], ['wasm-simd', 1], ['wasm', 1]]);
    expect(selection.label).toBe('wasm (no SIMD, 1 thread)');
    expect(selection.candidates[0]).toEqual({ name: 'webgl', outcome: 'failed', reason: 'webgl init failed in this fake' });
  });

  it('Node tries wasm SIMD then cpu, never WebGL', async () => {
    expect(planCandidates(node(), auto).map((c) => c.id)).toEqual(['wasm-simd', 'cpu']);
    const { selection } = await selectWith(auto, node(), fakeStarter().start, undefined);
    expect(selection.label).toBe('wasm (SIMD, 1 thread)');
    expect(selection.reason).toContain('threaded wasm in Node needs Node.js 20.16');
    const noSimd = await selectWith(auto, node({ wasm: { supported: true, simd: false, threads: false } }), fakeStarter().start, undefined);
    expect(noSimd.selection.name).toBe('cpu');
  });
});

describe('threads', () => {
  const nodeWithThreads = (hardwareConcurrency: number, busyCores: number) =>
    node({ wasm: { supported: true, simd: true, threads: true }, hardwareConcurrency, busyCores });

  it('Node: one thread per idle core, the cores minus those other processes keep busy', async () => {
    const quiet = await selectWith(auto, nodeWithThreads(2, 0.3), fakeStarter().start, undefined);
    expect(quiet.selection.label).toBe('wasm (SIMD, 2 threads)');
    expect(quiet.selection.reason).toContain('multithreaded (2 cores, 0.3 cores busy)');
    const half = await selectWith(auto, nodeWithThreads(8, 3.4), fakeStarter().start, undefined);
    expect(half.selection.threads).toBe(5);
  });

  it('Node: one thread, and why, when other processes keep the cores busy or there is one core', async () => {
    const loaded = await selectWith(auto, nodeWithThreads(2, 1.6), fakeStarter().start, undefined);
    expect(loaded.selection.label).toBe('wasm (SIMD, 1 thread)');
    expect(loaded.selection.reason).toContain('other processes keep the cores busy (1.6 cores busy on 2 cores)');
    const single = await selectWith(auto, nodeWithThreads(1, 0), fakeStarter().start, undefined);
    expect(single.selection.reason).toContain('this machine has one core');
  });

  it('Node: the busy cores measured just now decide, not a load average left by work that has finished', async () => {
    const afterBuild = node({ wasm: { supported: true, simd: true, threads: true }, hardwareConcurrency: 2, loadAverage: 1.8, busyCores: 0.1 });
    expect((await selectWith(auto, afterBuild, fakeStarter().start, undefined)).selection.threads).toBe(2);
    const onlyLoad = node({ wasm: { supported: true, simd: true, threads: true }, hardwareConcurrency: 2, loadAverage: 1.8 });
    const { selection } = await selectWith(auto, onlyLoad, fakeStarter().start, undefined);
    expect(selection.threads).toBe(1);
    expect(selection.reason).toContain('load average 1.8 on 2 cores');
  });

  it('a number asks for exactly that many threads (at most 8), whatever the load', async () => {
    const three = await selectWith({ ...auto, threads: 3 }, nodeWithThreads(2, 5), fakeStarter().start, undefined);
    expect(three.selection.threads).toBe(3);
    const many = await selectWith({ ...auto, threads: 64 }, browser({ webgl: { webgl2: false, floatRenderTargets: false } }), fakeStarter().start, undefined);
    expect(many.selection.threads).toBe(8);
    const one = await selectWith({ ...auto, threads: 1 }, nodeWithThreads(2, 0), fakeStarter().start, undefined);
    expect(one.selection.reason).toContain('one thread was asked for with threads: 1');
  });

  it('a cross-origin isolated page gets every logical core', async () => {
    const caps = browser({ webgl: { webgl2: false, floatRenderTargets: false }, hardwareConcurrency: 4 });
    const { selection } = await selectWith(auto, caps, fakeStarter().start, undefined);
    expect(selection.label).toBe('wasm (SIMD, 4 threads)');
    expect(selection.reason).toContain('multithreaded (cross-origin isolated page, 4 logical cores)');
  });
});

describe('forced backends', () => {
  it("backend 'webgl' uses a software renderer anyway", async () => {
    const caps = browser({ webgl: { webgl2: true, floatRenderTargets: true, renderer: SWIFTSHADER } });
    const request = resolveRequest({ backend: 'webgl' });
    const { selection } = await selectWith(request, caps, fakeStarter().start, undefined);
    expect(selection.label).toBe('webgl (WebGL2, software)');
    expect(selection.reason).toMatch(/^forced by option backend=webgl/);
  });

  it('a forced backend that fails to start is an error, not a silent fallback', async () => {
    const request = resolveRequest({ backend: 'webgl' });
    const attempt = selectWith(request, browser(), fakeStarter(['webgl']).start, undefined);
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(
      "Backend 'webgl' (from option backend) could not be started: webgl failed: webgl init failed in this fake",
    );
    await expect(attempt).rejects.toThrow("Use backend: 'auto'");
  });

  it('forcing WebGL in Node is an error naming the cause', async () => {
    const attempt = selectWith(resolveRequest({ backend: 'webgl' }), node(), fakeStarter().start, undefined);
    await expect(attempt).rejects.toThrow(/webgl skipped: WebGL2 is unavailable: WebGL needs a browser/);
  });

  it("forced 'wasm' tries SIMD then plain wasm, and no other backend", async () => {
    const { start, started } = fakeStarter(['wasm-simd', 'wasm']);
    const attempt = selectWith(resolveRequest({ backend: 'wasm' }), browser(), start, undefined);
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(started.map((c) => c.id)).toEqual(['wasm-simd', 'wasm-simd', 'wasm']);
  });

  it('selectBackend with an injected probe forces through the same path', async () => {
    const attempt = selectBackend({ backend: 'webgl', probe: () => node() });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
  });
});

describe('overrides', () => {
  afterEach(() => {
    delete process.env.NOPHD_BACKEND;
  });

  it('unknown names list the valid ones', () => {
    expect(() => resolveRequest({ backend: 'gpu' as never })).toThrow(UnknownBackendError);
    expect(() => resolveRequest({ backend: 'gpu' as never })).toThrow(
      'Unknown backend "gpu" (from option backend). Valid names are: auto, webgl, wasm, cpu.',
    );
  });

  it('NOPHD_BACKEND decides when the option is unset or auto, and is checked', () => {
    process.env.NOPHD_BACKEND = ' CPU ';
    expect(resolveRequest({})).toMatchObject({ backend: 'cpu', source: 'NOPHD_BACKEND' });
    expect(resolveRequest({ backend: 'auto' })).toMatchObject({ backend: 'cpu' });
    expect(resolveRequest({ backend: 'wasm' })).toMatchObject({ backend: 'wasm', source: 'option backend' });
    process.env.NOPHD_BACKEND = 'metal';
    expect(() => resolveRequest({})).toThrow(/Unknown backend "metal" \(from NOPHD_BACKEND\)\. Valid names are: auto, webgl, wasm, cpu/);
  });

  it('NOPHD_BACKEND forcing a failing backend names the variable in the error', async () => {
    process.env.NOPHD_BACKEND = 'cpu';
    const attempt = selectWith(resolveRequest({}), node(), fakeStarter(['cpu']).start, undefined);
    await expect(attempt).rejects.toThrow(/from NOPHD_BACKEND.*unset NOPHD_BACKEND/);
  });

  it('backendFromUrl reads ?backend=', () => {
    expect(backendFromUrl('?backend=webgl&x=1')).toBe('webgl');
    expect(backendFromUrl('')).toBeUndefined();
    expect(backendFromUrl('?backend=')).toBeUndefined();
    expect(() => backendFromUrl('?backend=tpu')).toThrow(/"tpu" \(from \?backend= in the page URL\)\. Valid names are: auto, webgl, wasm, cpu/);
  });
});
