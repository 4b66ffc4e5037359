import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../kernels/index.js';
import { isBrowser } from './capabilities.js';
import type { PlannedCandidate } from './plan.js';
import { useStockWasmFactory, useThreadedWasmFiles } from './threaded-wasm.js';
import { startWithThreads } from './threads.js';
import { THREADED_MAIN_SCRIPT, wasmFileUrl, type WasmPaths } from './wasm-paths.js';

/** What starting a backend yielded: wasm's real SIMD/threads, WebGL's canvas (to watch for context loss). */
export interface StartedBackend {
  simd?: boolean;
  threads?: number;
  canvas?: EventTarget;
}

/** Starts one candidate for real, making it tfjs's active backend, or throws with the cause. */
export type StartBackend = (candidate: PlannedCandidate, wasmPaths: WasmPaths | undefined) => Promise<StartedBackend>;

function isInitialised(name: string): boolean {
  // `tf.findBackend` would start the backend as a side effect; the registry only looks.
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  return registry[name] !== undefined;
}

async function activate(name: string, hint = ''): Promise<void> {
  if (!(await tf.setBackend(name))) {
    throw new Error(
      `tf.setBackend('${name}') returned false (TensorFlow.js logged the cause as a console warning)${hint}`,
    );
  }
  await tf.ready();
}

async function startWebGL(): Promise<StartedBackend> {
  if (!isBrowser()) throw new Error('WebGL needs a browser');
  await import('@tensorflow/tfjs-backend-webgl');
  // The renderer was already judged by our probe; tfjs's own failIfMajorPerformanceCaveat test would
  // otherwise refuse a forced software context on some browsers.
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  await activate('webgl');
  // A context can be created yet fail at the first shader; run one tiny op to be sure.
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
  const [two] = await probe.data();
  probe.dispose();
  if (two !== 2) throw new Error(`WebGL computed 1 + 1 = ${two}`);
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: { canvas?: EventTarget } } };
  return { canvas: backend.gpgpu?.gl?.canvas };
}

/** The threaded build's files, or why they are not known. */
function threadedFiles(wasmPaths: WasmPaths | undefined): { wasm: string; mainScript: string } {
  const wasm = wasmPaths && wasmFileUrl(wasmPaths, 'tfjs-backend-wasm-threaded-simd.wasm');
  const mainScript = wasmPaths && wasmFileUrl(wasmPaths, THREADED_MAIN_SCRIPT);
  if (!wasm || !mainScript) {
    throw new Error(
      `threaded wasm needs the URLs of tfjs-backend-wasm-threaded-simd.wasm and ${THREADED_MAIN_SCRIPT}: ` +
        'add nophdWasm() from @nophd/backend/vite to your Vite config, or serve both (npx nophd-wasm copy <dir>) and pass wasmPaths',
    );
  }
  return { wasm, mainScript };
}

async function startWasm(candidate: PlannedCandidate, wasmPaths: WasmPaths | undefined): Promise<StartedBackend> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const threaded = (candidate.threads ?? 1) > 1;
  const fresh = !isInitialised('wasm');
  if (fresh) {
    // These flags decide which binary tfjs-backend-wasm loads; pin them to the plan.
    tf.env().set('WASM_HAS_SIMD_SUPPORT', candidate.simd === true);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', threaded);
    if (threaded) {
      wasm.setThreadsCount(candidate.threads!);
      // A page's workers need the main script as a file (see threaded-wasm.ts); Node's come from startWithThreads.
      if (isBrowser()) await useThreadedWasmFiles(threadedFiles(wasmPaths));
    } else {
      useStockWasmFactory();
      if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
    }
  }
  registerWasmTrainingKernels();
  const hint =
    isBrowser() && wasmPaths === undefined
      ? '. No .wasm location was configured: add nophdWasm() from @nophd/backend/vite to your Vite config, or pass wasmPaths'
      : '';
  await startWithThreads(fresh ? candidate.threads ?? 1 : 1, isBrowser() ? 'browser' : 'node', () => activate('wasm', hint));
  return { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: wasm.getThreadsCount() };
}

async function startCpu(): Promise<StartedBackend> {
  await import('@tensorflow/tfjs-backend-cpu');
  await activate('cpu');
  return {};
}

/** Starts a candidate with the real tfjs backends, importing each one only when it is tried. */
export const startBackend: StartBackend = async (candidate, wasmPaths) => {
  switch (candidate.backend) {
    case 'webgl':
      return startWebGL();
    case 'wasm':
      return startWasm(candidate, wasmPaths);
    case 'cpu':
      return startCpu();
  }
};

/**
 * Gives up on a start that did not finish in time: if tfjs is still waiting for that backend's
 * asynchronous initialisation, the registration is replaced so the stale initialisation can never
 * become the active backend later, and the next candidate's `tf.setBackend` is not kept waiting.
 */
export function abandonStart(candidate: PlannedCandidate): void {
  const engine = tf.engine() as unknown as {
    pendingBackendInit: unknown;
    backendName: string | null;
    registryFactory: Record<string, { factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number }>;
  };
  if (engine.pendingBackendInit == null || engine.backendName !== candidate.backend) return;
  const entry = engine.registryFactory[candidate.backend];
  tf.removeBackend(candidate.backend);
  if (entry !== undefined) tf.registerBackend(candidate.backend, entry.factory, entry.priority);
}
