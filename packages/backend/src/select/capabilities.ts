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
  /** Node only: the 1-minute load average, i.e. how many cores other processes keep busy. */
  loadAverage?: number;
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

/** True where `window`/`document` exist, i.e. a page (Vite, webpack, plain script), not Node or a worker. */
export function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
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
 * @example
 * const caps = await detectCapabilities();
 * console.log(caps.webgl.renderer, caps.wasm.simd);
 */
export async function detectCapabilities(): Promise<Capabilities> {
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
  return browser ? caps : { ...caps, ...probeNodeCores(caps.wasm) };
}

/**
 * Node: cores and load from `node:os` (fetched with process.getBuiltinModule, so bundlers never see it),
 * and threads wherever useThreadedWasmInNode can start them (tfjs-backend-wasm's own flag is false in Node).
 */
function probeNodeCores(wasm: WasmCapability): Partial<Capabilities> {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.('node:os') as typeof import('node:os') | undefined;
  if (!os) return {};
  return {
    hardwareConcurrency: os.availableParallelism?.() ?? os.cpus().length,
    loadAverage: os.loadavg()[0],
    wasm: { ...wasm, threads: wasm.supported && wasm.simd },
  };
}
