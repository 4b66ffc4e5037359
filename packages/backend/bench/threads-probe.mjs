/**
 * Probe: can the threaded-SIMD build of @tensorflow/tfjs-backend-wasm run in Node?
 *   node bench/threads-probe.mjs
 *
 * tfjs-backend-wasm 4.22 forces WASM_HAS_MULTITHREAD_SUPPORT=false in Node, and its threaded
 * build starts pthread workers from a blob: URL, which Node's worker_threads rejects
 * (ERR_WORKER_PATH). Here the flag is forced on and URL.createObjectURL is shimmed during
 * initialisation to hand out a real file holding the worker script, whose own URL shim points
 * the worker at the on-disk threaded module. Prints whether init worked, XNNPACK's thread
 * count, the emscripten worker pool, and a 1024² matmul timing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { registerWasmTrainingKernels } from '../dist/index.js';
import path from 'node:path';

const require = createRequire(import.meta.url);
const wasmOut = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js'));
const threadedJs = path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nophd-wasm-threads-'));
const workerFile = path.join(dir, 'worker.cjs');
// tfjs escapes newlines the same way before making its blob.
fs.writeFileSync(
  workerFile,
  `URL.createObjectURL = () => ${JSON.stringify(threadedJs)}; URL.revokeObjectURL = () => {};\n` +
    wasmWorkerContents.replace(/\n/g, '\\n'),
);
const original = URL.createObjectURL;
URL.createObjectURL = () => workerFile;
// The C++ side caps XNNPACK's pool at emscripten_num_logical_cores() / 2 (it assumes
// hyper-threading), i.e. at os.cpus().length / 2 in Node: 1 thread on a 2-core machine.
const threads = Number(process.env.THREADS ?? os.cpus().length);
const cpus = os.cpus;
os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
setThreadsCount(threads);
try {
  const ok = await tf.setBackend('wasm');
  await tf.ready();
  const { PThread } = tf.backend().wasm;
  console.log(
    `init ${ok}; XNNPACK threads ${getThreadsCount()}; pthread workers unused ${PThread.unusedWorkers.length}, running ${PThread.runningWorkers.length}`,
  );
} catch (e) {
  console.log('init failed:', e?.message ?? e);
}
URL.createObjectURL = original;
os.cpus = cpus;
const a = tf.randomNormal([1024, 1024]);
const b = tf.randomNormal([1024, 1024]);
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  tf.matMul(a, b).dispose();
  console.log(`matmul 1024²: ${(performance.now() - t0).toFixed(1)} ms`);
}
fs.rmSync(dir, { recursive: true, force: true });
if (!process.env.NO_EXIT) process.exit(0);
