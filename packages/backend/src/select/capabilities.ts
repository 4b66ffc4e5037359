import * as tf from '@tensorflow/tfjs-core';

/** What the WebGL probe found. */
export interface WebGLCapability {
  /** A WebGL2 context could be created. */
  webgl2: boolean;
  /** `EXT_color_buffer_float` is there, so float32 textures can be rendered to (training needs it). */
  floatRenderTargets: boolean;
  /** The unmasked renderer string (`WEBGL_debug_renderer_info`), when the browser tells. */
  renderer?: string;
  /** Why WebGL2 is unavailable, when it is. */
  problem?: string;
}

/** What the WebAssembly probe found. */
export interface WasmCapability {
  /** `WebAssembly` exists at all. */
  supported: boolean;
  /** WebAssembly SIMD validates (tfjs-backend-wasm's `WASM_HAS_SIMD_SUPPORT`). */
  simd: boolean;
  /** Shared-memory threads validate and SharedArrayBuffer can be posted (`WASM_HAS_MULTITHREAD_SUPPORT`). */
  threads: boolean;
}

/** Everything backend selection depends on; see {@link detectCapabilities}. */
export interface Capabilities {
  environment: 'browser' | 'node';
  webgl: WebGLCapability;
  wasm: WasmCapability;
  /** The page is cross-origin isolated (COOP/COEP), which browsers require for wasm threads. */
  crossOriginIsolated: boolean;
  /** Logical processors reported by the platform (Node: `os.availableParallelism()`). */
  hardwareConcurrency: number;
  /** Node only: the 1-minute load average (reported; the thread rule reads {@link Capabilities.busyCores}). */
  loadAverage?: number;
  /**
   * Node only: how many cores' worth of CPU time other processes used in the quarter second before selection
   * (from `os.cpus()`, minus this process's own). Unlike the load average, which trails the last minute, it does
   * not count work that has just finished, such as the build that `pnpm train` runs first.
   */
  busyCores?: number;
}

const SOFTWARE_RENDERERS: readonly [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/softpipe/i, 'softpipe'],
  [/basic render driver/i, 'Microsoft Basic Render Driver'],
  [/apple software renderer/i, 'Apple Software Renderer'],
  [/software/i, 'a software rasteriser'],
];

/**
 * Names the software rasteriser behind a WebGL renderer string, or returns `undefined` for a GPU.
 * Software WebGL (SwiftShader in headless Chromium, llvmpipe on GPU-less Linux) trains several
 * times slower than SIMD WebAssembly, so auto-selection treats it as "no GPU".
 *
 * @example
 * softwareRendererName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // 'SwiftShader'
 */
export function softwareRendererName(renderer: string | undefined): string | undefined {
  if (!renderer) return undefined;
  return SOFTWARE_RENDERERS.find(([pattern]) => pattern.test(renderer))?.[1];
}

/**
 * True in a page (Vite, webpack, plain script) and in a dedicated Web Worker, where WebGL runs on an
 * OffscreenCanvas and threaded wasm starts its own workers; false in Node.
 */
export function isBrowser(): boolean {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return true;
  const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  return typeof scope === 'function' && globalThis instanceof scope;
}

function probeWebGL(): WebGLCapability {
  if (!isBrowser()) return { webgl2: false, floatRenderTargets: false, problem: 'WebGL needs a browser' };
  let gl: WebGL2RenderingContext | null = null;
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  } catch (error) {
    return { webgl2: false, floatRenderTargets: false, problem: `creating a WebGL2 context threw: ${String(error)}` };
  }
  if (!gl) return { webgl2: false, floatRenderTargets: false, problem: 'this browser gave no WebGL2 context' };
  const floatRenderTargets = gl.getExtension('EXT_color_buffer_float') !== null;
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  // Browsers cap live contexts (16 in Chrome); give this probe's back at once.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { webgl2: true, floatRenderTargets, renderer };
}

async function probeWasm(): Promise<WasmCapability> {
  if (typeof WebAssembly === 'undefined') return { supported: false, simd: false, threads: false };
  // Ask tfjs-backend-wasm's own feature flags: they decide which binary it loads, so they are the truth.
  await import('@tensorflow/tfjs-backend-wasm');
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  return { supported: true, simd: Boolean(simd), threads: Boolean(threads) };
}

/**
 * Detects what this page or process offers: WebGL2 with float render targets and its renderer,
 * WebAssembly SIMD and threads, cross-origin isolation and the number of cores.
 *
 * In Node it also samples how busy the CPUs are for a quarter second (`busyCores`, which the thread rule reads);
 * pass `{ busyCores: false }` to skip that where no thread count will be decided (selectBackend does, when
 * asked for one thread, an exact count, or a backend other than wasm).
 *
 * @example
 * const caps = await detectCapabilities();
 * console.log(caps.webgl.renderer, caps.wasm.simd);
 */
export async function detectCapabilities(options: { busyCores?: boolean } = {}): Promise<Capabilities> {
  const browser = isBrowser();
  const cores =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  const caps: Capabilities = {
    environment: browser ? 'browser' : 'node',
    webgl: probeWebGL(),
    wasm: await probeWasm(),
    crossOriginIsolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated === true,
    hardwareConcurrency: cores,
  };
  return browser ? caps : { ...caps, ...(await probeNodeCores(caps.wasm, options.busyCores !== false)) };
}

/**
 * Node: cores and load from `node:os` (fetched with process.getBuiltinModule, so bundlers never see it),
 * and threads wherever useThreadedWasmInNode can start them (tfjs-backend-wasm's own flag is false in Node).
 */
async function probeNodeCores(wasm: WasmCapability, sampleBusy: boolean): Promise<Partial<Capabilities>> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
  if (!proc || !os) return {};
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  return {
    hardwareConcurrency: cores,
    loadAverage: os.loadavg()[0],
    ...(sampleBusy ? { busyCores: await busyCoresNow(os, proc, cores) } : {}),
    wasm: { ...wasm, threads: wasm.supported && wasm.simd },
  };
}

type NodeProcess = Pick<typeof process, 'cpuUsage'> & { getBuiltinModule?: (id: string) => unknown };

/** Milliseconds the listed CPUs spent busy and in total so far. */
function cpuTimes(os: typeof import('node:os')): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const used = times.user + times.nice + times.sys + times.irq;
    busy += used;
    total += used + times.idle;
  }
  return { busy, total };
}

/** Window over which {@link busyCoresNow} samples the CPUs: long enough for the kernel's counters to move. */
const BUSY_SAMPLE_MS = 250;

/** Cores' worth of CPU other processes used over the next {@link BUSY_SAMPLE_MS}, scaled to `cores`. */
async function busyCoresNow(os: typeof import('node:os'), proc: NodeProcess, cores: number): Promise<number> {
  const before = cpuTimes(os);
  const own = proc.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, BUSY_SAMPLE_MS));
  const after = cpuTimes(os);
  const ownUsage = proc.cpuUsage(own);
  const total = after.total - before.total;
  if (!(total > 0)) return 0;
  const others = after.busy - before.busy - (ownUsage.user + ownUsage.system) / 1000;
  return Math.max(0, (others / total) * cores);
}
