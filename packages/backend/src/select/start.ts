import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../kernels/index.js';
import { isBrowser } from './capabilities.js';
import type { PlannedCandidate } from './plan.js';
import { startWithThreads } from './threads.js';
import type { WasmPaths } from './wasm-paths.js';

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

async function startWasm(candidate: PlannedCandidate, wasmPaths: WasmPaths | undefined): Promise<StartedBackend> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const fresh = !isInitialised('wasm');
  if (fresh) {
    if (wasmPaths !== undefined) wasm.setWasmPaths(wasmPaths);
    // These flags decide which binary tfjs-backend-wasm loads; pin them to the plan.
    tf.env().set('WASM_HAS_SIMD_SUPPORT', candidate.simd === true);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', (candidate.threads ?? 1) > 1);
    if ((candidate.threads ?? 1) > 1) wasm.setThreadsCount(candidate.threads!);
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
