/**
 * Multithreaded XNNPACK for the wasm backend in Node.
 *
 * @tensorflow/tfjs-backend-wasm 4.22 ships a threaded SIMD build but never uses it in Node:
 * its WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired to false there, the pthread workers are
 * started from a blob: URL that Node's worker_threads rejects (ERR_WORKER_PATH), the C++ side
 * caps the pool at os.cpus().length / 2 (one thread on a 2-core machine), and the idle workers
 * keep the process alive. This module works around each during initialisation only: it writes
 * the worker script to a temporary file, hands that path out instead of a blob URL, reports
 * twice the thread count as logical cores for the cap, then unrefs the workers.
 */
import { env, findBackend } from '@tensorflow/tfjs-core';

type NodeProcess = { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } };

interface ThreadedWasmModule {
  PThread?: { unusedWorkers: { unref(): void }[]; runningWorkers: { unref(): void }[] };
}

/** Thrown when the threaded wasm build cannot be prepared (not Node, or files missing). */
export class WasmThreadsUnavailableError extends Error {
  override name = 'WasmThreadsUnavailableError';
}

function builtin<T>(id: string): T {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const mod = proc?.getBuiltinModule?.(id);
  if (mod == null) {
    throw new WasmThreadsUnavailableError(
      `useThreadedWasmInNode needs Node.js 20.16 or newer (process.getBuiltinModule('${id}')); in a browser the wasm backend picks its threaded build itself when the page is cross-origin isolated.`,
    );
  }
  return mod as T;
}

let restore: (() => void) | undefined;

/**
 * Makes the next `tf.setBackend('wasm')` in Node load the threaded SIMD build with `threads`
 * XNNPACK threads (default: all cores). Call it before the wasm backend is first initialised,
 * then call {@link finishThreadedWasmInNode} once `tf.setBackend('wasm')` has resolved.
 * Returns the thread count requested.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
 * import { useThreadedWasmInNode, finishThreadedWasmInNode } from '@nophd/backend';
 *
 * setThreadsCount(useThreadedWasmInNode({ threads: 2 }));
 * await tf.setBackend('wasm');
 * finishThreadedWasmInNode(); // XNNPACK now uses 2 threads
 * ```
 */
export function useThreadedWasmInNode(options: { threads?: number } = {}): number {
  const fs = builtin<typeof import('node:fs')>('node:fs');
  const os = builtin<typeof import('node:os')>('node:os');
  const path = builtin<typeof import('node:path')>('node:path');
  const { createRequire } = builtin<typeof import('node:module')>('node:module');
  const threads = Math.max(1, Math.floor(options.threads ?? os.cpus().length));

  // Only import.meta.url: a bare __filename would make tsup's ESM shim import Node's 'url' into the browser bundle.
  // (The CJS build shims import.meta.url from __filename itself.)
  const require = createRequire(import.meta.url);
  let wasmOut: string;
  try {
    wasmOut = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  } catch {
    throw new WasmThreadsUnavailableError(
      'useThreadedWasmInNode could not find @tensorflow/tfjs-backend-wasm; install it next to @nophd/backend.',
    );
  }
  const threadedJs = path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nophd-wasm-threads-'));
  const workerFile = path.join(dir, 'worker.cjs');
  // Inside each worker, the main script arrives as a Blob; point it at the same code on disk.
  // (tfjs escapes newlines the same way before making its own blob.)
  fs.writeFileSync(
    workerFile,
    `URL.createObjectURL = () => ${JSON.stringify(threadedJs)}; URL.revokeObjectURL = () => {};\n` +
      wasmWorkerContents.replace(/\n/g, '\\n'),
  );

  restore?.();
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = () => workerFile;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]!);
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  restore = () => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    restore = undefined;
  };
  // Workers read the file when they start, possibly after initialisation resolves.
  const proc = (globalThis as { process?: { once(e: string, f: () => void): void } }).process;
  proc?.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return threads;
}

/**
 * Undoes the temporary patches of {@link useThreadedWasmInNode} and lets the process exit while
 * the wasm backend's pthread workers are idle. Call it after `tf.setBackend('wasm')` resolved.
 */
export function finishThreadedWasmInNode(): void {
  restore?.();
  const backend = findBackend('wasm') as { wasm?: ThreadedWasmModule } | null;
  const pthread = backend?.wasm?.PThread;
  if (pthread) for (const worker of [...pthread.unusedWorkers, ...pthread.runningWorkers]) worker.unref();
}
