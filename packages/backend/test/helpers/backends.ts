import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../../src/kernels/index.js';

/** Registers nophd's wasm kernels and initialises wasm, then cpu (left active): the two sides of a parity test. */
export async function readyWasmAndCpu(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  await tf.setBackend('cpu');
  await tf.ready();
}
