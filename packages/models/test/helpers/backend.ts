import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** Every test file runs on the pure-JS CPU backend: no binaries, same numbers everywhere. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  // tfjs-backend-cpu's first tensor in Node advises installing tfjs-node; these tests run on the CPU backend on
  // purpose, and PROD mutes tfjs's console advice (it adds no other behaviour in 4.22).
  tf.env().set('PROD', true);
}
