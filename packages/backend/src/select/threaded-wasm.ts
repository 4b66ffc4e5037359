/**
 * Starts tfjs-backend-wasm's threaded SIMD build with its main script served as a file.
 *
 * tfjs-backend-wasm 4.22 hands each pthread worker its Emscripten factory as
 * `new Blob(['var WasmBackendModuleThreadedSimd = ' + factory.toString()])`. After a minifier has
 * been over the bundle that text is no longer self-contained: the factory's
 * `typeof _scriptDir !== "undefined"` guard is folded to a bare reference to the enclosing
 * closure's variable (`e !== void 0` under Vite 8 / Rolldown), so every worker throws
 * `ReferenceError: e is not defined` and initialisation never finishes. The blob is also a
 * script that a `script-src` without `blob:` refuses to run.
 *
 * So for the threaded build only, this module registers its own `wasm` backend factory: the same
 * Emscripten factory and `BackendWasm` class, but with `mainScriptUrlOrBlob` set to the URL of
 * the package's own, untouched `tfjs-backend-wasm-threaded-simd.js`, which workers load with
 * `importScripts` like any same-origin script. The single-threaded builds never stringify code
 * and keep tfjs's factory.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasmModule } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js';
import type { WasmFactoryConfig } from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/** Where the threaded build's two served files are (absolute URLs). */
export interface ThreadedWasmFiles {
  wasm: string;
  mainScript: string;
}

type EmscriptenModule = BackendWasmModule & {
  cwrap: (name: string, returns: string | null, args: string[]) => (...args: number[]) => unknown;
};
type Factory = (config: WasmFactoryConfig) => Promise<EmscriptenModule>;
type RegistryEntry = { factory: () => unknown; priority: number };

const WASM_PRIORITY = 2;
let stockFactory: RegistryEntry | undefined;

function registryFactory(): Record<string, RegistryEntry | undefined> {
  return (tf.engine() as unknown as { registryFactory: Record<string, RegistryEntry | undefined> }).registryFactory;
}

/** Loads the Emscripten factory and the pthread worker's source from tfjs-backend-wasm. */
async function loadThreadedBuild(): Promise<{ factory: Factory; workerSource: string }> {
  const [factoryModule, workerModule] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'),
  ]);
  // Both are CommonJS; bundlers expose module.exports as the default export, Node's ESM loader too.
  const factory = ((factoryModule as { default?: Factory }).default ?? factoryModule) as unknown as Factory;
  const worker = workerModule as { wasmWorkerContents?: string; default?: { wasmWorkerContents?: string } };
  const workerSource = worker.wasmWorkerContents ?? worker.default?.wasmWorkerContents;
  if (typeof factory !== 'function' || typeof workerSource !== 'string') {
    throw new Error('this @tensorflow/tfjs-backend-wasm does not have the threaded build @nophd/backend expects (4.22.0)');
  }
  return { factory, workerSource };
}

/** Instantiates the threaded build, resolving to the module tfjs's `BackendWasm` wraps. */
async function instantiate(files: ThreadedWasmFiles): Promise<BackendWasmModule> {
  const { factory, workerSource } = await loadThreadedBuild();
  // The worker's source is a template literal whose "\n" escapes must survive as escapes.
  const workerUrl = URL.createObjectURL(new Blob([workerSource.replace(/\n/g, '\\n')], { type: 'text/javascript' }));
  return new Promise<BackendWasmModule>((resolve, reject) => {
    let settled = false;
    const config: WasmFactoryConfig = {
      mainScriptUrlOrBlob: files.mainScript,
      locateFile: (path, prefix) =>
        path.endsWith('.worker.js') ? workerUrl : path.endsWith('.wasm') ? files.wasm : prefix + path,
      onAbort: (message) => {
        if (settled) return;
        settled = true;
        reject(new Error(`the threaded wasm build aborted: ${message}`));
      },
    };
    factory(config).then((module) => {
      settled = true;
      // The same C entry points tfjs-backend-wasm's own initialisation wraps.
      module.tfjs = {
        init: module.cwrap('init', null, []),
        initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
        getThreadsCount: module.cwrap('get_threads_count', 'number', []),
        registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
        disposeData: module.cwrap('dispose_data', null, ['number']),
        dispose: module.cwrap('dispose', null, []),
      } as unknown as BackendWasmModule['tfjs'];
      resolve(module);
    }, reject);
  });
}

/**
 * Makes the next start of the `wasm` backend use the threaded build from `files`. Call before
 * `tf.setBackend('wasm')`, when the backend is not yet initialised.
 */
export async function useThreadedWasmFiles(files: ThreadedWasmFiles): Promise<void> {
  const { BackendWasm } = await import('@tensorflow/tfjs-backend-wasm');
  stockFactory ??= registryFactory().wasm;
  if (registryFactory().wasm !== undefined) tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => new BackendWasm(await instantiate(files)), WASM_PRIORITY);
}

/** Puts tfjs-backend-wasm's own factory back (for the single-threaded builds). */
export function useStockWasmFactory(): void {
  if (stockFactory === undefined || registryFactory().wasm === stockFactory) return;
  if (registryFactory().wasm !== undefined) tf.removeBackend('wasm');
  tf.registerBackend('wasm', stockFactory.factory as () => Promise<tf.KernelBackend>, stockFactory.priority);
}
